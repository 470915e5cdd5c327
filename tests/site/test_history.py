"""The change history on the site: "Senast ändrad", each process's history, "Senaste ändringar",
for both audiences (nothing of a staff-only version on the public site), and without git."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.history import read_history
from procmodel.site import generate_site
from procmodel.site.changes_page import CHANGES
from procmodel.site.history import MAX_NAMES
from tests.helpers import commit_all
from tests.site.site_helpers import build
from tests.test_history import GOALS, ROLES, write

SECRET = "Kontrollera personalärendet internt"


def kränkning(version: str, audience: str, steps: str) -> str:
    return (
        f"id: kränkning\ntitle: Kränkande behandling\nversion: {version}\naudience: {audience}\n"
        "owner: rektor\nsteps:\n  - id: start\n    type: start\n" + steps + "  - id: klart\n    type: end\n"
    )


ANMÄL = "  - id: anmäl\n    title: Anmäl till rektor\n    role: lärare\n    goals: [sl-6-10]\n"
ANMÄL_NO_GOAL = "  - id: anmäl\n    title: Anmäl till rektor\n    role: lärare\n"
INTERN = f"  - id: intern\n    title: {SECRET}\n    role: rektor\n"
STÖD = "  - id: stödsamtal\n    title: Erbjud eleven stödsamtal\n    role: kurator\n"
LEDIGHET = (
    "id: ledighet\ntitle: Ledighet\nversion: {v}\naudience: public\nowner: rektor\nsteps:\n"
    "  - id: start\n    type: start\n  - id: ansök\n    title: {title}\n    role: lärare\n"
    "  - id: klart\n    type: end\n"
)


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three commits: kränkning is staff-only in the first two (with an internal step) and made
    public in the third; ledighet is public throughout and renamed a step in the second."""
    root = tmp_path_factory.mktemp("history") / "repo"
    write(root, {"procmodel.yaml": "name: Test\nlanguage: sv\n", "roles.yaml": ROLES})
    write(root, {"goals/skollagen.yaml": GOALS})
    write(root, {"trygghet/kränkning.yaml": kränkning("1.0.0", "staff", ANMÄL + INTERN)})
    write(root, {"ledighet.yaml": LEDIGHET.format(v="1.0.0", title="Ansök om ledighet")})
    commit_all(root, "första", "2026-03-01T10:00:00+01:00")
    write(root, {"trygghet/kränkning.yaml": kränkning("1.1.0", "staff", ANMÄL_NO_GOAL + INTERN + STÖD)})
    write(root, {"ledighet.yaml": LEDIGHET.format(v="1.1.0", title="Ansök om ledighet i god tid")})
    commit_all(root, "andra", "2026-03-05T10:00:00+01:00")
    write(root, {"trygghet/kränkning.yaml": kränkning("2.0.0", "public", ANMÄL_NO_GOAL + STÖD)})
    commit_all(root, "publicera", "2026-03-09T10:00:00+01:00")
    return root


def site(root: Path, audience: str) -> dict[str, str]:
    repo = load_repository(root)
    files = generate_site(repo, audience=audience, history=read_history(repo, use_cache=False)).files
    return {k: v for k, v in files.items() if isinstance(v, str)}


def history_section(page: str) -> str:
    return page.split("## Ändringshistorik", 1)[1]


def entries(html: str) -> list[str]:
    """The text of each history entry, tags left out."""
    items = re.findall(r'<li class="pm-history__entry">(.*?)</li>', html)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_staff_page_shows_the_last_change_and_every_change(repo_root):
    page = site(repo_root, "staff")["processer/kränkning.md"]
    assert (
        '<dt>Senast ändrad</dt><dd><a href="#historik"><time datetime="2026-03-09">2026-03-09</time></a></dd>'
        in page
    )
    assert entries(history_section(page)) == [
        f"2026-03-09 version 2.0.0 Borttaget steg: ”{SECRET}”.",
        "2026-03-05 version 1.1.0 Nytt steg: ”Erbjud eleven stödsamtal”; ny roll: Kurator;"
        " mål som processen inte längre arbetar mot: Skollagen 6 kap. 10 §.",
        "2026-03-01 version 1.0.0 Processen skrevs in.",
    ]


def test_public_page_shows_only_what_was_public(repo_root):
    files = site(repo_root, "public")
    page = files["processer/kränkning.md"]
    assert entries(history_section(page)) == ["2026-03-09 version 2.0.0 Publicerad."]
    assert not any(SECRET in text for text in files.values())  # not on any page of the public site
    ledighet = entries(history_section(files["processer/ledighet.md"]))
    assert ledighet[0] == (
        "2026-03-05 version 1.1.0 Omdöpt steg: ”Ansök om ledighet” heter nu ”Ansök om ledighet i god tid”."
    )


