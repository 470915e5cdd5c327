"""Pull-request mode: findings only for changed files, and the coverage delta read from git history."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.changes import map_line
from procmodel.cli.init import scaffold
from procmodel.coverage import compute_coverage, required_goals
from tests.helpers import GIT_ENV, run_procmodel

ROOT = Path(__file__).parents[1]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def commit_all(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)


def procmodel(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # the example library's procmodel.yaml says 'language: sv'; these tests read the English messages
    return run_procmodel("--lang", "en", *args, cwd=cwd, env=GIT_ENV)


def new_repo(tmp_path: Path) -> Path:
    """A git repository holding a fresh `procmodel init` library, committed."""
    work = tmp_path / "bibliotek"
    scaffold(work, "Testkommunen")
    git(work, "init", "-q", "-b", "main")
    commit_all(work, "start")
    return work


def remove_lines(path: Path, first: int, last: int) -> None:
    """Delete lines first..last (1-based, inclusive) of a file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: first - 1] + lines[last:]), encoding="utf-8")


def step_span(repo, process_id: str, step_id: str) -> tuple[Path, int, int]:
    """File and first/last line of one step in the YAML source."""
    p = repo.processes[process_id]
    step = p.step(step_id)
    first = repo.sources.locate(repo.step_ref(p, step._index)).line
    path = repo.sources.files[p._file]
    if step._index + 1 < len(p.steps):
        last = repo.sources.locate(repo.step_ref(p, step._index + 1)).line - 1
    else:
        last = len(path.read_text(encoding="utf-8").splitlines())
    return path, first, last


# the "done when" scenario, on the real example library -------------------------------------------


def test_removing_the_only_step_serving_a_required_goal_fails_at_the_change(tmp_path: Path) -> None:
    work = tmp_path / "kommun"
    shutil.copytree(ROOT / "processes", work / "processes")
    git(work, "init", "-q", "-b", "main")
    commit_all(work, "the example library")

    repo = load_repository(work / "processes")
    coverage = compute_coverage(repo)
    only = [
        (gid, cov.services[0])
        for gid, cov in coverage.items()
        if gid in required_goals(repo) and len(cov.services) == 1 and cov.services[0].via is None
    ]
    if not only:
        pytest.skip("the example library has no required goal served by exactly one step right now")
    goal, service = only[0]
    path, first, last = step_span(repo, service.process, service.step)
    remove_lines(path, first, last)
    commit_all(work, f"remove step {service.step}")

    run = procmodel(work, "check", "processes", "--changed-since", "HEAD~1")
    assert run.returncode == 1, run.stdout + run.stderr
    display = os.path.relpath(path, work)
    lost = [line for line in run.stdout.splitlines() if "PM608 required-goal-lost" in line]
    # one line per required goal the step alone served, each at the file and line of the change
    also = {
        gid
        for gid, cov in coverage.items()
        if gid in required_goals(repo)
        and cov.services
        and all((s.process, s.step) == (service.process, service.step) for s in cov.services)
    }
    assert len(lost) == len(also), run.stdout
    assert all(line.startswith(f"{display}:{first}:") for line in lost)
    mine = next(line for line in lost if f"({goal}) uncovered" in line)
    assert repo.goals[goal].number in mine
    assert f"{len(also)} goal(s) lost" in run.stderr

    as_json = json.loads(
        procmodel(work, "check", "processes", "--changed-since", "HEAD~1", "--format", "json").stdout
    )
    delta = [f for f in as_json["findings"] if f["rule"] == "PM608"]
    assert {f["subject"] for f in delta} == also
    assert all(f["file"] == display and f["line"] == first for f in delta)
    # findings in files the change did not touch are not shown
    assert {f["file"] for f in as_json["findings"]} == {display}


# the same, in detail, on a small library ----------------------------------------------------------


