"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit on a temporary repository.

The hook repository is a commit of this working tree (procmodel's package and hook manifest),
so the test sees uncommitted changes too. The `language: system` hook uses the installed
procmodel; the `language: python` hook (marked slow) lets pre-commit pip-install procmodel
from that commit into its own environment, exactly as users get it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from procmodel.cli.init import scaffold
from tests.helpers import GIT_ENV

ROOT = Path(__file__).parents[2]
ENV = {**GIT_ENV, "NO_COLOR": "1"}


def sh(
    cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        cwd=cwd,
        env={**os.environ, **ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=check,
        timeout=900,
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding procmodel as it is in this working tree; returns (path, commit)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(
        ROOT / "procmodel", repo / "procmodel", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    sh(repo, "git", "init", "-q", "-b", "main")
    sh(repo, "git", "add", "-A")
    sh(repo, "git", "commit", "-q", "-m", "procmodel")
    return repo, sh(repo, "git", "rev-parse", "HEAD").stdout.strip()


def library(tmp_path: Path, hook_repo: tuple[Path, str], hook: str) -> Path:
    work = tmp_path / "bibliotek"
    scaffold(work, "Hookkommunen")
    repo, rev = hook_repo
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n",
        encoding="utf-8",
    )
    sh(work, "git", "init", "-q", "-b", "main")
    sh(work, "git", "add", "-A")
    return work


def break_a_process(work: Path) -> None:
    process = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    text = process.read_text(encoding="utf-8").replace("role: rektor\n", "role: rektorn\n", 1)
    process.write_text(text, encoding="utf-8")
    sh(work, "git", "add", "-A")


def run_hooks(work: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return sh(work, "pre-commit", "run", "--all-files", env={"PRE_COMMIT_HOME": str(home)}, check=False)


def test_installed_hook_passes_then_blocks_a_broken_commit(
    tmp_path: Path, hook_repo: tuple[Path, str]
) -> None:
    work = library(tmp_path, hook_repo, "procmodel-check-installed")
    ok = run_hooks(work, tmp_path / "pc-home")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "procmodel check (installed procmodel)" in ok.stdout and "Passed" in ok.stdout
    break_a_process(work)
    bad = run_hooks(work, tmp_path / "pc-home")
    assert bad.returncode == 1
    assert "Failed" in bad.stdout and "PM101 unknown-role" in bad.stdout
    assert "processes/trygghet/kränkande-behandling.yaml:" in bad.stdout
    # and as a real git hook, on `git commit`
    sh(work, "pre-commit", "install", env={"PRE_COMMIT_HOME": str(tmp_path / "pc-home")})
    commit = sh(
        work,
        "git",
        "commit",
        "-q",
        "-m",
        "trasig",
        env={"PRE_COMMIT_HOME": str(tmp_path / "pc-home")},
        check=False,
    )
    assert commit.returncode != 0 and "PM101" in commit.stdout + commit.stderr


@pytest.mark.slow
def test_python_hook_installs_procmodel_into_its_own_environment(
    tmp_path: Path, hook_repo: tuple[Path, str]
) -> None:
    work = library(tmp_path, hook_repo, "procmodel-check")
    ok = run_hooks(work, tmp_path / "pc-home")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "procmodel check" in ok.stdout and "Passed" in ok.stdout
    envs = list((tmp_path / "pc-home").glob("repo*/py_env-*/bin/procmodel"))
    assert envs, "pre-commit did not install procmodel into its own environment"
    break_a_process(work)
    bad = run_hooks(work, tmp_path / "pc-home")
    assert bad.returncode == 1 and "PM101 unknown-role" in bad.stdout
