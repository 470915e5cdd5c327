"""The follow-up report as data: the matrix of a period, missing assessments, overdue actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from procmodel import load_repository
from procmodel.followup.report import all_periods, default_period, followup_report


def test_the_matrix_has_a_row_per_unit_and_a_column_per_goal_assessed(repo_dir: Path) -> None:
    report = followup_report(load_repository("."), "2025-ht")
    assert report.title == "Hösten 2025" and report.due == "2026-01-31" and report.today == "2026-03-01"
    assert [r.id for r in report.units] == ["ekskolan", "lindskolan", "askskolan"]
    assert [(g.id, g.label, g.area, g.area_label) for g in report.goals] == [
        ("trygga-elever", "1.1 Alla elever känner sig trygga", "trygghet", "1 Trygghet"),
        ("inga-kränkningar", "1.2 Kränkningar upptäcks tidigt", "trygghet", "1 Trygghet"),
    ]
    levels = {r.id: {g: (c.level, c.label, c.rank) for g, c in r.levels.items()} for r in report.units}
    assert levels == {
        "ekskolan": {"inga-kränkningar": ("delvis", "Delvis uppfyllt", 1)},
        "lindskolan": {
            "trygga-elever": ("uppfyllt", "Uppfyllt", 2),
            "inga-kränkningar": ("uppfyllt", "Uppfyllt", 2),
        },
        "askskolan": {},
    }
    ek = report.units[0]
    assert ek.file == "uppföljning/ekskolan/2025-ht.yaml" and ek.development_areas == ["Anmäl samma dag"]
    assert ek.levels["inga-kränkningar"].evidence == [
        {"url": "https://exempel.example/rapport", "title": "Sammanställning"},
        {"indicator": "trygghet", "title": "Andel trygga elever"},
    ]
    assert [(m.unit, m.past_due) for m in report.missing] == [("askskolan", True)]
    assert [(o.unit, o.activity, o.days, o.status) for o in report.overdue] == [
        ("lindskolan", "rastvärdar", 28, "pågår")
    ]


def test_a_period_not_yet_due_lists_its_missing_units_as_not_past(repo_dir: Path) -> None:
    report = followup_report(load_repository("."), "2026-vt")
    assert report.goals == [] and all(not r.levels for r in report.units)
    assert [(m.unit, m.due, m.past_due) for m in report.missing] == [
        ("ekskolan", "2026-06-30", False),
        ("lindskolan", "2026-06-30", False),
        ("askskolan", "2026-06-30", False),
    ]


def test_the_default_period_is_the_latest_assessed(repo_dir: Path) -> None:
    repo = load_repository(".")
    assert all_periods(repo) == ["2025-ht", "2026-vt"]
    assert default_period(repo) == "2025-ht"
    assert followup_report(repo).period == "2025-ht"


def test_today_may_be_given(repo_dir: Path) -> None:
    report = followup_report(load_repository("."), "2025-ht", today=dt.date(2026, 1, 15))
    assert report.missing[0].past_due is False and report.overdue == []


def test_a_repository_without_follow_up_gives_an_empty_report(tmp_path: Path) -> None:
    (tmp_path / "procmodel.yaml").write_text("name: Tom\n", encoding="utf-8")
    report = followup_report(load_repository(tmp_path))
    assert report.period is None and report.units == [] and report.goals == [] and report.missing == []
    assert report.scale[0].label == "Inte uppfyllt"  # the default scale
