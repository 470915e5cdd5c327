"""The site's change history (procmodel.history) on a generated repository committed to git.

A repository of 200 processes is committed, then changed in 20 more commits of 10 processes
each (a step renamed and the version raised), so each process has 1–3 changes. Measured: the
history read cold (no ``.procmodel-cache/history.json``) and warm (every version cached), its
git runs, and, beside it, what one ``git log --follow`` per process file would cost (the
obvious way, which starts a git process per file).

Run: ``python benchmarks/run.py history``, or ``python benchmarks/bench_history.py --processes 200``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import cached_repository

from procmodel import load_repository
from procmodel.history import read_history
from procmodel.site.pages import generate_site

PROCESSES = 200
STEPS = 25
COMMITS = 20
PER_COMMIT = 10
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def committed_repository(workdir: Path, processes: int) -> Path:
    """The generated repository in a git repository with ``COMMITS`` changes on top."""
    root = workdir / f"history-{processes}"
    if (root / ".git").exists():
        return root
    shutil.copytree(cached_repository(workdir, processes, STEPS), root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "start")
    files = sorted(p for p in root.rglob("*.yaml") if "version:" in p.read_text(encoding="utf-8"))
    for i in range(COMMITS):
        for f in files[(i * PER_COMMIT * 7) % len(files) :][:PER_COMMIT]:
            text = f.read_text(encoding="utf-8")
            text = text.replace("version: ", f"version: 9.{i}.", 1).replace("title: ", f"title: Ny {i} ", 2)
            f.write_text(text, encoding="utf-8")
        _git(root, "commit", "-q", "-am", f"change {i}")
    return root


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(workdir: Path, processes: int = PROCESSES) -> list[str]:
    root = committed_repository(workdir, processes)
    repo = load_repository(root)
    shutil.rmtree(root / ".procmodel-cache", ignore_errors=True)
    t0 = time.perf_counter()
    cold = read_history(repo)
    t1 = time.perf_counter()
    warm = read_history(repo)
    t2 = time.perf_counter()
    changes = sum(len(f.changes) for f in warm.files.values())
    without, with_history = (
        min(_timed(lambda h=h: generate_site(repo, audience="staff", history=h)) for _ in range(2))
        for h in (None, warm)
    )
    start = time.perf_counter()
    for p in repo.processes.values():
        path = repo.sources.files[p._file]
        subprocess.run(
            ["git", "-C", str(root), "log", "--follow", "--format=%H %cI", "--", str(path)],
            check=True,
            capture_output=True,
        )
    naive = time.perf_counter() - start
    return [
        f"repository: {len(repo.processes)} processes × {STEPS} steps, {cold.commits} commits, "
        f"{changes} changes in the histories",
        f"history cold:  {t1 - t0:6.2f} s  ({cold.git_runs} git runs, {cold.blobs_read} versions read)",
        f"history warm:  {t2 - t1:6.2f} s  ({warm.git_runs} git runs, {warm.blobs_read} versions read)",
        f"site pages without / with history: {without:6.2f} s / {with_history:6.2f} s (best of 2)",
        f"for comparison, one git log --follow per process (dates only): {naive:6.2f} s "
        f"({len(repo.processes)} git runs)",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=PROCESSES)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="procmodel-bench-") as tmp:
        for line in run(args.workdir or Path(tmp), args.processes):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
