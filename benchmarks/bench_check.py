"""`procmodel check` (load + rules) against the floor of merely parsing the YAML.

(The check does not build the repository graph: its rules read the model; the graph is built
when something reads ``repo.graph``, as the site does.)

The floor is what any YAML-based tool pays: read every ``.yaml`` file of the
repository and parse it with libyaml (``yaml.load(..., Loader=yaml.CSafeLoader)``).
Each measurement runs in a fresh Python process, so its peak memory
(``ru_maxrss``) is its own; times exclude interpreter start-up and imports
(reported separately). Floor and check runs alternate, ``RUNS`` times each (so a busy
machine slows both alike), and the median of each is printed.
Target: check ≤ 1.5 × floor and peak memory < 300 MB for 2,000 × 25.

Then the command line, ``procmodel check`` as pre-commit runs it (start-up and imports
included), with its cache in ``.procmodel-cache/``, for each repository size in ``SIZES``
(500 and 2,000 processes), beside that repository's floor: cold (no cache), warm with nothing
changed (the whole report reused), warm after the words of one central process changed (two
titles: a quick check, docs/ci.md, loads the shared files, that file and its unit variants; every
other finding is reused) and warm after its status changed (a change the rules across processes
see: the whole repository is checked, reusing parsed files and per-process findings).
Target for the words: ≤ 0.5 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generate import cached_repository, organisation_summary
from measure import Run, median, spread, timed

PROCESSES = 2000
SIZES = (500, 2000)  # repositories of the command-line cache measures
STEPS = 25
RUNS = 3
TARGET_RATIO = 1.5
TARGET_MB = 300
TARGET_WARM = 0.5

FLOOR = """
import json, os, resource, sys, time
t0 = time.perf_counter()
import yaml
t1 = time.perf_counter()
root = sys.argv[1]
n = 0
for dirpath, dirnames, filenames in os.walk(root):
    dirnames.sort()
    for fn in sorted(filenames):
        if fn.endswith('.yaml'):
            with open(os.path.join(dirpath, fn), 'rb') as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)
            n += 1
t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import": t1 - t0, "seconds": t2 - t1, "rss_kb": rss, "files": n}))
"""

CHECK = """
import json, resource, sys, time
t0 = time.perf_counter()
from procmodel import check_repository, load_repository
t1 = time.perf_counter()
repo = load_repository(sys.argv[1])
t2 = time.perf_counter()
findings = check_repository(repo)
t3 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
errors = sum(1 for f in findings if f.severity.value == "error")
print(json.dumps({"import": t1 - t0, "seconds": t3 - t1, "load": t2 - t1, "rules": t3 - t2,
                  "rss_kb": rss, "findings": len(findings), "errors": errors}))
"""


def measure_once(script: str, root: Path) -> dict[str, float]:
    """Run ``script`` in a fresh interpreter; its JSON result."""
    out = subprocess.run(
        [sys.executable, "-c", script, str(root)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def measure(root: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Floor and check, alternated RUNS times (so both see the same machine load); the median of each."""
    floors, checks = [], []
    for _ in range(RUNS):
        floors.append(measure_once(FLOOR, root))
        checks.append(measure_once(CHECK, root))
    return _median(floors), _median(checks)


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median time (its other figures with it)."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def run(workdir: Path) -> list[str]:
    """Measure floor and check; return the lines to print."""
    root = cached_repository(workdir, PROCESSES, STEPS)
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    floor, check = measure(root)
    ratio = check["seconds"] / floor["seconds"]
    mb = check["rss_kb"] / 1024
    ok_ratio = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    ok_mb = "ok" if mb < TARGET_MB else "OVER TARGET"
    return [
        f"repository: {PROCESSES} processes × {STEPS} steps, {organisation_summary(root)}, "
        f"{floor['files']} files, {size / 1e6:.1f} MB",
        f"floor (libyaml CSafeLoader parse): {floor['seconds']:.2f} s, peak {floor['rss_kb'] / 1024:.0f} MB",
        f"check (load + rules):              {check['seconds']:.2f} s "
        f"(load {check['load']:.2f} s, rules {check['rules']:.2f} s), "
        f"{check['findings']} findings, {check['errors']} errors",
        f"ratio check / floor: {ratio:.2f} (target ≤ {TARGET_RATIO}: {ok_ratio})",
        f"peak memory of check: {mb:.0f} MB (target < {TARGET_MB} MB: {ok_mb})",
        f"import procmodel: {check['import']:.2f} s (not counted)",
        *[line for size in SIZES for line in cache_lines(workdir, size)],
    ]


def _cli_check(root: Path, env: dict[str, str]) -> Run:
    cmd = [sys.executable, "-m", "procmodel", "check", str(root), "--format", "json"]
    return timed(cmd, env, root.parent, check=False)  # the time counts whatever the findings


def cache_lines(workdir: Path, processes: int) -> list[str]:
    """``procmodel check`` cold, warm, and warm after one file changed (median of RUNS each), beside
    the floor of the same repository."""
    root = cached_repository(workdir, processes, STEPS)
    floor = _median([measure_once(FLOOR, root) for _ in range(RUNS)])["seconds"]
    env = {**os.environ, "XDG_CACHE_HOME": str(root.parent / "user-cache")}
    env.pop("PROCMODEL_NO_CACHE", None)
    adapted = {p.name for p in (root / "enheter").rglob("*.yaml")}  # central processes with a variant
    central = sorted(p for p in root.rglob("*.yaml") if "enheter" not in p.parts and p.name in adapted)
    changed = next(p for p in central[len(central) // 2 :] if "status: approved" in p.read_text("utf-8"))
    original = changed.read_bytes()
    text = original.decode("utf-8")
    words = text.replace("title: ", "title: Ändrad ", 2).encode()  # the process's and a step's title
    structure = text.replace("status: approved", "status: review", 1).encode()  # a status (whole check)
    cold: list[Run] = []
    warm: list[Run] = []
    one: list[Run] = []
    whole: list[Run] = []
    try:
        for _ in range(RUNS):
            shutil.rmtree(root / ".procmodel-cache", ignore_errors=True)
            changed.write_bytes(original)
            cold.append(_cli_check(root, env))
            warm.append(_cli_check(root, env))
            changed.write_bytes(words)
            one.append(_cli_check(root, env))
            changed.write_bytes(structure)
            whole.append(_cli_check(root, env))
    finally:
        changed.write_bytes(original)
    after = median(one)
    ok = "ok" if after.seconds <= TARGET_WARM else "OVER TARGET"
    return [
        f"procmodel check (command line), {processes} processes, floor {floor:.2f} s:",
        f"  cold {spread(cold)}, peak {median(cold).peak_mb:.0f} MB",
        f"  warm, nothing changed {spread(warm)}, peak {median(warm).peak_mb:.0f} MB",
        f"  warm after one file's words changed (quick check) {spread(one)}, peak {after.peak_mb:.0f} MB "
        f"(target ≤ {TARGET_WARM} s: {ok})",
        f"  warm after one file's status changed (whole check) {spread(whole)}, "
        f"peak {median(whole).peak_mb:.0f} MB",
    ]
