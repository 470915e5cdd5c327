"""A site's pages built in two processes (procmodel.site.page_split): the same site, every warning
once, every failure reported, nothing left behind."""

from __future__ import annotations

import itertools
import logging
import os
import pickle
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from procmodel import load_repository
from procmodel.site import page_split
from procmodel.site.build import SiteError, build_site
from procmodel.site.diagrams import Diagrams
from procmodel.site.page_split import ChildReport, PageSplit, SplitError
from procmodel.site.pages import generate_site

from .site_helpers import BASIC, EXAMPLE, ROOT, build
from .test_build import run_procmodel


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _adjacent_process_pages() -> tuple[str, str]:
    """Two process pages next to each other in the build's order: one is built in each process."""
    site = generate_site(load_repository(BASIC), audience="public", diagrams=Diagrams(enabled=False))
    pages = [p for p in site.files if p.endswith(".md")]
    for first, second in itertools.pairwise(pages):
        if first.startswith("processer/") and second.startswith("processer/"):
            return first, second
    raise AssertionError("no two process pages in a row")


def test_the_example_site_built_in_two_processes_is_the_site_built_in_one(tmp_path):
    config = ROOT / "mkdocs.yml"
    one = build(EXAMPLE, tmp_path / "one", config_file=config, jobs=1)
    two = build(EXAMPLE, tmp_path / "two", config_file=config, jobs=2)
    built_one, built_two = _files(one), _files(two)
    assert sorted(built_one) == sorted(built_two)
    assert len([p for p in built_one if p.endswith(".html")]) > 400
    differ = [path for path in built_one if built_one[path] != built_two[path]]
    assert differ == []  # the Pagefind index included
    assert not list(tmp_path.glob(".procmodel-search-*"))


