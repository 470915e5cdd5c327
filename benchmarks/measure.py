"""What the benchmarks share: a child process timed with its own peak memory, and medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One run of a command: wall time, and the peak resident memory of its own process."""

    seconds: float
    peak_mb: float


def timed(cmd: Sequence[str], env: dict[str, str], cwd: Path, check: bool = True) -> Run:
    """Run ``cmd``; its wall time and peak memory (``ru_maxrss`` of that process, not of its
    children: Graphviz, Pagefind and render workers are not counted)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{stderr[-2000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024)


def median(runs: Sequence[Run]) -> Run:
    """The median time (and the median peak) of ``runs``."""
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs))


def spread(runs: Sequence[Run]) -> str:
    """``12.3 s`` for one run, ``12.3 s (11.9–13.0, 3 runs)`` for more: the median and the range."""
    m = median(runs).seconds
    if len(runs) == 1:
        return f"{m:.2f} s"
    low, high = min(r.seconds for r in runs), max(r.seconds for r in runs)
    return f"{m:.2f} s (median; {low:.2f}–{high:.2f}, {len(runs)} runs)"
