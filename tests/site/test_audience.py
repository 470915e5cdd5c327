"""What the public build leaves out besides staff processes: staff documents, edit and
repository links, the review page."""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.site import generate_site, urls

from .site_helpers import BASIC, build


def _everything(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def repo():
    return load_repository(BASIC)


def test_public_page_never_links_a_staff_document(repo, basic_public):
    public = generate_site(repo, audience="public")
    page = html.unescape(public.files[urls.process_path("anmälan")])
    assert "intranat.example.se" not in page
    assert "Blankett för anmälan (internt dokument)" in re.sub(r"<[^>]+>", "", page)
    assert "intranat.example.se" not in _everything(basic_public)
    # a document marked audience: public is still linked, a staff one in the staff build too
    assert 'href="../../dokument/rutinbeskrivning/"' in page or "dokument/rutinbeskrivning" in page
    staff = generate_site(repo, audience="staff")
    assert 'href="https://intranat.example.se/anmalan"' in staff.files[urls.process_path("anmälan")]


def test_staff_document_in_the_repository_is_not_published_publicly(tmp_path, repo):
    """A staff document with ``path:`` gets no page (and no copied file) in the public build."""
    doc = repo.documents["rutinbeskrivning"]
    doc.audience = type(doc.audience)("staff")
    try:
        public = generate_site(repo, audience="public")
        staff = generate_site(repo, audience="staff")
    finally:
        doc.audience = type(doc.audience)("public")
    assert not [p for p in public.files if p.startswith("dokument/")]
    assert "dokument/rutinbeskrivning.md" in staff.files


def test_public_build_has_no_edit_or_repository_link(example_site):
    everything = _everything(example_site)
    assert "md-content__button" not in everything  # "Redigera sidan"
    assert "md-source" not in everything  # the repository link in the header
    assert "example.org/exempelkommunen" not in everything


def test_public_build_has_no_review_page(example_site, basic_public):
    for site in (example_site, basic_public):
        assert not (site / "granskning").exists()
        start = (site / "index.html").read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*granskning', start)  # no menu entry or link
        assert ">Granskning<" not in start
        assert "granskning" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_staff_build_has_the_review_page(repo):
    assert urls.REVIEW in generate_site(repo, audience="staff").files
    assert urls.REVIEW not in generate_site(repo, audience="public").files


def _own_config(tmp_path: Path, links: str | None) -> Path:
    option = f"\n      source_links: {links}" if links else ""
    cfg = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir(exist_ok=True)
    if not (tmp_path / "repo").exists():  # edit links point into the folder of mkdocs.yml
        shutil.copytree(BASIC, tmp_path / "repo")
    cfg.write_text(
        textwrap.dedent("""\
            site_name: Test
            docs_dir: docs
            repo_url: https://git.example.org/skolor/processer
            edit_uri: edit/main/
            theme:
              name: material
              language: sv
              features: [content.action.edit]
            plugins:
              - search
              - procmodel:
                  repository: repo
                  audience: public""")
        + option
        + "\n",
        encoding="utf-8",
    )
    return cfg


@pytest.mark.parametrize(("links", "shown"), [(None, False), ("always", True), ("never", False)])
def test_source_links_are_configurable(tmp_path, links, shown):
    cfg = _own_config(tmp_path, links)
    site = build(tmp_path / "repo", tmp_path / "site", "public", config_file=cfg)
    page = (site / "processer" / "anmälan" / "index.html").read_text(encoding="utf-8")
    assert ("md-content__button" in page) is shown
    assert ("git.example.org/skolor/processer" in page) is shown


def test_staff_build_keeps_source_links_by_default(tmp_path):
    cfg = _own_config(tmp_path, None)
    site = build(tmp_path / "repo", tmp_path / "site", "staff", config_file=cfg)
    page = (site / "processer" / "anmälan" / "index.html").read_text(encoding="utf-8")
    assert "md-content__button" in page and "git.example.org/skolor/processer" in page


def test_public_role_page_does_not_speak_of_unpublished_processes(repo):
    """A role whose steps are all in staff processes: the public page says it has no tasks here,
    not that something is left unpublished."""
    public = generate_site(repo, audience="public")
    page = public.files[urls.role_path("hemlig-roll")]
    assert "Rollen har inga uppgifter i processerna på den här webbplatsen." in page
    for word in ("publicera", "opublicera"):
        assert word not in page.lower()
    english = generate_site(repo, audience="public", lang="en")
    assert "publish" not in english.files[urls.role_path("hemlig-roll")].lower()
