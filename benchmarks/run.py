"""Run the procmodel benchmarks: every ``benchmarks/bench_*.py`` module, or the ones named.

Usage: ``python benchmarks/run.py [NAME ...] [--workdir DIR] [--runs N] [--processes N]``, e.g.
``python benchmarks/run.py check --runs 3``. Each module exposes ``run(workdir: Path) -> list[str]``
and returns the lines to print; the work directory (a temporary one unless
given) is shared, so a generated repository can be reused between sections.
``--runs N`` sets a module's ``RUNS`` (each measure taken N times, the median printed) and
``--processes N`` its ``PROCESSES`` (and ``SIZES``), to run small on a busy machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def discover() -> dict[str, Path]:
    """Benchmark name (``check`` for ``bench_check.py``) → module file."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def load(path: Path) -> ModuleType:
    """Import one benchmark module from its file."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # so modules can 'from generate import generate_repository'
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--workdir", type=Path, help="keep generated data here (default: a temporary folder)")
    parser.add_argument("--runs", type=int, help="take each measure this many times; print the median")
    parser.add_argument("--processes", type=int, help="a smaller (or larger) generated repository")
    args = parser.parse_args(argv)
    available = discover()
    names = args.names or list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="procmodel-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in names:
            print(f"== {name} ==", flush=True)
            started = time.perf_counter()
            module = load(available[name])
            if args.runs:
                module.RUNS = args.runs
            if args.processes:
                module.PROCESSES = args.processes
                if hasattr(module, "SIZES"):
                    module.SIZES = (args.processes,)
            for line in module.run(workdir):
                print(line, flush=True)
            print(f"   ({time.perf_counter() - started:.1f} s in all)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
