"""The preview's in-place updates, in process: an edit of a process file makes again only the pages
it touches, and the site is then the same as a full build of the edited repository."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from procmodel.site.build import prepared
from procmodel.site.preview_worker import RebuildSession

from .site_helpers import BASIC

PROCESS = "flöden/frånvaro.yaml"


@pytest.fixture
def live(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, Path, Callable[[], RebuildSession]]]:
    """(mkdocs.yml of the staff preview, the repository: a copy of the basic fixture, a maker of
    build sessions)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = shutil.copytree(BASIC, tmp_path / "processes")
    work = tmp_path / "work"
    work.mkdir()
    sessions: list[RebuildSession] = []
    with prepared(str(repo), None, "staff", None, workdir=work) as cfg:

        def session() -> RebuildSession:
            sessions.append(RebuildSession(cfg))
            return sessions[-1]

        try:
            yield cfg, repo, session
        finally:
            for s in sessions:  # no search index still being made when the folder goes
                s.index.stop()


def _edit(path: Path, *changes: tuple[str, str]) -> None:
    text = path.read_text("utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")


def _pages(site: Path) -> dict[str, bytes]:
    """Every page and the search words of a built site (not the search index: Pagefind's own)."""
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith("pagefind") and (rel.endswith((".html", "sokord.json"))):
            out[rel] = path.read_bytes()
    return out


