"""The rules across processes read only a process's projection (procmodel.check_projection)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

import pytest

from procmodel import load_repository
from procmodel.check import check_context
from procmodel.check_projection import DESCRIPTIVE_OUTCOME, DESCRIPTIVE_PROCESS, DESCRIPTIVE_STEP, projection
from procmodel.findings_cache import PROCESS_RULES, _identity
from procmodel.model import Process, Step
from procmodel.repository import Repository
from procmodel.rules import RULES
from tests.helpers import benchmark_generator
from tests.rules.test_rule_cases import case_dirs, materialise

ROOT = Path(__file__).parents[1]
generate = benchmark_generator()

ACROSS = [rid for rid in RULES if rid not in PROCESS_RULES]  # the load rules with a check of their own too


class Poison:
    """A field value no rule may use: reading it into anything raises."""

    def _used(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError("a rule across processes read a descriptive field")

    __bool__ = __str__ = __iter__ = __len__ = __eq__ = __hash__ = __format__ = _used
    __lt__ = __contains__ = __getattr__ = __getitem__ = __add__ = _used


def across(repo: Repository) -> Counter[tuple[object, ...]]:
    ctx = check_context(repo)
    return Counter(_identity(f) for rid in ACROSS for f in RULES[rid].check(ctx))


def poisoned(repo: Repository) -> Repository:
    steps: list[Step] = []
    for process in repo.processes.values():
        _poison(process, DESCRIPTIVE_PROCESS)
        steps += process.steps
    steps += [r.step for info in repo.variants.values() for r in info.removed]
    for step in steps:
        _poison(step, DESCRIPTIVE_STEP)
        for outcome in step.outcomes:
            _poison(outcome, DESCRIPTIVE_OUTCOME)
    repo._flows.clear()
    repo._reached.clear()
    return repo


def _poison(model: Process | Step | Any, names: tuple[str, ...]) -> None:
    for name in names:
        model.__dict__[name] = Poison()


def assert_projection_is_enough(root: Path) -> None:
    whole = across(load_repository(root))
    assert across(poisoned(load_repository(root))) == whole, root


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_rules_across_processes_read_no_descriptive_field_on_any_rule_case(
    case: Path, tmp_path: Path
) -> None:
    assert_projection_is_enough(materialise(case, tmp_path / "repo"))


def test_the_rules_across_processes_read_no_descriptive_field_on_the_examples_and_generated(
    tmp_path: Path,
) -> None:
    assert_projection_is_enough(ROOT / "processes")
    assert_projection_is_enough(ROOT / "tests" / "site" / "fixtures" / "basic")
    assert_projection_is_enough(generate.cached_repository(tmp_path, processes=40, steps=12))


def test_a_projection_changes_with_structure_not_with_words(tmp_path: Path) -> None:
    root = generate.cached_repository(tmp_path, processes=20, steps=12)
    repo = load_repository(root)
    before = {pid: projection(repo, p) for pid, p in repo.processes.items()}
    pid = next(p for p in repo.processes if p not in repo.variants)
    process = repo.processes[pid]
    process.title = "Ett nytt namn"
    process.steps[1].instructions = "Gör så här i stället."
    process.steps[1].role = None
    assert projection(repo, process) == before[pid]
    process.steps[1].goals = [*process.steps[1].goals, "ett-mål"]
    assert projection(repo, process) != before[pid]
    variant = next(iter(repo.variants))
    assert projection(repo, repo.processes[variant]) == before[variant]
    repo.processes[variant].steps[0].next = "någon-annanstans"
    assert projection(repo, repo.processes[variant]) != before[variant]
