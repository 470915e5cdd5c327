"""``procmodel units report``: per unit, processes followed as is, adapted, and required goals lost."""

from __future__ import annotations

import json
from pathlib import Path

from procmodel import load_repository
from procmodel.unit_coverage import CellState
from procmodel.units_report import Report, as_markdown, as_text, full_report, units_report
from tests.helpers import run_procmodel
from tests.rules.test_rule_cases import copy_case

CASES = Path(__file__).parent / "rules" / "cases"
LIBRARY = Path(__file__).parents[1] / "processes"


def test_the_example_library_report_names_each_units_adaptations() -> None:
    repo = load_repository(LIBRARY)
    reports = {r.id: r for r in units_report(repo)}
    assert list(reports) == list(repo.units)
    lillhagen = reports["lillhagenskolan"]
    states = {c.process: c.state for c in lillhagen.matrix}
    assert len(lillhagen.matrix) == len([p for p in repo.processes if p not in repo.variants])
    assert lillhagen.as_is == sorted(p for p, s in states.items() if s is CellState.central)
    assert states["förskoleplacering"] is CellState.not_applicable  # applies_to: förskola
    assert states["tjänstefördelning"] is CellState.missing  # a draft
    assert states["utvecklingssamtal-och-iup"] is CellState.variant
    gy, wheel = reports["ekbackegymnasiet"].adapted
    assert gy.process == "frånvarohantering"
    assert wheel.process == "systematiskt-kvalitetsarbete"  # its own weeks on the annual wheel
    assert wheel.replaced == {"vecka-44": ["timer", "schedule"]} and wheel.goals_lost == []
    assert gy.added == ["daglig-närvarogenomgång"]
    assert list(gy.removed) == ["veckogenomgång", "anmäl-till-huvudman"]  # no skolplikt
    assert gy.replaced == {"informera-samma-dag": ["role"]}
    assert gy.goals_lost == []
    assert "frånvarohantering" not in reports["ekbackegymnasiet"].as_is


def test_a_variant_that_drops_a_required_goal_is_named_in_every_format(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    copy_case(CASES / "PM704-variant-drops-required-goal" / "invalid", root)
    (root / "expected.txt").unlink()
    (report,) = units_report(load_repository(root))
    assert report.adapted[0].goals_lost == ["sl-6-10"]
    whole = Report([report], names={"sl-6-10": "Skollag 6 kap. 10 §"})
    assert "sl-6-10" in as_text(whole) and "| Ekskolan |" in as_markdown(whole)
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


def test_each_unit_counts_the_required_goals_of_the_processes_for_it() -> None:
    repo = load_repository(LIBRARY)
    report = full_report(repo)
    units = {r.id: r for r in report.units}
    required = len(report.names)
    humlan, lillhagen = units["förskolan-humlan"].coverage, units["lillhagenskolan"].coverage
    # åtgärdsprogram (3 kap. 9 §) is served only by processes for schools: not a förskola's
    assert "sl-3-9" in humlan.not_applicable and "sl-3-9" in lillhagen.served
    assert set(humlan.not_applicable) <= set(lillhagen.served + lillhagen.missing)
    for cov in (humlan, lillhagen):
        assert cov.required + len(cov.not_applicable) == required
        assert sorted(cov.served + cov.missing) == sorted(set(report.names) - set(cov.not_applicable))
    assert "sl-3-12j" in lillhagen.missing  # served by no process at all
    (row,) = [g for g in report.goals if g.goal == "sl-3-12j"]
    assert row.served_by == [] and "lillhagenskolan" in row.not_served_by
    run = run_procmodel("--lang", "en", "units", "report", str(LIBRARY), cwd=LIBRARY.parent)
    assert f"serves {len(lillhagen.served)} of {lillhagen.required} required goals; missing: " in run.stdout
    md = run_procmodel(
        "--lang", "en", "units", "report", str(LIBRARY), "--format", "markdown", cwd=LIBRARY.parent
    )
    assert "## Units × processes" in md.stdout and "| förskoleplacering |" in md.stdout
    data = json.loads(
        run_procmodel("units", "report", str(LIBRARY), "--format", "json", cwd=LIBRARY.parent).stdout
    )
    cells = {c["process"]: c for c in data["units"][list(units).index("ekbackegymnasiet")]["matrix"]}
    assert cells["frånvarohantering"]["state"] == "variant" and cells["frånvarohantering"]["changed"] == 4
    assert "anmäl-till-huvudman" in cells["frånvarohantering"]["goal_steps"]
    assert cells["förskoleplacering"]["state"] == "not-applicable"
