"""The published site on a generated 1,000-process repository, beside the floor of MkDocs itself.

Measured, each in a fresh process as a user runs it (``RUNS`` times, the median printed):

- ``procmodel build`` cold (empty diagram cache: every diagram rendered, on every core) and
  warm (diagrams cached): load + page generation + diagrams + mkdocs-material + Pagefind;
- the floor: a bare ``mkdocs build`` of the same number of pages, at the same paths with the
  same menu, theme and assets, as plain Markdown (the pages' words without their HTML and
  without diagrams): what any MkDocs site of that size costs;
- for reference, a bare ``mkdocs build`` of procmodel's own Markdown of those pages (with its
  HTML, without diagrams): what the pages cost MkDocs when Python-Markdown reads all their HTML,
  which the plugin hands around it (``procmodel.site.html_blocks``).

Targets (issue 13): warm ≤ 15 s and ≤ 2 × the floor; cold ≤ 60 s. Peak memory is that of the
build's own process (``ru_maxrss``; Graphviz, Pagefind and render workers not counted).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import yaml
from generate import cached_repository, organisation_summary
from measure import Run, median, spread, timed

from procmodel import load_repository
from procmodel.site import urls
from procmodel.site.build import default_config
from procmodel.site.diagrams import Diagrams
from procmodel.site.pages import GeneratedSite, generate_site

PROCESSES = 1000
STEPS = 25
RUNS = 1
TARGET_WARM = 15.0
TARGET_RATIO = 2.0
TARGET_COLD = 60.0
_TAG = re.compile(r"<[^>]*>")


def _index_stats(site: Path) -> tuple[int, int]:
    """Size of the Pagefind index (all chunks) and the number of pages in it."""
    index = site / "pagefind"
    size = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    return size, len(list((index / "fragment").glob("*.pf_fragment")))


def _bare_project(folder: Path, repo_dir: Path, name: str, site: GeneratedSite, plain: bool) -> Path:
    """A bare MkDocs project of the generated pages (``plain``: their words only); its mkdocs.yml."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    for path, content in site.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif plain and path.endswith(".md"):
            words = _TAG.sub(" ", content)
            target.write_text("\n".join(line.strip() for line in words.splitlines()), encoding="utf-8")
        else:
            target.write_text(content, encoding="utf-8")
    config = default_config(repo_dir, docs, name, site.lang)
    config["plugins"] = [p for p in config["plugins"] if "procmodel" not in p]  # type: ignore[union-attr]
    config["nav"] = site.nav
    config["extra_css"] = [urls.CSS]
    config["extra_javascript"] = [urls.JS]
    mkdocs_yml = folder / "mkdocs.yml"
    mkdocs_yml.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mkdocs_yml


def _verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def run(workdir: Path) -> list[str]:
    """Build every way ``RUNS`` times; return the lines to print."""
    repo_dir = cached_repository(workdir, PROCESSES, STEPS)
    cache = workdir / f"site-cache-{PROCESSES}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cache)}
    env.pop("PROCMODEL_PROGRESS", None)
    py = sys.executable
    out = workdir / "site-procmodel"
    build = [py, "-m", "procmodel", "build", str(repo_dir), "--site-dir", str(out), "--no-progress"]

    repo = load_repository(repo_dir)
    site = generate_site(repo, audience="public", diagrams=Diagrams(enabled=False))
    floors = {}
    for name, plain in (("plain", True), ("same", False)):
        mkdocs_yml = _bare_project(workdir / f"site-bare-{name}", repo_dir, repo.config.name, site, plain)
        target = mkdocs_yml.parent / "site"
        floors[name] = [py, "-m", "mkdocs", "build", "-q", "-f", str(mkdocs_yml), "-d", str(target)]

    cold: list[Run] = []
    warm: list[Run] = []
    floor: list[Run] = []
    same: list[Run] = []
    for _ in range(RUNS):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        cold.append(timed(build, env, workdir))
        shutil.rmtree(out)
        warm.append(timed(build, env, workdir))
        floor.append(timed(floors["plain"], env, workdir))
        same.append(timed(floors["same"], env, workdir))
    w, c, f, s = median(warm), median(cold), median(floor), median(same)
    ratio = w.seconds / f.seconds
    size, indexed = _index_stats(out)
    return [
        f"repository: {PROCESSES} processes × {STEPS} steps, {organisation_summary(repo_dir)}, "
        f"{len(site.pages())} pages, "
        f"{os.cpu_count()} cores, {RUNS} run(s)",
        f"floor: bare mkdocs build, plain Markdown pages:   {spread(floor)}, peak {f.peak_mb:.0f} MB",
        f"procmodel build, diagrams cached (warm):          {spread(warm)}, peak {w.peak_mb:.0f} MB "
        f"(target ≤ {TARGET_WARM:.0f} s: {_verdict(w.seconds <= TARGET_WARM)})",
        f"ratio warm / floor: {ratio:.2f}× (target ≤ {TARGET_RATIO:.0f}×: {_verdict(ratio <= TARGET_RATIO)})",
        f"procmodel build, empty diagram cache (cold):      {spread(cold)}, peak {c.peak_mb:.0f} MB "
        f"(target ≤ {TARGET_COLD:.0f} s: {_verdict(c.seconds <= TARGET_COLD)})",
        f"reference: bare mkdocs build, procmodel's Markdown: {spread(same)}, peak {s.peak_mb:.0f} MB "
        f"(warm / this: {w.seconds / s.seconds:.2f}×)",
        f"Pagefind index: {size / 1e6:.1f} MB in chunks, {indexed} pages indexed (part of procmodel build)",
    ]
