"""The site's search on a generated repository: Pagefind (procmodel's) beside mkdocs-material's lunr.

Both sites hold the very same generated pages (the staff audience: every process). Measured:

- index build: Pagefind over the built site (run on its own, timed), against the size of
  Material's ``search_index.json``;
- in headless Chromium with the CPU slowed 4× (CDP ``Emulation.setCPUThrottlingRate``), for
  each of 20 queries on a fresh page (empty cache): the time from the first keystroke to the
  first rendered result (typing starts as soon as the page has loaded), and the bytes the
  search fetched (Pagefind's files and the vocabulary; Material's index and search worker).

Run: ``python benchmarks/run.py search`` (1,000 processes), or at a small scale when the CPU
is busy: ``python benchmarks/bench_search.py --processes 100``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from generate import cached_repository

from procmodel import load_repository
from procmodel.site import urls
from procmodel.site.build import default_config
from procmodel.site.diagrams import Diagrams
from procmodel.site.pages import generate_site
from procmodel.site.search_index import build_index

PROCESSES = 1000
STEPS = 25
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
QUERIES = [
    "kränkning",
    "frånvaro",
    "vardnadshavare",
    "åtgärdsprogram",
    "mobbad",
    "skolkar",
    "elevhälsa",
    "rektor",
    "hur gör vi när en elev är frånvarande",
    "betyg",
    "anmälan",
    "utredning",
    "mentor",
    "dokumentation",
    "6 kap 10",
    "uppföljning",
    "specialpedagog",
    "samtal med vårdnadshavare",
    "kurator",
    "beslut",
]

PAGEFIND_FIRST = "[data-pm-results] .pm-hit"
MATERIAL_INPUT = 'input[data-md-component="search-query"]'
MATERIAL_FIRST = ".md-search-result__list > li"
#: What a search fetches: Pagefind's files and the vocabulary; Material's index and worker.
SEARCH_FILES = ("/pagefind/", "sokord.json", "/search/", "search.")


def _build_sites(workdir: Path, processes: int) -> tuple[Path, Path, float, int]:
    """procmodel's site (Pagefind) and the same pages built with Material's search."""
    repo_dir = cached_repository(workdir, processes, STEPS)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(workdir / "cache")}
    ours = workdir / "site-pagefind"
    shutil.rmtree(ours, ignore_errors=True)
    cmd = [sys.executable, "-m", "procmodel", "build", str(repo_dir), "--site-dir", str(ours)]
    subprocess.run([*cmd, "--audience", "staff"], env=env, check=True, capture_output=True)
    shutil.rmtree(ours / "pagefind")
    started = time.perf_counter()
    build_index(ours, "sv")
    index_seconds = time.perf_counter() - started

    repo = load_repository(repo_dir)
    site = generate_site(repo, audience="staff", diagrams=Diagrams(enabled=False))
    bare = workdir / "site-material"
    shutil.rmtree(bare, ignore_errors=True)
    docs = bare / "docs"
    for path, content in site.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    config = default_config(repo_dir, docs, repo.config.name, site.lang)
    config["plugins"] = [{"search": {"lang": ["sv"]}}]
    config["nav"] = site.nav
    config["extra_css"] = [urls.CSS]
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    out = bare / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bare / "mkdocs.yml"), "-d", str(out)],
        env=env,
        check=True,
        capture_output=True,
    )
    material_index = (out / "search" / "search_index.json").stat().st_size
    return ours, out, index_seconds, material_index


_WATCH = """sel => { window.__pmWatch = new Promise(resolve => {
  let first = null;
  document.addEventListener('keydown', () => { if (first === null) first = performance.now(); }, true);
  const done = () => document.querySelector(sel);
  new MutationObserver((_, obs) => {
    if (first !== null && done()) { obs.disconnect(); resolve(performance.now() - first); }
  }).observe(document.body, {childList: true, subtree: true});
  setTimeout(() => resolve(null), 30000);  // no result: the engine found nothing
}); }"""


def _measure(browser, base: str, query: str, *, material: bool) -> tuple[float | None, int]:
    """(ms from first keystroke to first result or None, bytes fetched for search) on a fresh page."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    fetched = [0]

    def finished(request) -> None:  # Playwright sees the search worker's fetches too
        if any(k in request.url for k in SEARCH_FILES):
            sizes = request.sizes()
            fetched[0] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    context.on("requestfinished", finished)
    try:
        page.goto(base, wait_until="load")  # and type at once, as people do
        page.evaluate(_WATCH, MATERIAL_FIRST if material else PAGEFIND_FIRST)
        if material:
            page.locator(MATERIAL_INPUT).focus()
        else:
            page.locator("#pm-ask-q").focus()
        page.keyboard.type(query)
        elapsed = page.evaluate("() => window.__pmWatch")
        page.wait_for_load_state("networkidle")
        return (None if elapsed is None else float(elapsed)), fetched[0]
    finally:
        context.close()


def _serve(directory: Path):
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, format, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def run(workdir: Path, processes: int = PROCESSES) -> list[str]:
    """Build both sites, query both in Chromium; return the lines to print."""
    from playwright.sync_api import sync_playwright

    ours, material, index_seconds, material_index = _build_sites(workdir, processes)
    pagefind_bytes = sum(f.stat().st_size for f in (ours / "pagefind").rglob("*") if f.is_file())
    pages = len(list(ours.rglob("index.html")))
    lines = [
        f"repository: {processes} processes × {STEPS} steps (staff site, {pages} pages)",
        f"Pagefind index build: {index_seconds:5.1f} s ({pagefind_bytes / 1e6:.1f} MB in chunks)",
        f"Material search_index.json: {material_index / 1e6:.1f} MB (one file, loaded whole)",
    ]
    servers = [_serve(ours), _serve(material)]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            try:
                rows = {}
                for name, (_, base), is_material in (
                    ("Pagefind", servers[0], False),
                    ("Material", servers[1], True),
                ):
                    rows[name] = [_measure(browser, base, q, material=is_material) for q in QUERIES]
            finally:
                browser.close()
    finally:
        for httpd, _ in servers:
            httpd.shutdown()
    lines.append("CPU slowed 4×, fresh page per query (20 queries): first result after keystroke; bytes")
    for name, got in rows.items():
        ms = [t for t, _ in got if t is not None] or [float("nan")]
        kb = [b / 1e3 for _, b in got]
        lines.append(
            f"  {name:9} median {statistics.median(ms):7.0f} ms, max {max(ms):7.0f} ms;"
            f" median {statistics.median(kb):8.1f} kB, max {max(kb):8.1f} kB per query;"
            f" {sum(t is None for t, _ in got)} of {len(got)} queries found nothing"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=PROCESSES)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pm-bench-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for line in run(workdir, args.processes):
        print(line)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    raise SystemExit(main())
