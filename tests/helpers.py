"""Helpers shared by tests that run the real command line or git."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

#: A fixed identity, and no user or system git configuration, for git in temporary repositories.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run_procmodel(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh process (timeout: a guard against hangs, not a benchmark)."""
    return subprocess.run(
        [sys.executable, "-m", "procmodel", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    """Run git in a test repository with the fixed identity (``date``: the commits' dates)."""
    env = {**os.environ, **GIT_ENV}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def commit_all(root: Path, message: str, date: str | None = None) -> None:
    """Commit everything in ``root`` (a new repository on the first call)."""
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


def benchmark_generator() -> ModuleType:
    """``benchmarks/generate.py`` (a script, not a package module), loaded once."""
    module = sys.modules.get("generate")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            "generate", Path(__file__).parents[1] / "benchmarks" / "generate.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["generate"] = module
        spec.loader.exec_module(module)
    return module
