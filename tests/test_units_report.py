"""``procmodel units report``: per unit, processes followed as is, adapted, and required goals lost."""

from __future__ import annotations

import json
from pathlib import Path

from procmodel import load_repository
from procmodel.units_report import as_markdown, as_text, units_report
from tests.helpers import run_procmodel
from tests.rules.test_rule_cases import copy_case

CASES = Path(__file__).parent / "rules" / "cases"
LIBRARY = Path(__file__).parents[1] / "processes"


def test_the_example_library_report_names_each_units_adaptations() -> None:
    repo = load_repository(LIBRARY)
    reports = {r.id: r for r in units_report(repo)}
    assert list(reports) == list(repo.units)
    central = len([p for p in repo.processes if p not in repo.variants])
    assert len(reports["norrbyskolan"].as_is) == central and reports["norrbyskolan"].adapted == []
    gy, wheel = reports["ekbackegymnasiet"].adapted
    assert gy.process == "frånvarohantering"
    assert wheel.process == "systematiskt-kvalitetsarbete"  # its own weeks on the annual wheel
    assert wheel.replaced == {"vecka-44": ["timer", "schedule"]} and wheel.goals_lost == []
    assert gy.added == ["daglig-närvarogenomgång"]
    assert list(gy.removed) == ["veckogenomgång"]
    assert gy.replaced == {"informera-samma-dag": ["role"]}
    assert gy.goals_lost == []
    assert "frånvarohantering" not in reports["ekbackegymnasiet"].as_is


def test_a_variant_that_drops_a_required_goal_is_named_in_every_format(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    copy_case(CASES / "PM704-variant-drops-required-goal" / "invalid", root)
    (root / "expected.txt").unlink()
    (report,) = units_report(load_repository(root))
    assert report.adapted[0].goals_lost == ["sl-6-10"]
    assert "sl-6-10" in as_text([report]) and "| Ekskolan |" in as_markdown([report])
    run = run_procmodel("--lang", "en", "units", "report", ".", "--format", "json", cwd=root)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["units"][0]["adapted"][0]["removed"] == {"anmäl": "Rektor får veta det ändå."}
    assert data["units"][0]["adapted"][0]["goals_lost"] == ["sl-6-10"]


def test_without_an_organisation_the_report_says_how_to_add_one(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    copy_case(CASES / "PM203-unreachable-step" / "valid", root)
    run = run_procmodel("--lang", "en", "units", "report", ".", cwd=root)
    assert run.returncode == 0 and "add organisation.yaml" in run.stdout
