"""docs/ci.md: the GitHub Actions and GitLab CI configurations, executed command by command.

The YAML blocks of the page must be the files `procmodel init` writes; the shell commands
of their procmodel steps are run in a temporary repository with a pull request that drops
a required goal, as a runner would run them (`pip install procmodel` is skipped: procmodel
is installed here already).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from junitparser import JUnitXml

from procmodel.cli.init import RENAMED, scaffold, template_files
from tests.helpers import GIT_ENV

ROOT = Path(__file__).parents[2]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
SARIF_SCHEMA = json.loads((ROOT / "tests" / "report" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ENV = {**GIT_ENV, "NO_COLOR": "1"}


def yaml_blocks() -> list[str]:
    return [m.group(1) for m in re.finditer(r"```yaml\n(.*?)```", DOC, re.S)]


def block_for(target: str) -> str:
    text = template_files()[target][1]
    for block in yaml_blocks():
        if block.strip() == text.strip():
            return text
    raise AssertionError(f"docs/ci.md has no block equal to the {target} that `procmodel init` writes")


@pytest.mark.parametrize("target", [v for v in RENAMED.values() if v != "mkdocs.yml"])
def test_docs_show_the_files_init_writes(target: str) -> None:
    assert yaml.safe_load(block_for(target))


def sh(cwd: Path, script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, **ENV, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A repository whose last commit drops the only steps serving a required municipal goal."""
    work = tmp_path / "repo"
    scaffold(work, "CI-kommunen")
    for script in ("git init -q -b main", "git add -A", "git commit -q -m base"):
        sh(work, script, {})
    base = sh(work, "git rev-parse HEAD", {}).stdout.strip()
    process = work / "processes" / "trygghet" / "kränkande-behandling.yaml"
    text = process.read_text(encoding="utf-8")
    text = text.replace(
        "goals: [sl-6-10, km-inga-kränkningar]\n    instructions", "goals: [sl-6-10]\n    instructions"
    )
    process.write_text(text.replace("    goals: [km-inga-kränkningar]\n", ""), encoding="utf-8")
    sh(work, "git add -A && git commit -q -m 'drop a goal'", {})
    return work, base


def commands(lines: list[str]) -> str:
    return "\n".join(line for line in lines if not line.strip().startswith("pip install"))


def test_github_actions_commands(pull_request: tuple[Path, str], tmp_path: Path) -> None:
    work, base = pull_request
    workflow = yaml.safe_load(block_for(".github/workflows/procmodel.yml"))
    step = next(
        s for s in workflow["jobs"]["check"]["steps"] if s.get("name") == "Check processes and goal coverage"
    )
    assert step["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    summary = tmp_path / "step-summary.md"
    run = sh(work, commands(step["run"].splitlines()), {"BASE": base, "GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 1, run.stdout + run.stderr  # the job fails on the lost required goal
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert any("PM608" in a and "km-inga-kränkningar" in a and "kr%C3" not in a for a in annotations)
    assert "file=processes/trygghet/kränkande-behandling.yaml,line=" in annotations[0]
    sarif = json.loads((work / "procmodel.sarif").read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft7Validator(SARIF_SCHEMA).iter_errors(sarif))
    text = summary.read_text(encoding="utf-8")
    # procmodel init's repository says 'language: sv', so the summary speaks Swedish (docs/languages.md)
    assert "## ❌ procmodel check" in text and "den här ändringen gör att Nämndens mål 1.1" in text
    upload = next(s for s in workflow["jobs"]["check"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "procmodel.sarif"
    assert workflow["jobs"]["check"]["steps"][0]["with"]["fetch-depth"] == 0


def test_github_actions_push_without_base(tmp_path: Path) -> None:
    work = tmp_path / "repo"
    scaffold(work, "CI-kommunen")
    sh(work, "git init -q -b main && git add -A && git commit -q -m base", {})
    workflow = yaml.safe_load(block_for(".github/workflows/procmodel.yml"))
    step = next(
        s for s in workflow["jobs"]["check"]["steps"] if s.get("name") == "Check processes and goal coverage"
    )
    run = sh(
        work, commands(step["run"].splitlines()), {"BASE": "", "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")}
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "## ✅ procmodel check: inga problem" in (tmp_path / "s.md").read_text(encoding="utf-8")


def test_gitlab_ci_commands(pull_request: tuple[Path, str]) -> None:
    work, base = pull_request
    config = yaml.safe_load(block_for(".gitlab-ci.yml"))
    job = config["procmodel"]
    assert job["variables"]["GIT_DEPTH"] == 0
    run = sh(work, commands(job["before_script"] + job["script"]), {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "PM608 required-goal-lost" in run.stdout
    for report in job["artifacts"]["reports"]["junit"]:
        xml = JUnitXml.fromfile(str(work / report))
        assert sum(s.tests for s in xml) > 0
    checks = JUnitXml.fromfile(str(work / "procmodel-junit.xml"))
    assert sum(s.failures for s in checks) == 1
    assert "den här ändringen gör att" in (work / job["artifacts"]["paths"][0]).read_text(encoding="utf-8")


@pytest.mark.slow
def test_site_build_commands(tmp_path: Path) -> None:
    work = tmp_path / "repo"
    scaffold(work, "CI-kommunen")
    gitlab = yaml.safe_load(block_for(".gitlab-ci.yml"))["pages"]
    run = sh(work, commands(gitlab["before_script"] + gitlab["script"]), {})
    assert run.returncode == 0, run.stdout + run.stderr
    assert (work / "public" / "index.html").is_file()
    workflow = yaml.safe_load(block_for(".github/workflows/procmodel.yml"))
    build = next(s for s in workflow["jobs"]["site"]["steps"] if s.get("name") == "Build the site")
    run = sh(work, build["run"], {})
    assert run.returncode == 0, run.stdout + run.stderr
    assert (work / "site" / "index.html").is_file()
