"""Swedish throughout: footer, 404 page, the theme's labels, plain-language goal labels."""

from __future__ import annotations

import html
import re

import pytest

from procmodel import load_repository
from procmodel.site import generate_site, urls

from .site_helpers import BASIC, EXAMPLE, build


def _text(page: str) -> str:
    page = re.sub(r"<(script|svg)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_no_english_theme_furniture_on_the_public_site(example_site):
    for path in example_site.rglob("*.html"):
        text = _text(path.read_text(encoding="utf-8"))
        assert "Made with" not in text and "Material for MkDocs" not in text, path
        assert "Not found" not in text, path


def test_404_page_is_swedish_and_leads_home(example_site):
    page = (example_site / "404.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "Sidan finns inte" in text and "404 - Not found" not in text
    assert re.search(r'<a href="https://skolor\.example\.se/processer/">Till startsidan', page)


def test_repository_link_of_the_staff_site_is_named_in_swedish(tmp_path):
    site = build(BASIC, tmp_path / "site", "staff", config_file=_config_with_repository(tmp_path))
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'title="Till processfilerna (git)" class="md-source"' in page
    assert "datakatalog" not in page


def test_404_page_in_english(tmp_path):
    site = build(BASIC, tmp_path / "site", "public", lang="en")
    assert "Page not found" in _text((site / "404.html").read_text(encoding="utf-8"))


def _config_with_repository(tmp_path):
    (tmp_path / "docs").mkdir()
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(
        "site_name: Test\ndocs_dir: docs\nrepo_url: https://git.example.org/skolor/processer\n"
        f"theme:\n  name: material\n  language: sv\nplugins:\n  - search\n  - procmodel:\n"
        f"      repository: {BASIC}\n",
        encoding="utf-8",
    )
    return cfg


@pytest.fixture(scope="module")
def example_pages():
    return generate_site(load_repository(EXAMPLE), audience="public")


def test_list_goals_read_by_their_place_with_the_wording_on_hover(example_pages):
    page = example_pages.files[urls.process_path("kränkande-behandling")]
    link = re.search(r'<a href="[^"]*lgr22-2\.1-rl-alla-03/"[^>]*>([^<]*)</a>', page)
    assert link, "the step does not link lgr22-2.1-rl-alla-03"
    assert html.unescape(link.group(1)) == (
        "Lgr22 2.1 Normer och värden, Riktlinjer: alla som arbetar i skolan, punkt 3"
    )
    assert 'title="aktivt motverka diskriminering och kränkande behandling' in link.group(0)
    assert "2.1 alla 3" not in page  # the catalog's shorthand is not shown
    # the process's list of goals spells the wording out under the label
    goals = page[page.index("{#mal}") :]
    assert "– aktivt motverka diskriminering och kränkande behandling" in html.unescape(goals)


def _heading(page: str) -> str:
    return html.unescape(re.search(r"^# (.*)$", page, re.M).group(1)).replace("\\", "")


def test_a_one_word_list_heading_reads_as_mål_3(example_pages):
    assert _heading(example_pages.files[urls.goal_path("lgr22-2.1-mal-03")]) == (
        "Lgr22 2.1 Normer och värden, mål 3"
    )
    # the heading of the list itself is placed in its section too
    assert (
        _heading(example_pages.files[urls.goal_path("lgr22-2.1-mal")]) == "Lgr22 2.1 Normer och värden, Mål"
    )


def test_goal_tree_names_list_items_by_place(example_pages):
    index = html.unescape(example_pages.files[urls.section_index(urls.GOALS)])
    assert ">punkt 3: aktivt motverka diskriminering och kränkande behandling" in index
    assert ">2.1 alla 3 " not in index


def test_goal_page_of_a_list_item_says_its_place_in_words_not_the_catalog_key(example_pages, example_site):
    for gid in ("lgr22-2.1-rl-alla-03", "lgr22-2.1-mal-03"):
        page = html.unescape(example_pages.files[urls.goal_path(gid)])
        assert _heading(page).startswith("Lgr22 2.1 Normer och värden, "), gid
        assert "<dt>Ingår i</dt>" in page and "<dt>Numrering</dt>" not in page, gid
        assert not re.search(r"\b2\.1 (alla|mål) \d", _text(page)), gid
    # nor in the red-thread diagram drawn on a goal page (its labels, tooltips and accessible names)
    built = (example_site / "mål" / "lgr22-2.1-rl-alla-03" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in built
    assert not re.search(r"\b2\.\d (alla|mål|lärare) \d", html.unescape(built))


def test_a_deadline_that_says_lokal_rutin_says_it_once(example_pages):
    for path in (urls.process_path("plan-mot-kränkande-behandling"), urls.role_path("rektor")):
        text = _text(example_pages.files[path])
        assert re.search(r"15 september \(\s*Lokal rutin\s*\)", text), path
        assert not re.search(r"\(\s*lokal rutin\s*\)\s*\(\s*Lokal rutin", text, re.IGNORECASE), path
        assert "(Tidsgräns:" not in text  # no brackets in brackets on the role page
