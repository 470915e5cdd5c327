"""Which goals a unit's processes serve: central processes, the unit's variants, goals above and below."""

from __future__ import annotations

from pathlib import Path

from procmodel import load_repository
from procmodel.followup.served import served_goals, unit_processes


def test_a_unit_without_variants_serves_what_the_central_processes_serve(repo_dir: Path) -> None:
    repo = load_repository(".")
    assert [p.id for p in unit_processes(repo, "lindskolan")] == ["kränkning"]
    served = served_goals(repo, "lindskolan")
    assert {"trygga-elever", "inga-kränkningar"} <= served
    assert {"trygghet", "mål"} <= served  # the goal above and the catalog
    assert "läsning" not in served and "kunskap" not in served


def test_a_step_the_unit_removes_serves_nothing_there(repo_dir: Path) -> None:
    repo = load_repository(".")
    assert [p.id for p in unit_processes(repo, "ekskolan")] == ["kränkning@ekskolan"]
    assert "trygga-elever" not in served_goals(repo, "ekskolan")
    assert "inga-kränkningar" in served_goals(repo, "ekskolan")


def test_a_goal_named_high_up_serves_the_goals_below(repo_dir: Path) -> None:
    path = repo_dir / "p" / "kränkning.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("goals: [inga-kränkningar]", "goals: [kunskap]"))
    assert "läsning" in served_goals(load_repository("."), "lindskolan")


def test_a_retired_process_serves_nothing(repo_dir: Path) -> None:
    path = repo_dir / "p" / "kränkning.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: approved", "status: retired"))
    assert served_goals(load_repository("."), "lindskolan") == set()
