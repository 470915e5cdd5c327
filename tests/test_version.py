"""The version is written once, in procmodel/version.py; the package metadata reads it from there."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import procmodel

ROOT = Path(__file__).parents[1]


def test_pyproject_takes_the_version_from_procmodel_version_py() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"], "write the version only in procmodel/version.py"
    assert "version" in project["project"]["dynamic"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    module, _, name = attr.rpartition(".")
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    # setuptools reads a plain assignment without importing the package (the build has no pydantic)
    [assignment] = [n for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.Assign)]
    assert [t.id for t in assignment.targets if isinstance(t, ast.Name)] == [name]
    assert ast.literal_eval(assignment.value) == procmodel.__version__
