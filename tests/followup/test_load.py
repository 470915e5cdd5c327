"""The follow-up files are found under uppföljning/ and put on ``repo.followup``."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from procmodel import check_repository, load_repository
from procmodel.followup.model import ActivityStatus
from procmodel.load.discovery import discover
from procmodel.report.text import headline

ROOT = Path(__file__).resolve().parents[2]


def test_discovery_sorts_the_follow_up_files_by_kind(repo_dir: Path) -> None:
    (repo_dir / "uppföljning" / "anteckningar.csv").write_text("a;b\n", encoding="utf-8")  # not ours
    (repo_dir / "p" / "data.csv").write_text("a;b\n", encoding="utf-8")
    found = discover(repo_dir.resolve())
    rel = lambda paths: sorted(p.relative_to(repo_dir.resolve()).as_posix() for p in paths)  # noqa: E731
    assert rel(found.assessments) == [
        "uppföljning/ekskolan/2025-ht.yaml",
        "uppföljning/lindskolan/2025-ht.yaml",
    ]
    assert rel(found.plans) == ["uppföljning/lindskolan/2026-vt-plan.yaml"]
    assert rel(found.indicator_values) == ["uppföljning/indikatorer/trygghet.csv"]
    assert found.indicator_catalog is not None and found.indicator_catalog.name == "indikatorer.yaml"
    assert rel(found.processes) == ["p/kränkning.yaml"]


def test_a_decomposed_folder_name_is_the_same_folder(repo_dir: Path) -> None:
    """macOS may store 'uppföljning' with a combining diaeresis."""
    nfd = unicodedata.normalize("NFD", "uppföljning")
    (repo_dir / "uppföljning").rename(repo_dir / nfd)
    repo = load_repository(".")
    assert set(repo.followup.assessments) == {("ekskolan", "2025-ht"), ("lindskolan", "2025-ht")}
    assert len(repo.followup.values) == 3


def test_the_repository_exposes_what_the_files_say(repo_dir: Path) -> None:
    repo = load_repository(".")
    followup = repo.followup
    assert followup.catalog is not None and followup.catalog.example_data is True
    assert list(followup.indicators) == ["trygghet"]
    plan = followup.plans["lindskolan", "2026-vt"]
    assert plan.file == "uppföljning/lindskolan/2026-vt-plan.yaml"
    statuses = [a.status for a in plan.data.goals[0].activities]
    assert statuses == [ActivityStatus.pågår, ActivityStatus.klar, ActivityStatus.planerad]
    ek = followup.assessments["ekskolan", "2025-ht"].data
    assert ek.assessments[0].level == "delvis"
    assert [e.indicator for e in ek.assessments[0].evidence] == [None, "trygghet"]


def test_a_level_written_as_a_number_is_the_level_text(repo_dir: Path) -> None:
    (repo_dir / "procmodel.yaml").write_text(
        "today: 2026-03-01\nfollowup:\n  scale:\n    - {value: 1, label: Låg}\n"
        "    - {value: 2, label: Hög}\n",
        encoding="utf-8",
    )
    path = repo_dir / "uppföljning" / "lindskolan" / "2025-ht.yaml"
    path.write_text(
        "unit: lindskolan\nperiod: 2025-ht\nassessments:\n  - goal: läsning\n    level: 2\n", encoding="utf-8"
    )
    repo = load_repository(".")
    assert repo.followup.assessments["lindskolan", "2025-ht"].data.assessments[0].level == "2"
    assert repo.config.followup.rank("2") == 1


def test_a_javascript_link_is_a_located_schema_error(repo_dir: Path) -> None:
    path = repo_dir / "uppföljning" / "ekskolan" / "2025-ht.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("https://exempel.example/rapport", "javascript:alert(1)")
    )
    lines = [headline(f) for f in check_repository(load_repository(".")) if f.rule == "PM010"]
    assert lines == [
        "uppföljning/ekskolan/2025-ht.yaml:9:14: error PM010 schema: "
        "'javascript:alert(1)' is not an http(s) address"
    ]


def test_an_activity_needs_someone_responsible(repo_dir: Path) -> None:
    path = repo_dir / "uppföljning" / "lindskolan" / "2026-vt-plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("        person: Anna Exempel\n", ""))
    findings = [f for f in check_repository(load_repository(".")) if f.rule == "PM010"]
    assert [f.message for f in findings] == [
        "an activity needs a responsible 'role:' (from roles.yaml) or 'person:'"
    ]
    assert findings[0].location is not None and findings[0].location.line == 11


def test_the_example_library_has_two_periods_for_four_units_or_more() -> None:
    repo = load_repository(ROOT / "processes")
    by_period: dict[str, set[str]] = {}
    for unit, period in repo.followup.assessments:
        by_period.setdefault(period, set()).add(unit)
    assert len([p for p, units in by_period.items() if len(units) >= 4]) >= 2
    assert repo.followup.values and repo.followup.plans
    assert repo.followup.catalog is not None and repo.followup.catalog.example_data
    csv = (ROOT / "processes" / repo.followup.value_files[0].split("processes/", 1)[1]).read_text(
        encoding="utf-8"
    )
    assert csv.startswith("# EXEMPELDATA")
    # every assessment file says what its path says
    for (unit, period), loaded in repo.followup.assessments.items():
        assert Path(loaded.file).parent.name == unit and Path(loaded.file).stem == period
        assert yaml.safe_load(Path(loaded.file).read_text(encoding="utf-8"))["unit"] == unit


def test_the_example_library_has_no_follow_up_errors() -> None:
    repo = load_repository(ROOT / "processes")
    errors = [
        headline(f) for f in check_repository(repo) if f.rule.startswith("PM8") and f.severity == "error"
    ]
    assert errors == []
    assert any(f.rule == "PM807" for f in check_repository(repo))  # the overdue activity


def test_an_indicator_file_with_an_upper_case_suffix_is_reported_not_read(repo_dir: Path) -> None:
    folder = repo_dir / "uppföljning" / "indikatorer"
    (folder / "trygghet.csv").rename(folder / "Trygghet.CSV")
    (repo_dir / "p" / "Bilaga.CSV").write_text("a;b\n", encoding="utf-8")  # not an indicator file: not ours
    repo = load_repository(".")
    assert repo.followup.values == []
    assert [(f.rule, f.file) for f in repo.findings] == [("PM013", "uppföljning/indikatorer/Trygghet.CSV")]


def test_a_follow_up_file_in_the_wrong_place_is_reported(repo_dir: Path) -> None:
    folder = repo_dir / "uppföljning" / "lindskolan"
    (folder / "2026-vt-plan.yaml").rename(folder / "vår-plan.yaml")
    (folder / "2025-ht.yaml").rename(repo_dir / "uppföljning" / "ekskolan" / "lind.yaml")
    lines = [headline(f) for f in check_repository(load_repository(".")) if f.rule == "PM106"]
    assert lines == [
        "uppföljning/ekskolan/lind.yaml:1:7: error PM106 file-name-mismatch: the file is for unit "
        "'lindskolan' and period '2025-ht', so it belongs at uppföljning/lindskolan/2025-ht.yaml",
        "uppföljning/lindskolan/vår-plan.yaml:1:7: error PM106 file-name-mismatch: the file is for unit "
        "'lindskolan' and period '2026-vt', so it belongs at uppföljning/lindskolan/2026-vt-plan.yaml",
    ]
    assert ("lindskolan", "2025-ht") in load_repository(".").followup.assessments  # still read
