"""What Pagefind reads: the marked pages without their diagrams, and the index it makes of them."""

from __future__ import annotations

import shutil
from pathlib import Path

from procmodel.site.search_index import BODY, INDEX_DIR, IndexInput, build_index

PAGE = f'<html><body><article {BODY}><h1 id="t">Tänk på</h1>{{}}</article></body></html>'
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><g id="node1"><text>Steg ett</text></g></svg>'


def test_pagefind_reads_the_indexed_pages_as_marked_and_the_sites_other_indexed_pages(tmp_path: Path):
    site = tmp_path / "site"
    for dest, html in {
        "a/index.html": PAGE.format(SVG),  # as written, with its diagram
        "b/index.html": "<html><body><p>not indexed</p></body></html>",
        "c/own.html": PAGE.format("a page of the user's own"),  # no page event: not kept
        "d.html": "<html><body><p>neither</p></body></html>",
        "e/index.html": PAGE.format("no diagram"),  # kept as written: linked, not written again
    }.items():
        (site / dest).parent.mkdir(parents=True, exist_ok=True)
        (site / dest).write_text(html, encoding="utf-8")
    pages = IndexInput()
    pages.add("a/index.html", PAGE.format("<!--procmodel-diagram 0-->"))
    pages.add("b/index.html", "<html><body><p>not indexed</p></body></html>")
    pages.add("e/index.html", PAGE.format("no diagram"), as_written=True)
    folder = pages.site_for(site)
    assert folder is not None
    found = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.html")}
    assert found == {
        "a/index.html": PAGE.format("<!--procmodel-diagram 0-->"),
        "c/own.html": PAGE.format("a page of the user's own"),
        "e/index.html": PAGE.format("no diagram"),
    }
    assert (folder / "e" / "index.html").stat().st_ino == (site / "e" / "index.html").stat().st_ino
    pages.close()
    assert not folder.exists()
    assert (site / "e" / "index.html").read_text(encoding="utf-8") == PAGE.format("no diagram")


def test_without_an_indexed_page_pagefind_reads_the_site_itself(tmp_path: Path):
    pages = IndexInput()
    pages.add("b/index.html", "<html><body><p>not indexed</p></body></html>")
    assert pages.folder is None
    assert pages.site_for(tmp_path) is None


def test_the_index_is_the_one_pagefind_makes_of_the_built_site(basic_public: Path, tmp_path: Path):
    """The fixture's build gave Pagefind its pages without diagrams; indexing the built site
    itself, diagrams and all, makes the same files byte for byte."""
    assert "<svg" in (basic_public / "processer" / "anmälan" / "index.html").read_text(encoding="utf-8")
    site = shutil.copytree(basic_public, tmp_path / "site")
    shutil.rmtree(site / INDEX_DIR)
    build_index(site, "sv")
    made = {
        p.relative_to(site / INDEX_DIR): p.read_bytes() for p in (site / INDEX_DIR).rglob("*") if p.is_file()
    }
    kept = {
        p.relative_to(basic_public / INDEX_DIR): p.read_bytes()
        for p in (basic_public / INDEX_DIR).rglob("*")
        if p.is_file()
    }
    assert made.keys() == kept.keys()
    assert [name for name in made if made[name] != kept[name]] == []


def test_a_scratch_folder_that_takes_no_page_leaves_pagefind_the_site(tmp_path: Path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    pages = IndexInput(scratch=not_a_folder)
    pages.add("a/index.html", PAGE.format(""))
    pages.add("b/index.html", PAGE.format(""))
    assert pages.given_up
    assert pages.site_for(tmp_path) is None


def test_a_folder_that_cannot_take_the_sites_pages_leaves_pagefind_the_site(tmp_path: Path):
    """A kept page that cannot be linked nor copied in (here: the site lacks it) is no traceback:
    the folder is removed and Pagefind reads the built site, as when a page could not be kept."""
    pages = IndexInput(scratch=tmp_path)
    pages.add("a/index.html", PAGE.format(""))
    pages.add("e/index.html", PAGE.format(""), as_written=True)
    folder = pages.folder
    assert folder is not None and folder.exists()
    assert pages.site_for(tmp_path / "site") is None
    assert pages.given_up
    assert not folder.exists()


def test_a_build_stopped_without_an_error_event_leaves_no_staging_folder(tmp_path: Path):
    """Ctrl-C during a build raises past MkDocs' error event: the plugin's shutdown event (which
    MkDocs and procmodel run after every build) removes Pagefind's staging folder."""
    from procmodel.site.plugin import ProcmodelPlugin

    plugin = ProcmodelPlugin()
    plugin.index_input = IndexInput(tmp_path)
    plugin.index_input.ready()
    plugin.index_input.add("a/index.html", f"<html><body {BODY}>a</body></html>")
    assert [p.name.startswith(".procmodel-search-") for p in tmp_path.iterdir()] == [True]
    plugin.on_shutdown()
    assert list(tmp_path.iterdir()) == []
    assert plugin.index_input is None


def test_both_processes_of_a_build_keep_their_pages_in_one_folder(tmp_path: Path):
    first, second = IndexInput(tmp_path), IndexInput(tmp_path)
    first.ready()
    second.folder = first.folder  # as after the fork: one folder, made before it
    first.add("a/index.html", f"<html><body {BODY}>a</body></html>")
    second.add("b/index.html", f"<html><body {BODY}>b</body></html>", as_written=True)
    first.take(second.kept())
    assert first.pages == {"a/index.html", "b/index.html"} and first.linked == ["b/index.html"]
    second.given_up = True
    first.take(second.kept())  # the other could not keep a page: Pagefind reads the built site
    assert first.given_up and first.folder is None and not list(tmp_path.iterdir())
