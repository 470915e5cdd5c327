"""One CheckContext per run: severities resolved once, coverage computed once, rules asking about rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.check import check_context
from procmodel.coverage import compute_coverage
from procmodel.model import Severity
from procmodel.rules import RULES
from procmodel.rules import context as context_module
from tests.rules.test_rule_cases import materialise

EXAMPLE = Path(__file__).resolve().parents[2] / "processes"
PM605_CASE = Path(__file__).parent / "cases" / "PM605-municipal-goal-not-national" / "invalid"


def test_coverage_is_computed_once_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    repo = load_repository(EXAMPLE)
    repo.config.coverage.minimum = {next(iter(repo.catalogs)): 10.0}
    assert repo.config.coverage.required  # PM601 and PM603 both need the coverage
    calls: list[object] = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return compute_coverage(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(context_module, "compute_coverage", counted)
    check_repository(repo)
    assert len(calls) == 1


def test_the_context_resolves_every_rule_and_applies_the_configuration() -> None:
    repo = load_repository(EXAMPLE)
    ctx = check_context(repo)
    assert set(ctx.severities) == set(RULES)
    assert ctx.coverage is ctx.coverage
    repo.config.rules["PM501"] = Severity.off
    quiet = check_context(repo)
    assert not quiet.enabled("PM501") and quiet.severity("PM501") is Severity.off
    assert ctx.enabled("PM501")


def test_pm605_speaks_where_pm501_is_off(tmp_path: Path) -> None:
    """PM605 leaves a goal without `supports` to PM501, unless PM501 is off."""
    root = materialise(PM605_CASE, tmp_path)
    goals = root / "goals" / "kommun.yaml"
    goals.write_text(goals.read_text(encoding="utf-8") + "  - id: km-3\n    title: Utan stöd\n", "utf-8")
    repo = load_repository(root)
    default = [f.subject for f in check_repository(repo) if f.rule == "PM605"]
    repo.config.rules["PM501"] = Severity.off
    with_pm501_off = [f.subject for f in check_repository(repo) if f.rule == "PM605"]
    assert set(default) <= set(with_pm501_off)
    unsupported = {gid for gid, g in repo.goals.items() if repo.is_municipal(gid) and not g.supports}
    assert unsupported and unsupported <= set(with_pm501_off) and not unsupported & set(default)
