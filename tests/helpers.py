"""Helpers shared by tests that run the real command line or git."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
