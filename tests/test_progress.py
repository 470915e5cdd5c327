"""Progress on stderr: nothing by default off a terminal, plain lines when asked, a live bar on one."""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from procmodel import progress as progress_module
from procmodel.cli import cli
from procmodel.progress import PROGRESS_ENV, Progress, current, progress_mode

ROOT = Path(__file__).parents[1]
BASIC = ROOT / "tests" / "site" / "fixtures" / "basic"
TIME = re.compile(r"\(\d+\.\d s\)$")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_progress_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)


def test_the_mode_follows_the_terminal_the_flag_the_environment_and_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pipe, tty = io.StringIO(), Terminal()
    assert progress_mode(None, pipe) == "off"  # tests, pipes, logs: stderr stays empty
    assert progress_mode(None, tty) == "live"
    assert progress_mode(True, pipe) == "plain"
    assert progress_mode(True, tty) == "live"
    assert progress_mode(False, tty) == "off"
    monkeypatch.setenv(PROGRESS_ENV, "1")
    assert progress_mode(None, pipe) == "plain"
    assert progress_mode(False, pipe) == "off"  # the flag wins over the environment
    monkeypatch.setenv(PROGRESS_ENV, "0")
    assert progress_mode(None, tty) == "off"
    monkeypatch.delenv(PROGRESS_ENV)
    monkeypatch.setenv("CI", "true")
    assert progress_mode(None, tty) == "off"  # a CI log is no terminal, whatever it claims
    assert progress_mode(True, tty) == "plain"


def test_plain_lines_name_each_step_count_and_end_with_the_time() -> None:
    out = io.StringIO()
    with Progress("procmodel x", "plain", out) as shown:
        assert current() is shown
        shown.step("reading")
        shown.step("counting", total=3)
        for _ in range(3):
            shown.advance()
        shown.finish("did 3 things")
    assert current() is not shown
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["procmodel x: reading", "procmodel x: counting (0/3)", "procmodel x: counting (3/3)"]
    assert lines[-1].startswith("procmodel x: did 3 things (") and TIME.search(lines[-1])


def test_off_writes_nothing_and_current_does_nothing_outside_a_command() -> None:
    out = io.StringIO()
    with Progress("procmodel x", "off", out) as shown:
        shown.step("reading", total=2)
        shown.advance(2)
        shown.finish("done")
    current().step("nobody listens")
    current().advance()
    assert out.getvalue() == ""


def test_a_live_bar_appears_after_the_delay_and_the_summary_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    out = Terminal()
    with Progress("procmodel x", "live", out) as shown:
        shown.step("counting", total=2)
        for _ in range(50):  # the timer thread shows the bar
            if shown._bar is not None:
                break
            time.sleep(0.05)
        assert shown._bar is not None
        shown.advance(2)
        shown.finish("did 2 things")
    assert TIME.search(out.getvalue().rstrip().splitlines()[-1])
    assert "did 2 things" in out.getvalue()


def test_a_quick_live_run_leaves_no_trace() -> None:
    out = Terminal()
    with Progress("procmodel x", "live", out) as shown:  # DELAY: 2 s, far more than this takes
        shown.step("counting", total=1)
        shown.advance()
        shown.finish("did 1 thing")
    assert out.getvalue() == ""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "processes"
    shutil.copytree(BASIC, root)
    monkeypatch.chdir(tmp_path)
    return root


def run(*args: str, **env: str) -> tuple[str, str]:
    result = CliRunner().invoke(cli, list(args), env=env or None)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout, result.stderr


def test_check_shows_nothing_off_a_terminal_and_plain_lines_when_asked(repo: Path) -> None:
    quiet_out, quiet_err = run("check", "processes", "--lang", "en")
    assert quiet_err == ""
    out, err = run("check", "processes", "--lang", "en", "--progress")
    assert out == quiet_out  # the report itself is the same
    lines = err.splitlines()
    assert lines[0] == "procmodel check: reading the repository"
    assert lines[1] == "procmodel check: checking"
    summary = r"procmodel check: checked \d+ files, 5 processes: \d+ errors, \d+ warnings \(\d+\.\d s\)"
    assert re.fullmatch(summary, lines[-1])
    assert run("check", "processes", "--lang", "en", **{PROGRESS_ENV: "1"})[1].splitlines()[:-1] == lines[:-1]
    assert run("check", "processes", "--lang", "en", "--no-progress", **{PROGRESS_ENV: "1"})[1] == ""


def test_check_progress_through_the_environment(repo: Path) -> None:
    _out, err = run("check", "processes", "--lang", "en", **{PROGRESS_ENV: "1", "CI": "true"})
    assert err.startswith("procmodel check: reading the repository\n") and TIME.search(err.rstrip())


def test_render_counts_the_diagrams(repo: Path, tmp_path: Path) -> None:
    _out, err = run(
        "render", "processes", "--lang", "en", "--out", str(tmp_path / "d"), "--progress", "--jobs", "1"
    )
    lines = err.splitlines()
    counts = [
        tuple(map(int, m.groups()))
        for line in lines
        if (m := re.fullmatch(r"procmodel render: rendering diagrams \((\d+)/(\d+)\)", line))
    ]
    total = counts[0][1]
    assert total > 5 and counts[0] == (0, total) and counts[-1] == (total, total)
    assert any(line.startswith("procmodel render: ") and TIME.search(line) for line in lines)
    _out, quiet = run("render", "processes", "--lang", "en", "--out", str(tmp_path / "e"), "--jobs", "1")
    assert not any(line.startswith("procmodel render:") for line in quiet.splitlines())


def test_build_names_its_steps_and_counts_its_pages(repo: Path, tmp_path: Path) -> None:
    _out, err = run("build", "processes", "--site-dir", str(tmp_path / "site"), "--progress", "--jobs", "1")
    lines = err.splitlines()
    steps = ("reading the repository", "rendering diagrams (0/", "writing pages (0/", "indexing for search")
    for step in steps:
        assert any(line.startswith(f"procmodel build: {step}") for line in lines), (step, lines)
    pages = len(list((tmp_path / "site").rglob("*.html")))
    summary = rf"procmodel build: built {pages} pages \(public audience\) \(\d+\.\d s\)"
    assert any(re.fullmatch(summary, line) for line in lines), lines
