"""A copy of the small follow-up fixture repository (tests/followup/fixture/) per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixture"


@pytest.fixture
def repo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture copied to ``tmp_path/repo``, and the working folder set there."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(target)
    return target
