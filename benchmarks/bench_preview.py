"""The preview: time from saving one process file to ``procmodel serve`` serving the change.

A generated 1,000-process repository (``PROCESSES``; ``--processes N`` for another size), the
real server on 127.0.0.1 (a free port), diagrams cached by the first build. Each run changes
one process's title, then fetches the process page until it shows the new title; the time
runs from the file write to that answer (**target ≤ 1 s**). The same for a page that lists
the process (its owner's role page), and the server's own figures for the update: seconds
from the start of the update to the repository loaded, checked, and the edited process's
page written (the rest of the time is the watcher's poll and the fetch). Three runs, the
median printed; the first build (a whole-site MkDocs build) for comparison.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from generate import cached_repository

PROCESSES = 1000
STEPS = 25
RUNS = 3
BOUND = 1800  # seconds any wait may take at most


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _until(probe, what: str, proc: subprocess.Popen[str]):
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        got = probe()
        if got:
            return got
        if proc.poll() is not None:
            raise RuntimeError(f"procmodel serve ended while waiting for {what}")
        time.sleep(0.02)
    raise RuntimeError(f"waited in vain for {what}")


def run(workdir: Path, processes: int = PROCESSES) -> list[str]:
    repo = cached_repository(workdir, processes, STEPS)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(workdir / "preview-cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "procmodel", "serve", str(repo), "--dev-addr", "127.0.0.1:0"],
        cwd=workdir,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    said: list[str] = []
    assert proc.stderr is not None
    threading.Thread(target=lambda: said.extend(proc.stderr), daemon=True).start()  # type: ignore[arg-type]
    try:
        line = _until(lambda: next((x for x in said if "http://127.0.0.1:" in x), None), "the address", proc)
        base = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)  # type: ignore[union-attr]

        def status() -> dict:
            return json.loads(_get(base + ".procmodel/status") or "{}")

        started = time.perf_counter()
        _until(lambda: status().get("served"), "the first build", proc)
        first = time.perf_counter() - started
        source = sorted(repo.rglob("*.yaml"))[-1]
        pid = source.stem
        page = base + urllib.parse.quote(f"processer/{pid}/")
        original = source.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", original, re.M).group(1)  # type: ignore[union-attr]
        owner = re.search(r"^owner: (.*)$", original, re.M).group(1)  # type: ignore[union-attr]
        listing = base + urllib.parse.quote(f"roller/{owner.strip()}/")
        times, listed, stages = [], [], []
        for i in range(RUNS):
            version = status()["version"]
            new = f'"Ändrad titel nummer {i}"'
            source.write_text(original.replace(f"title: {title}", f"title: {new}", 1), encoding="utf-8")
            written = time.perf_counter()
            _until(lambda new=new: new.strip('"') in (_get(page) or ""), "the edit to be served", proc)
            times.append(time.perf_counter() - written)
            _until(lambda new=new: new.strip('"') in (_get(listing) or ""), "the listing page", proc)
            listed.append(time.perf_counter() - written)

            def updated(v: int = version) -> dict | None:
                s = status()
                return s if s["version"] > v and not s["building"] else None

            done = _until(updated, "the update", proc)
            stages.append(done.get("timings") or {})
        source.write_text(original, encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    def median(key: str) -> str:
        values = [t[key] for t in stages if key in t]
        return f"{statistics.median(values):.2f}" if values else "–"

    return [
        f"repository: {processes} processes × {STEPS} steps",
        f"first build (whole site, diagrams rendered): {first:6.1f} s",
        f"save → edited process page served, median of {RUNS}: {statistics.median(times):6.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target ≤ 1 s)",
        f"save → its owner's role page served, median of {RUNS}: {statistics.median(listed):6.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in listed)})",
        f"the server's update, seconds from its start: loaded {median('load')}, checked {median('check')}, "
        f"edited page written {median('first')}, every touched page written {median('all')}",
    ]


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=PROCESSES, help=f"size (default {PROCESSES})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("\n".join(run(Path(os.environ.get("BENCH_WORKDIR", tmp)), args.processes)))
