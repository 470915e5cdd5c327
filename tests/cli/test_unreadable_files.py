"""Every command that reports on a repository treats files that could not be read alike: it writes
what it can, then names each such file (file:line:col, as ``check`` does) and exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.followup.conftest import FIXTURE
from tests.helpers import run_procmodel

LAWS = Path(__file__).parents[1] / "statutes" / "fixtures"
STATUTES = ("minilag.md", "minilag.v2.md")  # two versions of a statute, for goals changes


def commands(repo: Path, out: Path) -> dict[str, list[str]]:
    return {
        "coverage": ["coverage", str(repo)],
        "render": ["render", str(repo), "--format", "dot", "--out", str(out / "diagrams")],
        "units report": ["units", "report", str(repo)],
        "followup report": ["followup", "report", str(repo)],
        "goals changes": ["goals", "changes", *(str(LAWS / f) for f in STATUTES), "--processes", str(repo)],
        "export": ["export", "--all", "--repo", str(repo), "--out", str(out / "bpmn")],
    }


def copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    return repo


@pytest.mark.parametrize("command", list(commands(Path(), Path())))
def test_unreadable_files_are_named_and_the_command_exits_2(command: str, tmp_path: Path) -> None:
    repo = copy(tmp_path)
    # a follow-up file and a unit's variant: what the units and follow-up reports are made of
    (repo / "uppföljning" / "ekskolan" / "2026-vt.yaml").write_text("assessments: [\n", encoding="utf-8")
    (repo / "enheter" / "ekskolan" / "trasig.yaml").write_bytes(b"id: trasig\ntitle: \xff\n")
    run = run_procmodel("--lang", "en", *commands(repo, tmp_path)[command], cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "repo/uppföljning/ekskolan/2026-vt.yaml:2:1: error PM001 yaml-syntax:" in run.stderr
    assert "repo/enheter/ekskolan/trasig.yaml:2:8: error PM004 file-encoding:" in run.stderr
    assert "2 file" in run.stderr.splitlines()[-1] and "could not be read" in run.stderr.splitlines()[-1]
    written = [*tmp_path.glob("diagrams/*"), *tmp_path.glob("bpmn/*")]
    assert run.stdout or written  # what could be read is reported all the same


@pytest.mark.parametrize("command", list(commands(Path(), Path())))
def test_errors_in_files_that_were_read_are_not_unreadable_files(command: str, tmp_path: Path) -> None:
    repo = copy(tmp_path)
    process = repo / "p" / "kränkning.yaml"
    process.rename(process.with_name("fel namn.yaml"))  # PM106: the file name does not match the id
    run = run_procmodel("--lang", "en", *commands(repo, tmp_path)[command], cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "could not be read" not in run.stderr


def test_exporting_a_process_that_may_be_in_an_unreadable_file_says_so(tmp_path: Path) -> None:
    repo = copy(tmp_path)
    (repo / "p" / "kränkning.yaml").write_text("id: kränkning\nsteps: [\n", encoding="utf-8")
    for lang, words in (("en", "no process kränkning among the files that could be read"),
                        ("sv", "ingen process kränkning bland filerna som gick att läsa")):  # fmt: skip
        run = run_procmodel("--lang", lang, "export", "kränkning", "--repo", str(repo), cwd=tmp_path)
        assert run.returncode == 2, run.stderr
        assert "repo/p/kränkning.yaml:3:1: error PM001 yaml-syntax:" in run.stderr
        assert words in run.stderr.splitlines()[-1]
        assert "unknown process id" not in run.stderr and "Traceback" not in run.stderr
    other = run_procmodel("export", "finns-inte", "--repo", str(FIXTURE), cwd=tmp_path)
    assert other.returncode == 2 and "unknown process id 'finns-inte'" in other.stderr


@pytest.mark.parametrize("command", list(commands(Path(), Path())))
def test_a_file_that_is_not_valid_is_named_too_and_the_command_exits_2(command: str, tmp_path: Path) -> None:
    """A process that breaks the schema (PM010) is read but left out of the model: a report made
    without it is as incomplete as one without an unreadable file (``check`` itself exits 1)."""
    repo = copy(tmp_path)
    process = repo / "p" / "kränkning.yaml"
    process.write_text(process.read_text(encoding="utf-8").replace("steps:", "okänd: 1\nsteps:", 1), "utf-8")
    run = run_procmodel("--lang", "en", *commands(repo, tmp_path)[command], cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert "repo/p/kränkning.yaml:" in run.stderr and "error PM010 schema: unknown key 'okänd'" in run.stderr
    assert "could not be read or " in run.stderr.splitlines()[-1]  # "is not valid", "are not valid"
    assert "Traceback" not in run.stderr
    assert run_procmodel("check", str(repo), cwd=tmp_path).returncode == 1
