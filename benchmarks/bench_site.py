"""The published site on a generated 1,000-process repository.

``procmodel build`` (load + page generation + diagrams from a filled cache + mkdocs-material)
against a bare ``mkdocs build`` of the very same Markdown pages without their diagrams (the
placeholders the plugin fills in after MkDocs, so the floor is MkDocs on plain pages), written to
disk, with the same theme, search settings, menu and assets. The ratio is what procmodel and its
diagrams cost over MkDocs itself (issue 13's target: ≤ 2× with diagrams cached).
Also: the size of the search index.
Both builds run as fresh processes, as a user would run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from generate import cached_repository, organisation_summary

from procmodel import load_repository
from procmodel.site import urls
from procmodel.site.build import default_config
from procmodel.site.diagrams import Diagrams
from procmodel.site.pages import generate_site

PROCESSES = 1000
STEPS = 25


def _timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def _index_stats(site: Path) -> tuple[int, int]:
    """Size of the Pagefind index (all chunks) and the number of pages in it."""
    index = site / "pagefind"
    size = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    return size, len(list((index / "fragment").glob("*.pf_fragment")))


def run(workdir: Path) -> list[str]:
    """Build both ways; return the lines to print."""
    repo_dir = cached_repository(workdir, PROCESSES, STEPS)
    cache = workdir / "site-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cache)}
    py = sys.executable
    lines = [f"repository: {PROCESSES} processes × {STEPS} steps, {organisation_summary(repo_dir)}"]

    # 1. fill the diagram cache (a first build, as after a fresh clone)
    out = workdir / "site-procmodel"
    cold = _timed([py, "-m", "procmodel", "build", str(repo_dir), "--site-dir", str(out)], env, workdir)
    lines.append(f"procmodel build, empty diagram cache: {cold:6.1f} s")

    # 2. procmodel build with diagrams cached
    shutil.rmtree(out)
    warm = _timed([py, "-m", "procmodel", "build", str(repo_dir), "--site-dir", str(out)], env, workdir)
    lines.append(f"procmodel build, diagrams cached:    {warm:6.1f} s")

    # 3. the same generated pages on disk, without diagrams, built by bare MkDocs
    repo = load_repository(repo_dir)
    site = generate_site(
        repo, audience="public", diagrams=Diagrams(cache_dir=cache / "procmodel" / "diagrams", defer=True)
    )
    bare = workdir / "site-bare"
    shutil.rmtree(bare, ignore_errors=True)
    docs = bare / "docs"
    for path, content in site.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    config = default_config(repo_dir, docs, repo.config.name, site.lang)
    config["plugins"] = [p for p in config["plugins"] if "procmodel" not in p]  # type: ignore[union-attr]
    config["nav"] = site.nav
    config["extra_css"] = [urls.CSS]
    config["extra_javascript"] = [urls.JS]
    (bare / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    bare_out = bare / "site"
    plain = _timed(
        [py, "-m", "mkdocs", "build", "-q", "-f", str(bare / "mkdocs.yml"), "-d", str(bare_out)], env, bare
    )
    lines.append(f"bare mkdocs build, pages w/o diagrams: {plain:6.1f} s")
    lines.append(f"ratio (cached / bare):                 {warm / plain:6.2f}×  (target ≤ 2×)")

    size, docs_count = _index_stats(out)
    pages = len(site.pages())
    lines.append(
        f"pages: {pages}; Pagefind index: {size / 1e6:.1f} MB in chunks, {docs_count} pages indexed"
        " (procmodel build includes it; see bench_search.py)"
    )
    return lines
