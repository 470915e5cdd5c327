"""Helpers shared by the tests of ``procmodel goals``: run it, copy a fixture repository, read a catalog."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import yaml
from click.testing import CliRunner

from procmodel.cli import cli


def run_goals(*args: str) -> tuple[int, str, str]:
    """``procmodel goals ARGS…`` in this process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, ["goals", *args])
    return result.exit_code, result.stdout, result.stderr


def copy_processes(fixture: Path, tmp_path: Path) -> Path:
    """A copy of ``fixture`` as ``tmp_path/processes``."""
    root = tmp_path / "processes"
    shutil.copytree(fixture, root)
    return root


def goals_by_id(path: Path) -> dict[str, dict]:
    """Every goal of a catalog file, nested ones too, by id."""

    def walk(items: list[dict]) -> Iterator[dict]:
        for g in items:
            yield g
            yield from walk(g.get("goals", []))

    return {g["id"]: g for g in walk(yaml.safe_load(path.read_text(encoding="utf-8"))["goals"])}
