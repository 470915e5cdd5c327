"""`procmodel init`: a new repository that passes `procmodel check`; it builds with mkdocs --strict."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from procmodel.cli import cli

ROOT = Path(__file__).parents[2]
TEMPLATE = ROOT / "procmodel" / "templates" / "init"


def init(target: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["init", str(target), *args])
    return result.exit_code, result.output


def test_init_output_passes_check(tmp_path: Path) -> None:
    code, out = init(tmp_path / "ny", "--name", 'Åby "kommun": skolor')
    assert code == 0, out
    run = subprocess.run(
        [sys.executable, "-m", "procmodel", "check", "processes"],
        cwd=tmp_path / "ny",
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # the template's procmodel.yaml says 'language: sv', so check speaks Swedish even under LANG=C
    assert run.stdout.startswith("Alla kontroller godkända")
    for name in (
        ".github/workflows/procmodel.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "mkdocs.yml",
        "schemas/process.schema.json",
        "processes/goals/lgr22.yaml",
        ".gitignore",
    ):
        assert (tmp_path / "ny" / name).is_file(), name
    assert (
        'name: "Åby \\"kommun\\": skolor"' in (tmp_path / "ny" / "processes" / "procmodel.yaml").read_text()
    )


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    assert init(tmp_path)[0] == 0
    config = tmp_path / "processes" / "procmodel.yaml"
    config.write_text("# mine\n", encoding="utf-8")
    code, out = init(tmp_path)
    assert code == 2 and "already holds" in out and "--force" in out
    assert config.read_text(encoding="utf-8") == "# mine\n"
    assert init(tmp_path, "--force")[0] == 0 and config.read_text(encoding="utf-8") != "# mine\n"


def test_init_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("", encoding="utf-8")
    assert init(tmp_path / "x")[0] == 2


@pytest.mark.parametrize(
    "name", ["skollagen.yaml", "lgr22.yaml", "lpfö18.yaml", "gy11.yaml", "../roles.yaml"]
)
def test_template_catalogs_are_the_example_librarys(name: str) -> None:
    """The catalogs and roles are copied from processes/; re-copy them when the library changes."""
    ours = (ROOT / "processes" / "goals" / name).read_text(encoding="utf-8")
    template = (TEMPLATE / "processes" / "goals" / name).read_text(encoding="utf-8")
    assert template == ours, f"cp processes/goals/{name} procmodel/templates/init/processes/goals/{name}"


@pytest.mark.slow
def test_init_output_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    assert init(tmp_path / "ny")[0] == 0
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path / "ny",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "om-biblioteket" / "index.html").is_file()
