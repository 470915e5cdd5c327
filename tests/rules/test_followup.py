"""The follow-up rules on the fixture repository (their own cases are in cases/PM80*)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from procmodel import check_repository, load_repository
from procmodel.report.text import headline
from tests.followup import conftest as followup_conftest

#: The follow-up tests' fixture (a copy of their repository, the working folder set there).
repo_dir = followup_conftest.repo_dir


def _lines(rule: str) -> list[str]:
    return [headline(f) for f in check_repository(load_repository(".")) if f.rule == rule]


def _set_today(repo_dir: Path, today: str | None) -> None:
    config = repo_dir / "procmodel.yaml"
    text = config.read_text(encoding="utf-8").replace("today: 2026-03-01\n", "")
    config.write_text((f"today: {today}\n" if today else "") + text, encoding="utf-8")


def test_a_missing_assessment_past_due_gets_a_finding(repo_dir: Path) -> None:
    """Done when: a missing assessment past due gets a finding."""
    assert _lines("PM803") == [
        "procmodel.yaml:9:40: warning PM803 assessment-missing: unit 'askskolan' has no assessment for "
        "period '2025-ht', due 2026-01-31 (29 days ago)"
    ]


def test_nothing_is_missing_before_the_due_date(repo_dir: Path) -> None:
    _set_today(repo_dir, "2026-01-31")
    assert _lines("PM803") == []


def test_after_the_next_due_date_every_unit_is_missing_its_assessment(repo_dir: Path) -> None:
    _set_today(repo_dir, "2026-07-01")
    assert [line.split(": ", 2)[2] for line in _lines("PM803")] == [
        "unit 'askskolan' has no assessment for period '2025-ht', due 2026-01-31 (151 days ago)",
        "unit 'ekskolan' has no assessment for period '2026-vt', due 2026-06-30 (1 days ago)",
        "unit 'lindskolan' has no assessment for period '2026-vt', due 2026-06-30 (1 days ago)",
        "unit 'askskolan' has no assessment for period '2026-vt', due 2026-06-30 (1 days ago)",
    ]


def test_without_a_fixed_today_the_real_date_counts(repo_dir: Path) -> None:
    _set_today(repo_dir, None)
    missing = _lines("PM803")
    past = [d for d in (dt.date(2026, 1, 31), dt.date(2026, 6, 30)) if d < dt.date.today()]
    assert len(missing) == (1 if len(past) == 1 else 4 if past else 0)


def test_only_the_units_listed_take_part(repo_dir: Path) -> None:
    config = repo_dir / "procmodel.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "  units: [ekskolan, lindskolan]\n", encoding="utf-8"
    )
    assert _lines("PM803") == []


def test_a_goal_the_unit_removed_from_its_variant_is_not_served(repo_dir: Path) -> None:
    path = repo_dir / "uppföljning" / "ekskolan" / "2025-ht.yaml"
    path.write_text(
        "unit: ekskolan\nperiod: 2025-ht\nassessments:\n  - goal: inga-kränkningar\n    level: delvis\n"
        "  - goal: trygga-elever\n    level: uppfyllt\n",
        encoding="utf-8",
    )
    assert _lines("PM802") == [
        "uppföljning/ekskolan/2025-ht.yaml:6:11: warning PM802 assessed-goal-not-served: unit 'ekskolan' "
        "assesses goal 'trygga-elever', which none of its processes serve"
    ]


def test_an_overdue_activity_is_a_warning_and_a_done_one_is_not(repo_dir: Path) -> None:
    assert _lines("PM807") == [
        "uppföljning/lindskolan/2026-vt-plan.yaml:9:14: warning PM807 action-overdue: activity "
        "'Rastvärdar i korridoren' was due 2026-02-01 (28 days ago) and is not done"
    ]
    _set_today(repo_dir, "2026-05-02")
    assert len(_lines("PM807")) == 2  # 'Värdegrundslektioner' (planned) is late too; the done one is not


def test_an_unknown_role_in_a_work_plan_is_located_with_a_suggestion(repo_dir: Path) -> None:
    path = repo_dir / "uppföljning" / "lindskolan" / "2026-vt-plan.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("role: lärare", "role: larare"), encoding="utf-8"
    )
    findings = [f for f in check_repository(load_repository(".")) if f.rule == "PM801"]
    assert [(str(f.location), f.hint) for f in findings] == [
        ("uppföljning/lindskolan/2026-vt-plan.yaml:16:15", "Did you mean 'lärare'?")
    ]


def test_the_follow_up_rules_can_be_turned_down(repo_dir: Path) -> None:
    config = repo_dir / "procmodel.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "rules:\n  assessment-missing: off\n  PM807: info\n",
        encoding="utf-8",
    )
    findings = check_repository(load_repository("."))
    assert not [f for f in findings if f.rule == "PM803"]
    assert [f.severity.value for f in findings if f.rule == "PM807"] == ["info"]