def _update(s: RebuildSession, out: Path, hold: set[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    return sent, s.rebuild(out, hold, sent.append)


def test_an_edit_updates_only_the_pages_it_touches_and_equals_a_full_build(live, tmp_path):
    _, repo, session = live
    s = session()
    first = s.rebuild(tmp_path / "b1", None)
    assert first["built"] and not first.get("incremental")
    site = tmp_path / "b1"
    untouched = site / "processer" / "anmälan" / "index.html"
    before = untouched.stat().st_mtime_ns

    _edit(
        repo / PROCESS,
        ("title: Frånvarohantering", "title: Frånvaro steg för steg"),
        (
            "    role: mentor\n    informed: [vårdnadshavare]",
            "    role: kurator\n    informed: [vårdnadshavare]",
        ),
    )
    sent, final = _update(s, tmp_path / "b2", set(first["keys"]))
    assert final["built"] and final["incremental"] and final["out"] == str(site)
    assert not (tmp_path / "b2").exists()  # written into the served site, not a new one
    # the edited process's page first, on its own; then the pages listing it
    assert [r["changed"] for r in sent] == [["processer/frånvaro"]] and sent[0]["final"] is False
    changed = set(final["changed"])
    assert {"roller/mentor", "roller/kurator", "roller/rektor", "", "processer"} <= changed
    assert "processer/anmälan" not in changed and untouched.stat().st_mtime_ns == before
    page = (site / "processer" / "frånvaro" / "index.html").read_text("utf-8")
    assert "Frånvaro steg för steg" in page and "Frånvarohantering" not in page
    assert "Frånvaro steg för steg" in (site / "roller" / "kurator" / "index.html").read_text("utf-8")
    mentor = (site / "roller" / "mentor" / "index.html").read_text("utf-8")
    assert "Ring vårdnadshavare samma dag" not in mentor

    # the same repository built from scratch: the same pages, byte for byte
    fresh = session().rebuild(tmp_path / "b3", None)
    assert fresh["built"]
    full, updated = _pages(tmp_path / "b3"), _pages(site)
    assert full.keys() == updated.keys()
    assert [p for p in full if full[p] != updated[p]] == []


def test_a_change_outside_the_process_files_is_a_full_build(live, tmp_path):
    _, repo, session = live
    s = session()
    first = s.rebuild(tmp_path / "b1", None)
    _edit(repo / "roles.yaml", ("name: Kurator", "name: Skolkurator"))
    sent, again = _update(s, tmp_path / "b2", set(first["keys"]))
    assert again["built"] and not again.get("incremental") and sent == []
    assert "Skolkurator" in (tmp_path / "b2" / "roller" / "kurator" / "index.html").read_text("utf-8")
    # and the next edit of a process file is in place again, in the new site
    _edit(repo / PROCESS, ("title: Frånvarohantering", "title: Frånvaro igen"))
    _, third = _update(s, tmp_path / "b3", set(again["keys"]))
    assert third["incremental"] and third["out"] == str(tmp_path / "b2")


def test_a_new_error_holds_the_update_back_and_the_fix_publishes_everything_since(live, tmp_path):
    _, repo, session = live
    s = session()
    first = s.rebuild(tmp_path / "b1", None)
    site = tmp_path / "b1"
    keys = set(first["keys"])
    _edit(
        repo / PROCESS,
        ("title: Frånvarohantering", "title: Frånvaro ändrad"),
        ("role: mentor", "role: okänd"),
    )
    sent, held = _update(s, tmp_path / "b2", keys)
    assert not held["built"] and sent == [] and held["errors"][0]["new"]
    assert "Frånvarohantering" in (site / "processer" / "frånvaro" / "index.html").read_text("utf-8")
    _edit(repo / PROCESS, ("role: okänd", "role: mentor"))
    _, fixed = _update(s, tmp_path / "b3", keys)
    assert fixed["built"] and fixed["incremental"]
    assert "Frånvaro ändrad" in (site / "processer" / "frånvaro" / "index.html").read_text("utf-8")
    assert "Frånvaro ändrad" in (site / "roller" / "mentor" / "index.html").read_text("utf-8")


def test_a_save_during_an_update_leaves_the_rest_to_the_next_one(live, tmp_path, monkeypatch):
    from procmodel.site import preview_worker

    monkeypatch.setattr(preview_worker, "STOP_POLL_SECONDS", 0)  # look at the files before every page
    _, repo, session = live
    s = session()
    first = s.rebuild(tmp_path / "b1", None)
    site, keys = tmp_path / "b1", set(first["keys"])
    _edit(repo / PROCESS, ("title: Frånvarohantering", "title: Frånvaro A"))

    def save_again(reply: dict[str, Any]) -> None:  # the edited page is out: the user saves again
        if reply["changed"] == ["processer/frånvaro"]:
            _edit(repo / PROCESS, ("title: Frånvaro A", "title: Frånvaro igen, B"))

    cut = s.rebuild(tmp_path / "b2", keys, save_again)
    assert cut["incremental"] and cut["pending"] > 0
    assert "Frånvarohantering" in (site / "roller" / "mentor" / "index.html").read_text("utf-8")

    _, after = _update(s, tmp_path / "b3", keys)
    assert after["incremental"] and after["pending"] == 0
    for page in ("processer/frånvaro", "roller/mentor", "processer"):
        assert "Frånvaro igen, B" in (site / page / "index.html").read_text("utf-8"), page
    fresh = session().rebuild(tmp_path / "b4", None)
    assert fresh["built"]
    full, updated = _pages(tmp_path / "b4"), _pages(site)
    assert [p for p in full if full[p] != updated.get(p)] == []


def test_the_search_index_is_made_again_in_the_background(live, tmp_path):
    import time

    _, repo, session = live
    s = session()
    first = s.rebuild(tmp_path / "b1", None)
    entry = tmp_path / "b1" / "pagefind" / "pagefind-entry.json"
    before = entry.read_text("utf-8")
    _edit(repo / PROCESS, ("title: Frånvarohantering", "title: Frånvaro med ett ovanligt ord, zebrafink"))
    _, done = _update(s, tmp_path / "b2", set(first["keys"]))
    assert done["incremental"]

    def swapped() -> bool:  # the new index in place and the folders of the swap gone
        if not entry.exists() or list((tmp_path / "b1").glob(".pagefind-*")):
            return False
        return entry.read_text("utf-8") != before

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not swapped():
        time.sleep(0.1)
    assert swapped()  # the index of the edited site took the old one's place


def _errors(reply: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((e["rule"], e["where"]) for e in reply["errors"])


def test_the_check_after_an_edit_runs_the_per_process_rules_on_the_edited_process_only(live, tmp_path):
    _, repo, session = live
    s = session()
    first = s.rebuild(tmp_path / "b1", None)
    processes = len([p for p in repo.rglob("*.yaml") if "steps:" in p.read_text("utf-8")])
    assert s.findings.computed == processes > 1  # the first check computes every process
    _edit(repo / PROCESS, ("role: mentor", "role: okänd"))
    _, held = _update(s, tmp_path / "b2", set(first["keys"]))
    assert s.findings.computed == 1  # the edited process; the others' findings are reused
    assert not held["built"]
    assert any(e["rule"] == "PM101" and e["new"] and PROCESS in e["where"] for e in held["errors"])
    # a fresh session (nothing kept) finds the same errors
    assert _errors(session().rebuild(tmp_path / "b3", set(first["keys"]))) == _errors(held)
    # a shared file changed: every process is checked again (its findings may depend on it)
    _edit(repo / "roles.yaml", ("name: Kurator", "name: Skolkurator"))
    _update(s, tmp_path / "b4", set(held["keys"]))
    assert s.findings.computed == processes