def test_procmodel_build_splits_its_pages_and_says_so(tmp_path):
    result = run_procmodel("build", str(BASIC), "--verbose", "--site-dir", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the pages are built in two processes" in result.stderr
    assert "Page skipped" not in result.stderr  # what the other process writes is not "skipped"
    alone = run_procmodel("build", str(BASIC), "--verbose", "--jobs", "1", "--site-dir", "one", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert "two processes" not in alone.stderr
    assert _files(tmp_path / "out") == _files(tmp_path / "one")


def _site_project(tmp_path: Path, page: str, template: str | None = None) -> Path:
    """A mkdocs.yml for the basic repository with a hand-written page (and a main.html of its own)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "om.md").write_text(page, encoding="utf-8")
    theme = ""
    if template is not None:
        (tmp_path / "theme").mkdir()
        (tmp_path / "theme" / "main.html").write_text(template, encoding="utf-8")
        theme = f"  custom_dir: {tmp_path / 'theme'}\n"
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: Test\ndocs_dir: {docs}\ntheme:\n  name: material\n  language: sv\n{theme}"
        "validation:\n  anchors: warn\n"
        f"plugins:\n  - procmodel:\n      repository: {BASIC}\n      history: false\n",
        encoding="utf-8",
    )
    return config


def test_links_into_either_half_are_checked_once(tmp_path):
    """A hand-written page (built by the first process, read by both) links to anchors on a page of
    each process, and to a page that does not exist: each problem is reported once, as a build in
    one process reports it."""
    first, second = _adjacent_process_pages()
    page = (
        "# Om\n\n"
        f"[a]({first}#steg) [b]({second}#steg) "
        f"[c]({first}#finns-inte) [d]({second}#saknas-ocksa) [e](saknas.md)\n"
    )
    config = _site_project(tmp_path, page)
    outputs = {}
    for jobs in ("1", "2"):
        result = run_procmodel(
            "build", "--config-file", str(config), "--jobs", jobs, "--site-dir", f"out{jobs}", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        outputs[jobs] = sorted(line for line in result.stderr.splitlines() if "om.md" in line)
    assert outputs["1"] == outputs["2"]
    assert len(outputs["2"]) == 3
    assert any("#finns-inte" in line and first in line for line in outputs["2"])
    assert any("#saknas-ocksa" in line and second in line for line in outputs["2"])
    assert any("saknas.md" in line and "not found" in line for line in outputs["2"])
    strict = run_procmodel(
        "build", "--config-file", str(config), "--strict", "--site-dir", "strict", cwd=tmp_path
    )
    assert strict.returncode != 0
    assert "Aborted with 3 warnings in strict mode" in strict.stderr
    assert "Traceback" not in strict.stderr


@pytest.mark.parametrize("which", [0, 1])
def test_a_page_that_fails_fails_the_build_whichever_process_builds_it(tmp_path, which):
    failing = _adjacent_process_pages()[which]
    template = (
        '{% extends "base.html" %}{% block content %}'
        f"{{% if page.file.src_uri == {failing!r} %}}{{{{ no_such_function() }}}}{{% endif %}}"
        "{{ super() }}{% endblock %}"
    )
    config = _site_project(tmp_path, "# Om\n", template)
    result = run_procmodel("build", "--config-file", str(config), "--site-dir", "out", cwd=tmp_path)
    assert result.returncode != 0
    assert f"Error building page '{failing}'" in result.stderr
    assert result.stderr.count(f"Error building page '{failing}'") == 1
    assert "no_such_function" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Built the site" not in result.stdout
    assert not (tmp_path / "out").exists()  # the old site (none) stays
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_build_site_reports_a_failure_of_the_second_process_as_a_site_error(tmp_path, caplog):
    site = generate_site(load_repository(BASIC), audience="public", diagrams=Diagrams(enabled=False))
    failing = sorted(page_split.child_share([p for p in site.files if p.endswith(".md")]))[0]
    template = (
        '{% extends "base.html" %}{% block content %}'
        f"{{% if page.file.src_uri == {failing!r} %}}{{{{ no_such_function() }}}}{{% endif %}}"
        "{{ super() }}{% endblock %}"
    )
    config = _site_project(tmp_path, "# Om\n", template)
    with pytest.raises(SiteError, match="BuildError"):
        build(BASIC, tmp_path / "out", config_file=config, jobs=2)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        f"Error building page '{failing}': 'no_such_function' is undefined",
        "procmodel: building half of the pages failed: UndefinedError: 'no_such_function' is undefined",
    ]


# the split itself, with a real fork --------------------------------------------------------------


@pytest.fixture
def mkdocs_site(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b", "c", "d"):
        (docs / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\ndocs_dir: {docs}\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    return config, files, {f.src_uri for f in files.documentation_pages()}


def _in_child(split: PageSplit, work) -> None:
    """Run ``work`` in the child, which never comes back into pytest."""
    if split.in_child:
        try:
            work()
        finally:
            os._exit(99)


def test_the_child_builds_every_other_page_and_hands_over_its_records(mkdocs_site, caplog):
    config, files, pages = mkdocs_site
    split = PageSplit.start(config, files, pages)

    def child() -> None:
        log = logging.getLogger("mkdocs.plugins.test")
        log.warning("from the second process: %s", "å", extra={"unpicklable": lambda: None})
        try:
            raise ValueError("broken")
        except ValueError:
            log.error("with its traceback", exc_info=True)
        split.finish_child(carried=({"b.md"}, ["b/index.html"], False))

    _in_child(split, child)
    assert split.child_pages == {"b.md", "d.md"}
    with caplog.at_level(logging.WARNING):
        carried = split.join()
    assert carried == ({"b.md"}, ["b/index.html"], False)
    records = [r for r in caplog.records if r.name == "mkdocs.plugins.test"]
    assert [r.getMessage() for r in records] == ["from the second process: å", "with its traceback"]
    assert [r.levelno for r in records] == [logging.WARNING, logging.ERROR]
    assert "ValueError: broken" in (records[1].exc_text or "")
    assert split.pid == 0  # reaped


def _half_a_report(split: PageSplit) -> None:
    """The child killed while it writes: part of a report, then the end."""
    data = pickle.dumps(ChildReport(error="x"))
    os.write(split._write, data[: len(data) // 2])
    os._exit(0)


@pytest.mark.parametrize(
    ("child", "message"),
    [
        (lambda split: split.finish_child(error="UndefinedError: 'x' is undefined"),
         "building half of the pages failed: UndefinedError"),
        (lambda split: os._exit(3), "stopped \\(exit status 3\\)"),
        (_half_a_report, "stopped \\(exit status 0\\)"),
    ],
    ids=["its error", "no report", "part of a report"],
)  # fmt: skip
def test_a_child_that_fails_or_leaves_no_whole_report_is_an_error_in_the_parent(mkdocs_site, child, message):
    config, files, pages = mkdocs_site
    split = PageSplit.start(config, files, pages)
    _in_child(split, lambda: child(split))
    with pytest.raises(SplitError, match=message):
        split.join()
    assert split.pid == 0


def test_stop_ends_a_child_that_still_runs(mkdocs_site):
    config, files, pages = mkdocs_site
    split = PageSplit.start(config, files, pages)
    _in_child(split, lambda: time.sleep(60))
    pid = split.pid
    split.stop()
    assert split.pid == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone, and reaped


def test_only_procmodel_build_with_two_jobs_and_no_other_plugin_splits(mkdocs_site):
    config = mkdocs_site[0]
    assert page_split.why_not(config) == "one job"  # outside allowed(): plain mkdocs, the preview
    with page_split.allowed(2):
        # this config has mkdocs' default search plugin
        assert page_split.why_not(config) == "other plugins: search"
        del config.plugins["search"]
        assert page_split.why_not(config) is None
    with page_split.allowed(1):
        assert page_split.why_not(config) == "one job"


def test_a_build_that_cannot_start_a_second_process_builds_in_one(tmp_path, monkeypatch, caplog):
    """No second process to be had (fork fails: too many processes; not provokable as root, so
    os.fork is made to fail): the build goes on in one process, the same site, no descriptor lost."""
    one = build(BASIC, tmp_path / "one", jobs=1)
    fds = len(os.listdir("/proc/self/fd"))

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    alone = build_site(
        str(BASIC),
        site_dir=str(tmp_path / "alone"),
        strict=True,
        discover_config=False,
        site_url="https://skolor.example.se/processer/",
        verbose=True,
        jobs=2,
    )
    assert "the pages are built in one process: no second process (" in caplog.text
    assert _files(alone) == _files(one)
    assert len(os.listdir("/proc/self/fd")) == fds
