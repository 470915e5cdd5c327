"""BPMN import of the whole BPMN MIWG corpus against bare lxml parsing of the same files.

Floor: ``lxml.etree.parse(path)`` for every ``.bpmn`` file (what any BPMN reader pays).
Import: :func:`procmodel.bpmn.reader.read_bpmn_file` (hardened parse + size and DOCTYPE
checks + mapping to procmodel process data with lines and warnings). Best of ``REPEATS``
runs, in this process, files read once before timing so the disk cache is warm for both.
Target: import ≤ 2 × floor.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

REPEATS = 5
TARGET_RATIO = 2.0
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bpmn-miwg"


def _best(fn, repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(workdir: Path) -> list[str]:
    """Measure floor and import; return the lines to print."""
    from lxml import etree

    from procmodel.bpmn.reader import read_bpmn_file

    files = sorted(CORPUS.rglob("*.bpmn"))
    if not files:
        return [f"BPMN: corpus not found at {CORPUS}; skipped"]
    size = sum(f.stat().st_size for f in files)
    for f in files:
        f.read_bytes()
    floor = _best(lambda: [etree.parse(str(f)) for f in files])
    imported = _best(lambda: [read_bpmn_file(f) for f in files])
    last = [read_bpmn_file(f) for f in files]
    steps = sum(len(p.data["steps"]) for r in last for p in r.processes)
    warnings = sum(len(r.problems) for r in last)
    ratio = imported / floor
    ok = "ok" if ratio <= TARGET_RATIO else "MISSED"
    return [
        f"BPMN corpus: {len(files)} files, {size / 1e6:.1f} MB (BPMN MIWG test suite, CC BY 3.0)",
        f"floor (bare lxml parse):            {floor:.3f} s",
        f"import (hardened parse + mapping):  {imported:.3f} s, "
        f"{sum(len(r.processes) for r in last)} processes, {steps} steps, {warnings} warnings",
        f"ratio import / floor: {ratio:.2f} (target ≤ {TARGET_RATIO}: {ok})",
    ]