def days(page: str) -> list[tuple[str, list[str]]]:
    """(day heading, the processes changed that day) of the "Senaste ändringar" page."""
    parts = re.split(r"^## (\S+) \{#dag-\S+\}$", page, flags=re.M)
    pairs = zip(parts[1::2], parts[2::2], strict=False)
    return [(day.replace("\\", ""), [e.split(" version")[0] for e in entries(body)]) for day, body in pairs]


def test_recent_changes_page_lists_the_newest_changes_linked_for_each_audience(repo_root):
    staff, public = site(repo_root, "staff"), site(repo_root, "public")
    assert days(staff[CHANGES]) == [
        ("2026-03-09", ["Kränkande behandling"]),
        ("2026-03-05", ["Kränkande behandling", "Ledighet"]),
        ("2026-03-01", ["Kränkande behandling", "Ledighet"]),
    ]
    assert 'href="../processer/kr%C3%A4nkning/"' in staff[CHANGES]
    assert days(public[CHANGES]) == [
        ("2026-03-09", ["Kränkande behandling"]),
        ("2026-03-05", ["Ledighet"]),
        ("2026-03-01", ["Ledighet"]),
    ]
    for audience in ("staff", "public"):
        repo = load_repository(repo_root)
        nav = generate_site(repo, audience=audience, history=read_history(repo, use_cache=False)).nav
        assert {"Senaste ändringar": CHANGES} in nav


def test_english_words(repo_root):
    repo = load_repository(repo_root)
    files = generate_site(
        repo, audience="staff", lang="en", history=read_history(repo, use_cache=False)
    ).files
    page = str(files["processer/kränkning.md"])
    assert "<dt>Last changed</dt>" in page and "## Change history" in page
    assert "New step: “Erbjud eleven stödsamtal”; new role: Kurator" in page
    assert "# Recent changes" in str(files[CHANGES])


def test_without_history_no_date_no_section_no_page(repo_root):
    repo = load_repository(repo_root)
    files = generate_site(repo, audience="staff").files
    page = str(files["processer/kränkning.md"])
    assert "Senast ändrad" not in page and "Ändringshistorik" not in page
    assert CHANGES not in files


def test_an_uncommitted_process_has_no_date(tmp_path, repo_root):
    root = tmp_path / "repo"
    shutil.copytree(repo_root, root)
    write(root, {"ny.yaml": LEDIGHET.format(v="0.1.0", title="Ny").replace("id: ledighet", "id: ny")})
    page = site(root, "staff")["processer/ny.md"]
    assert "Senast ändrad" not in page and "Ändringshistorik" not in page


def test_long_lists_are_cut(tmp_path):
    root = tmp_path / "repo"
    write(root, {"procmodel.yaml": "name: Test\n", "roles.yaml": ROLES})
    write(root, {"ledighet.yaml": LEDIGHET.format(v="1.0.0", title="Ansök")})
    commit_all(root, "första")
    steps = "".join(f"  - id: s{i}\n    title: Steg {i}\n    role: lärare\n" for i in range(MAX_NAMES + 2))
    text = LEDIGHET.format(v="1.1.0", title="Ansök").replace("  - id: klart", steps + "  - id: klart")
    write(root, {"ledighet.yaml": text})
    commit_all(root, "andra")
    [first, _] = entries(history_section(site(root, "public")["processer/ledighet.md"]))
    assert first.endswith("Nya steg: ”Steg 0”, ”Steg 1”, ”Steg 2” och 2 till.")


def test_the_built_site_shows_the_history_entry(repo_root, tmp_path):
    out = build(repo_root, tmp_path / "site", "staff")
    page = (out / "processer" / "kränkning" / "index.html").read_text(encoding="utf-8")
    assert "Senast ändrad" in page and 'id="historik"' in page
    assert "Nytt steg: ”Erbjud eleven stödsamtal”" in page
    recent = (out / "ändringar" / "index.html").read_text(encoding="utf-8")
    assert "Senaste ändringar" in recent and 'href="../processer/kr%C3%A4nkning/"' in recent
    assert 'href="%C3%A4ndringar/"' in (out / "index.html").read_text(encoding="utf-8")  # in the menu


def test_a_goal_gone_from_the_catalog_says_so(tmp_path):
    root = tmp_path / "repo"
    write(root, {"procmodel.yaml": "name: Test\n", "roles.yaml": ROLES, "goals/skollagen.yaml": GOALS})
    write(root, {"trygghet/kränkning.yaml": kränkning("1.0.0", "public", ANMÄL)})
    commit_all(root, "första")
    (root / "goals" / "skollagen.yaml").write_text(GOALS.replace("sl-6-10", "sl-6-11"), encoding="utf-8")
    write(root, {"trygghet/kränkning.yaml": kränkning("1.1.0", "public", ANMÄL_NO_GOAL)})
    commit_all(root, "andra")
    [last, _] = entries(history_section(site(root, "public")["processer/kränkning.md"]))
    assert last.endswith(
        "Mål som processen inte längre arbetar mot: sl-6-10 (finns inte längre i målkatalogen)."
    )
