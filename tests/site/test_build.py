"""Real MkDocs builds: the example library with `mkdocs build --strict`, the CLI, serve's reload."""

from __future__ import annotations

import gc
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from jinja2.exceptions import UndefinedError

from .site_helpers import BASIC, EXAMPLE, ROOT, build

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def run_procmodel(
    *args: str, cwd: Path, timeout: int = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m procmodel ARGS`` in ``cwd``, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "procmodel", *args],
        cwd=cwd,
        env=ENV if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _tree(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*") if p.is_file()}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (
                (tag == "a" and name in ("href", "xlink:href")) or (tag == "link" and name == "href")
            ):
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Internal links in the built site that point at nothing."""
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # absolute links by design (any missing path)
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("#") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {href}")
    return broken


def test_mkdocs_build_strict_of_the_example_repository(tmp_path):
    if not (EXAMPLE / "procmodel.yaml").exists():
        pytest.skip("the example library is not there")
    before = {d: _tree(ROOT / d) for d in ("processes", "site-src", "docs")}
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT,
        env={**ENV, "PROCMODEL_AUDIENCE": "staff"},  # edit links are in the staff build only
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr
    # nothing generated is written into the repository
    assert {d: _tree(ROOT / d) for d in before} == before
    assert (out / "index.html").exists()
    assert (out / "pagefind" / "pagefind.js").exists()  # the search index (Pagefind)
    assert not (out / "search" / "search_index.json").exists()  # mkdocs-material's search is off
    assert len(list((out / "processer").glob("*/index.html"))) >= 2
    assert broken_links(out) == []
    # staff build: "edit this page" opens the YAML source of a generated process page
    page = (out / "processer" / "kränkande-behandling" / "index.html").read_text(encoding="utf-8")
    edit = re.search(r'href="([^"]+)"[^>]*class="md-content__button md-icon"', page)
    assert edit and unquote(edit.group(1)).endswith("/edit/main/processes/trygghet/kränkande-behandling.yaml")
    start = (out / "index.html").read_text(encoding="utf-8")
    assert "md-content__button" not in start  # generated pages without a source have no edit link


def test_public_build_has_no_staff_page_link_or_sitemap_entry(basic_public):
    assert not (basic_public / "processer" / "intern-rutin").exists()
    everything = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in basic_public.rglob("*")
        if p.suffix in (".html", ".json", ".xml")
    )
    for secret in ("intern-rutin", "Hemligrutin", "hemligrutin", "Hemligstegets", "hemligt-steg"):
        assert secret not in everything
    sitemap = (basic_public / "sitemap.xml").read_text(encoding="utf-8")
    assert "anm%C3%A4lan" in sitemap or "anmälan" in sitemap
    assert broken_links(basic_public) == []


def test_staff_build_has_the_staff_process(tmp_path):
    out = build(BASIC, tmp_path / "site", "staff")
    assert (out / "processer" / "intern-rutin" / "index.html").exists()


def test_procmodel_build_without_mkdocs_yml_in_english(tmp_path):
    result = run_procmodel("build", str(BASIC), "--lang", "en", "--site-dir", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Built the site (public audience)" in result.stdout
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in index and "How do we …?" in index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing else written here


def test_procmodel_build_default_site_dir_is_site(tmp_path):
    repo = shutil.copytree(BASIC, tmp_path / "processes")
    result = run_procmodel("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "processer" / "anmälan" / "index.html").exists()
    assert repo.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "no-such-folder"], "no such file or directory"),
        (["build", "--config-file", "missing.yml"], "missing.yml: no such file"),
        (["build", "--audience", "everyone"], "Invalid value for '--audience'"),
    ],
)
def test_build_errors_are_explained_without_traceback(tmp_path, args, message):
    result = run_procmodel(*args, cwd=tmp_path, timeout=120)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_leaves_nothing_frozen_out_of_the_collector(tmp_path):
    """The plugin keeps the repository and its pages out of the collector's full collections while
    it builds; after the build, and after a build that failed, nothing stays out (``procmodel serve``
    builds again and again in one process)."""
    assert gc.get_freeze_count() == 0
    build(BASIC, tmp_path / "site")
    assert gc.get_freeze_count() == 0
    theme = tmp_path / "theme"
    theme.mkdir()
    broken = '{% extends "base.html" %}{% block content %}{{ no_such_function() }}{% endblock %}'
    (theme / "main.html").write_text(broken, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: x\ntheme:\n  name: material\n  custom_dir: {theme}\n"
        f"plugins:\n  - procmodel:\n      repository: {BASIC}\n      history: false\n",
        encoding="utf-8",
    )
    with pytest.raises(UndefinedError):
        build(BASIC, tmp_path / "broken", config_file=config)
    assert gc.get_freeze_count() == 0


def test_a_build_reuses_the_files_parsed_before_and_builds_the_same_site(tmp_path):
    repo = shutil.copytree(BASIC, tmp_path / "processes")
    env = {k: v for k, v in ENV.items() if k != "PROCMODEL_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    for out in ("first", "again"):
        result = run_procmodel("build", "processes", "--site-dir", out, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
    parsed = repo / ".procmodel-cache" / "parsed.json"
    assert parsed.exists() and (repo / ".procmodel-cache" / ".gitignore").read_text().endswith("*\n")
    no_cache = {**env, "PROCMODEL_NO_CACHE": "1"}
    result = run_procmodel("build", "processes", "--site-dir", "plain", cwd=tmp_path, env=no_cache)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain").rglob("*.html"))
    assert pages
    for page in pages:
        plain = (tmp_path / "plain" / page).read_bytes()
        assert (tmp_path / "first" / page).read_bytes() == plain == (tmp_path / "again" / page).read_bytes()


def test_mkdocs_yml_without_the_plugin_is_refused(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    result = run_procmodel("build", str(BASIC), cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert "the procmodel plugin is not enabled" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def test_serve_rebuilds_when_a_process_file_changes(tmp_path):
    repo = shutil.copytree(BASIC, tmp_path / "processes")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "procmodel", "serve", str(repo), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/processer/fr%C3%A5nvaro/"
    try:
        deadline = time.monotonic() + 120
        page = None
        while time.monotonic() < deadline and not (page := _get(url)):
            time.sleep(0.5)
        assert page and "Frånvarohantering" in page
        source = repo / "flöden" / "frånvaro.yaml"
        source.write_text(
            source.read_text(encoding="utf-8").replace(
                "title: Frånvarohantering", "title: Frånvaro steg för steg"
            ),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            page = _get(url) or ""
            if "Frånvaro steg för steg" in page:
                break
            time.sleep(0.5)
        assert "Frånvaro steg för steg" in page
        assert sorted(p.name for p in tmp_path.iterdir()) == ["processes"]  # no site written here
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
