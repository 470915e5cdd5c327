"""The example library in processes/ is real, complete and passes the checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.coverage import compute_coverage, required_goals
from procmodel.model import StepType

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = ROOT / "processes"


@pytest.fixture(scope="module")
def repo():
    return load_repository(PROCESSES)


def test_check_passes_with_no_errors():
    run = subprocess.run(
        [sys.executable, "-m", "procmodel", "check", str(PROCESSES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_library_is_large_enough(repo):
    assert len(repo.processes) >= 27  # issue 15: a library a municipality recognises
    assert sum(len(p.steps) for p in repo.processes.values()) >= 150
    assert len(repo.roles) >= 12


def test_catalogs_cover_the_steering_documents(repo):
    for catalog in ("skollagen", "lgr22", "lpfö18", "gy11"):
        assert catalog in repo.catalogs, catalog
    assert any(c.kind.value == "municipal" for c in repo.catalogs.values())
    lgr22_sections = {g.number for g in repo.catalog_goals("lgr22") if g.number}
    for section in ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"):
        assert section in lgr22_sections, section
    # statute references carry their official numbering
    assert any(g.number == "6 kap. 10 §" for g in repo.catalog_goals("skollagen"))


def test_every_municipal_goal_supports_a_national_goal(repo):
    for gid in repo.goals:
        goal = repo.goals[gid]
        if repo.is_municipal(gid) and not goal.goals:
            assert goal.supports, gid
            assert all(not repo.is_municipal(t) for t in goal.supports), gid


def test_library_uses_the_whole_step_vocabulary(repo):
    used = {s.type for p in repo.processes.values() for s in p.steps}
    for kind in (
        StepType.start,
        StepType.end,
        StepType.task,
        StepType.decision,
        StepType.parallel,
        StepType.join,
        StepType.subprocess,
        StepType.event,
    ):
        assert kind in used, kind


def test_swedish_letters_in_ids_and_file_names(repo):
    assert any(set(pid) & set("åäö") for pid in repo.processes)
    assert any(set(f) & set("åäö") for f in repo.sources.files)


def test_coverage_findings_match_the_coverage_query(repo):
    """PM601 reports exactly the required goals the coverage query finds unserved."""
    findings = check_repository(repo)
    required = required_goals(repo)
    coverage = compute_coverage(repo)
    assert any(coverage[g].covered for g in required), "the library serves required goals"
    gaps = {g for g in required if not coverage[g].covered}
    assert {f.subject for f in findings if f.rule == "PM601"} <= gaps
    # honest: the catalogs hold goals no process serves yet, and the report can show them
    assert any(not c.covered for c in coverage.values())


def test_the_processes_the_review_found_missing_are_there(repo):
    for pid in (
        "förskoleplacering",
        "skolplacering",
        "mottagande-av-nyanlända",
        "modersmålsundervisning",
        "ordningsregler",
        "prövning",
        "skolskjuts",
        "personuppgiftsincident",
        "gå-om-en-årskurs",
        "systematiskt-arbetsmiljöarbete",
        "plan-mot-kränkande-behandling",
    ):
        assert pid in repo.processes, pid


def test_a_deadline_the_law_sets_rests_on_checked_text_or_says_it_does_not(repo):
    """A 'basis: law' deadline on a paragraph whose text is unverified must say it is unchecked."""
    seen = 0
    for p in repo.processes.values():
        for s in p.steps:
            d = s.deadline
            if d is None or getattr(d, "basis", None) is None or d.basis.value != "law" or not d.goal:
                continue
            seen += 1
            goal = repo.goals[d.goal]
            if goal.wording.value == "unverified":
                assert "inte kontrollerad" in (d.citation or ""), (p.id, s.id)
    assert seen >= 2
