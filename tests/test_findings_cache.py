"""The per-process findings cache of ``procmodel check``: the rules it holds are per-process, and
a warm check reports exactly what a cold one does."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from procmodel import load_repository
from procmodel.check import check_context, check_repository
from procmodel.check_cache import CACHE_DIR, FINDINGS, check_inputs
from procmodel.cli import cli
from procmodel.findings_cache import PROCESS_RULES, FindingsCache, _identity, _minus, _run
from procmodel.rules import RULES
from tests.helpers import benchmark_generator
from tests.rules.test_rule_cases import case_dirs, materialise

ROOT = Path(__file__).parents[1]
BASIC = ROOT / "tests" / "site" / "fixtures" / "basic"
generate = benchmark_generator()

#: kind of file a process's findings depend on → (file, text, replacement, a rule that then speaks)
EDITS = {
    "roles": ("roles.yaml", "id: mentor\n", "id: mentorn\n", "PM101"),
    "catalog": ("goals/km.yaml", "id: km-närvaro\n", "id: km-närvaron\n", "PM102"),
    "configuration": ("procmodel.yaml", "today: 2026-06-01\n", "today: 2031-06-01\n", "PM402"),
    "called process": ("flöden/utredning.yaml", "status: draft\n", "status: approved\n", None),
}


def assert_per_process(root: Path) -> None:
    """Each rule of PROCESS_RULES over the whole repository = its parts, one process at a time."""
    repo = load_repository(root)
    ctx = check_context(repo)
    for rid in sorted(PROCESS_RULES):
        rule = RULES[rid]
        whole = list(rule.check(ctx))
        empty = _run([rule], ctx, [])
        parts = list(empty)
        for process in repo.processes.values():
            mine = _minus(_run([rule], ctx, [process]), empty)
            parts.extend(mine)
            if process.id not in repo.variants:
                assert {f.file for f in mine} <= {process._file}, (root, rid, process.id)
        assert Counter(map(_identity, parts)) == Counter(map(_identity, whole)), (root, rid)


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_cached_rules_are_per_process_on_every_rule_case(case: Path, tmp_path: Path) -> None:
    assert_per_process(materialise(case, tmp_path / "repo"))


def test_the_cached_rules_are_per_process_on_the_example_library_and_generated_repositories(
    tmp_path: Path,
) -> None:
    assert_per_process(ROOT / "processes")
    assert_per_process(BASIC)
    assert_per_process(generate.cached_repository(tmp_path, processes=40, steps=12))


def check(root: str, *args: str) -> tuple[int, str]:
    """``procmodel check --format json`` with the findings cache only (the whole-report cache emptied)."""
    shutil.rmtree(Path(root) / CACHE_DIR / "check", ignore_errors=True)
    result = CliRunner().invoke(cli, ["check", root, "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def rules_of(out: tuple[int, str]) -> set[str]:
    return {f["rule"] for f in json.loads(out[1])["findings"]}


@pytest.mark.parametrize("kind", EDITS)
def test_a_change_to_a_file_a_finding_depends_on_invalidates_the_cached_findings(
    cached: Path, kind: str
) -> None:
    shutil.copytree(BASIC, cached / "processes")
    before = check("processes")
    assert before == check("processes") == check("processes", "--no-cache")
    assert (cached / "processes" / CACHE_DIR / FINDINGS).is_file()
    name, old, new, rule = EDITS[kind]
    path = cached / "processes" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    after = check("processes")
    assert after != before
    assert after == check("processes", "--no-cache")
    if rule is not None:
        assert rule in rules_of(after) - rules_of(before)


def test_warm_equals_cold_on_the_example_library(cached: Path) -> None:
    shutil.copytree(ROOT / "processes", cached / "processes")
    cold = check("processes", "--no-cache")
    assert check("processes") == cold  # the cache written
    assert check("processes") == cold  # the cache read
    path = sorted((cached / "processes").rglob("*.yaml"))[-1]
    path.write_text(path.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    assert check("processes") == check("processes", "--no-cache")


def _edit_steps(path: Path) -> None:
    """Give a generated process an unknown role, an unknown goal and a step without a role."""
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n    role: ")
    assert sep, path
    _role, nl, tail = rest.partition("\n")
    path.write_text(f"{head}{sep}okänd-roll{nl}{tail}", encoding="utf-8")


def test_warm_equals_cold_on_a_generated_repository_after_edits(cached: Path) -> None:
    root = generate.cached_repository(cached / "gen", processes=30, steps=12)
    rel = os.path.relpath(root)
    cold = check(rel, "--no-cache")
    assert check(rel) == cold
    files = sorted(p for p in root.rglob("*.yaml") if p.parent.name not in ("goals", CACHE_DIR))
    processes = [p for p in files if "\nsteps:" in p.read_text(encoding="utf-8")]
    for path in processes[:: max(1, len(processes) // 3)]:
        _edit_steps(path)
        warm = check(rel)
        assert warm == check(rel, "--no-cache")
        assert "PM101" in rules_of(warm)


def test_after_one_change_only_that_process_is_checked_again(cached: Path) -> None:
    root = generate.cached_repository(cached / "gen", processes=20, steps=12)

    def run() -> FindingsCache:
        inputs = check_inputs(root, fmt="json", colour=False, lang=None, env={})
        assert inputs is not None
        cache = FindingsCache(root / CACHE_DIR / FINDINGS, inputs)
        check_repository(load_repository(root), cache=cache)
        cache.save()
        return cache

    repo = load_repository(root)
    every = len(repo.processes)
    assert every == 20 + len(repo.variants) > 20  # the variants are cached too
    assert run().computed == every
    assert run().computed == 0
    path = sorted(p for p in root.rglob("*.yaml") if "\nsteps:" in p.read_text(encoding="utf-8"))[3]
    path.write_text(path.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    central = next(p for p in repo.processes.values() if repo.sources.files[p._file] == path)
    variants = [v for v, info in repo.variants.items() if info.base == central.id]
    assert run().computed == 1 + len(variants)  # the process and the variants made from it
    info = repo.variants[variants[0]] if variants else next(iter(repo.variants.values()))
    variant = repo.sources.files[info.file]
    variant.write_text(variant.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    assert run().computed == 1  # that variant alone
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    assert run().computed == every  # every process may name a role


CORRUPT = [b"\xff", b"{", b'{"format": "procmodel-findings-cache 2", "entries": 1}']


@pytest.mark.parametrize("content", CORRUPT)
def test_a_corrupt_or_planted_findings_cache_is_ignored(cached: Path, content: bytes) -> None:
    shutil.copytree(BASIC, cached / "processes")
    cold = check("processes")
    path = cached / "processes" / CACHE_DIR / FINDINGS
    path.write_bytes(content)
    assert check("processes") == cold
    data = json.loads(path.read_text(encoding="utf-8"))
    planted = {key: [{"rule": "PM101", "message": "planted"}] for key in data["entries"]}
    path.write_text(json.dumps({**data, "entries": planted}), encoding="utf-8")
    assert check("processes") == cold  # malformed entries are misses
