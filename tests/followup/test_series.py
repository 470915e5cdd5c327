"""Indicator series over the periods (what a chart and its table show)."""

from __future__ import annotations

from pathlib import Path

from procmodel import load_repository
from procmodel.followup.series import goal_indicators, indicator_series


def test_one_series_per_unit_and_group_over_every_period(repo_dir: Path) -> None:
    csv = repo_dir / "uppföljning" / "indikatorer" / "trygghet.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "huvudman;2026-vt;trygghet;87;\n", encoding="utf-8")
    series = indicator_series(load_repository("."), "trygghet")
    assert [(s.unit, s.name, s.group, s.points) for s in series] == [
        ("ekskolan", "Ekskolan", None, [("2025-ht", 91.5), ("2026-vt", None)]),
        ("lindskolan", "Lindskolan", None, [("2025-ht", 88.0), ("2026-vt", None)]),
        ("lindskolan", "Lindskolan", "flickor", [("2025-ht", 86.0), ("2026-vt", None)]),
        ("huvudman", "Påhittade kommunen", None, [("2025-ht", None), ("2026-vt", 87.0)]),
    ]
    assert [s.unit for s in indicator_series(load_repository("."), "trygghet", unit="ekskolan")] == [
        "ekskolan",
        "huvudman",
    ]


def test_the_indicators_of_a_goal_include_those_of_the_goals_below(repo_dir: Path) -> None:
    repo = load_repository(".")
    assert [i.id for i in goal_indicators(repo, "trygga-elever")] == ["trygghet"]
    assert [i.id for i in goal_indicators(repo, "trygghet")] == ["trygghet"]  # the goal area
    assert goal_indicators(repo, "läsning") == []