def test_unchanged_repository_has_no_delta(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    run = procmodel(work, "check", "processes", "--changed-since", "HEAD")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 file(s) changed since HEAD" in run.stderr and "0 goal(s) lost, 0 gained" in run.stderr


def test_uncommitted_goal_link_removal_points_at_the_goals_list(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    process = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    text = process.read_text(encoding="utf-8")
    # the municipal goal is served by 'utred' and 'vidta-åtgärder': unlink both (not committed)
    text = text.replace(
        "goals: [sl-6-10, km-inga-kränkningar]\n    instructions", "goals: [sl-6-10]\n    instructions"
    )
    text = text.replace("    goals: [km-inga-kränkningar]\n", "")
    process.write_text(text, encoding="utf-8")
    run = procmodel(work, "check", "processes", "--changed-since", "HEAD")
    assert run.returncode == 1, run.stdout + run.stderr
    lost = [line for line in run.stdout.splitlines() if "PM608" in line]
    assert len(lost) == 1 and "(km-inga-kränkningar) uncovered" in lost[0]
    lines = text.splitlines()
    utred = lines.index("  - id: utred")
    goals_line = next(i for i in range(utred, len(lines)) if lines[i].strip().startswith("goals:")) + 1
    assert lost[0].startswith(f"processes/trygghet/kränkande-behandling.yaml:{goals_line}:")


def test_newly_covered_goal_is_reported_at_its_step(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    process = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    text = process.read_text(encoding="utf-8").replace(
        "    title: Dokumentera beslutet\n", "    title: Dokumentera beslutet\n    goals: [sl-6-8]\n"
    )
    process.write_text(text, encoding="utf-8")
    commit_all(work, "serve 6 kap. 8 §")
    run = procmodel(work, "check", "processes", "--changed-since", "HEAD~1")
    assert run.returncode == 0, run.stdout + run.stderr
    gained = [line for line in run.stdout.splitlines() if "PM610 goal-now-covered" in line]
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if "goals: [sl-6-8]" in line)
    assert len(gained) == 1 and gained[0].startswith(
        f"processes/trygghet/kränkande-behandling.yaml:{line_no}:"
    )
    assert "Skollagen 6 kap. 8 § (sl-6-8) is now covered" in gained[0]
    md = procmodel(work, "check", "processes", "--changed-since", "HEAD~1", "--format", "markdown").stdout
    assert "Goal coverage since `HEAD~1`" in md and "is now covered" in md


def test_status_change_points_at_status(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    process = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    text = process.read_text(encoding="utf-8").replace("status: approved", "status: draft")
    process.write_text(text, encoding="utf-8")
    run = procmodel(work, "check", "processes", "--changed-since", "HEAD")
    status_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("status:"))
    lost = [line for line in run.stdout.splitlines() if "PM608" in line]
    assert lost and all(
        line.startswith(f"processes/trygghet/kränkande-behandling.yaml:{status_line}:") for line in lost
    )
    assert run.returncode == 1


def test_deleted_supporting_goal_points_at_the_step_still_naming_it(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    goals = work / "processes" / "goals" / "kommunens-mål.yaml"
    extra = "  - id: km-x\n    title: Extra\n    supports: [sl-6-8]\n"
    goals.write_text(goals.read_text(encoding="utf-8") + extra, encoding="utf-8")
    process = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    text = process.read_text(encoding="utf-8").replace(
        "    goals: [km-inga-kränkningar]\n", "    goals: [km-inga-kränkningar, km-x]\n"
    )
    process.write_text(text, encoding="utf-8")
    commit_all(work, "sl-6-8 served only through km-x")
    goals.write_text(goals.read_text(encoding="utf-8").replace(extra, ""), encoding="utf-8")
    run = procmodel(work, "check", "processes", "--changed-since", "HEAD")
    assert "internal error" not in run.stderr, run.stderr
    lost = [line for line in run.stdout.splitlines() if "PM609" in line and "(sl-6-8) uncovered" in line]
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if "km-x]" in line)
    column = text.splitlines()[line_no - 1].index("km-x") + 1
    assert lost and lost[0].startswith(f"processes/trygghet/kränkande-behandling.yaml:{line_no}:{column}:")


def test_findings_in_unchanged_files_are_hidden(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    roles = work / "processes" / "roles.yaml"
    roles.write_text(
        roles.read_text(encoding="utf-8") + "  - id: ny-roll\n    name: Ny roll\n", encoding="utf-8"
    )
    broken = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("role: rektor\n", "role: rektorn\n", 1), encoding="utf-8"
    )
    commit_all(work, "a broken role and a new role")
    (work / "processes" / "roles.yaml").write_text(roles.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    full = procmodel(work, "check", "processes")
    pr = procmodel(work, "check", "processes", "--changed-since", "HEAD")
    assert full.returncode == 1 and "PM101" in full.stdout
    assert pr.returncode == 0 and "PM101" not in pr.stdout
    assert "finding(s) in unchanged files not shown" in pr.stderr


def test_untracked_new_process_is_checked(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    (work / "processes" / "ny.yaml").write_text(
        "id: ny\ntitle: Ny\nsteps:\n  - id: a\n    type: start\n", encoding="utf-8"
    )
    run = procmodel(work, "check", "processes", "--changed-since", "HEAD")
    assert run.returncode == 1 and "processes/ny.yaml" in run.stdout


def test_unknown_revision_and_no_git_are_usage_errors(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    run = procmodel(work, "check", "processes", "--changed-since", "no-such-branch")
    assert (
        run.returncode == 2
        and "unknown git revision 'no-such-branch'" in run.stderr
        and "fetch-depth" in run.stderr
    )
    assert "Traceback" not in run.stderr
    plain = tmp_path / "plain"
    scaffold(plain, "Utan git")
    run = procmodel(plain, "check", "processes", "--changed-since", "HEAD")
    assert run.returncode == 2 and "not inside a git repository" in run.stderr
    run = procmodel(work, "check", "processes", "--changed-since", "--output=x")
    assert run.returncode == 2 and "not a git revision" in run.stderr


def test_repository_new_since_revision(tmp_path: Path) -> None:
    work = tmp_path / "tom"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    (work / "README.md").write_text("x\n", encoding="utf-8")
    commit_all(work, "empty")
    scaffold(work / "lib", "Ny")
    run = procmodel(work, "check", "lib/processes", "--changed-since", "HEAD")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no process repository at HEAD" in run.stderr


def test_coverage_command_prints_the_delta(tmp_path: Path) -> None:
    work = new_repo(tmp_path)
    process = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    process.write_text(
        process.read_text(encoding="utf-8").replace("status: approved", "status: draft"), encoding="utf-8"
    )
    run = procmodel(work, "coverage", "processes", "--changed-since", "HEAD")
    assert run.returncode == 0
    assert "- this change leaves Skollagen 6 kap. 10 § (sl-6-10) uncovered" in run.stderr


@pytest.mark.parametrize(
    ("old", "hunks", "new"),
    [
        (10, [], 10),
        (10, [(3, 2, 3, 0)], 8),  # two lines removed above
        (10, [(3, 0, 4, 3)], 13),  # three lines added above
        (10, [(9, 4, 8, 0)], 9),  # inside a removal: the line after it
        (10, [(9, 4, 9, 1)], 9),  # inside a replacement: its first new line
        (20, [(9, 4, 8, 0), (15, 0, 12, 2)], 18),
    ],
)
def test_map_line(old: int, hunks: list[tuple[int, int, int, int]], new: int) -> None:
    assert map_line(old, hunks) == new
