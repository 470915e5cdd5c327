"""``procmodel diff``: the semantic difference of processes between two git revisions."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

from procmodel.diff import diff_revisions
from tests.helpers import GIT_ENV, run_procmodel

PROCESS = """\
id: kränkning
title: Kränkande behandling
version: 1.0.0
owner: rektor
goals: [sl-6-10]
steps:
  - id: start
    type: start
    title: En elev anser sig kränkt
  - id: anmäl
    title: Anmäl till rektor
    role: lärare
    goals: [sl-6-10]
  - id: utred
    title: Utred skyndsamt
    role: rektor
  - id: klart
    type: end
"""


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def repository(tmp_path: Path) -> Path:
    """A git repository with one process committed twice: the second commit adds a step
    (done by kurator), renames one, raises the version and drops the goal sl-6-10."""
    root = tmp_path / "repo"
    write(root, "procmodel.yaml", "name: Test\nlanguage: sv\n")
    write(
        root,
        "roles.yaml",
        "roles:\n  - {id: rektor, name: Rektor}\n  - {id: lärare, name: Lärare}\n"
        "  - {id: kurator, name: Kurator}\n",
    )
    write(
        root,
        "goals/skollagen.yaml",
        "id: skollagen\ntitle: Skollagen\ngoals:\n  - {id: sl-6-10, number: 6 kap. 10 §, title: Utredning}\n",
    )
    write(root, "trygghet/kränkning.yaml", PROCESS)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "första")
    changed = (
        PROCESS.replace("version: 1.0.0", "version: 1.1.0")
        .replace("    goals: [sl-6-10]\n", "")
        .replace("goals: [sl-6-10]\n", "")
        .replace("title: Utred skyndsamt", "title: Utred händelsen skyndsamt")
        .replace(
            "  - id: klart\n",
            "  - id: stödsamtal\n    title: Erbjud eleven stödsamtal\n    role: kurator\n  - id: klart\n",
        )
    )
    write(root, "trygghet/kränkning.yaml", changed)
    git(root, "commit", "-q", "-am", "andra")
    return root


def test_diff_names_the_added_step_and_the_lost_goal(tmp_path):
    root = repository(tmp_path)
    [d] = diff_revisions(root, "HEAD~1", "HEAD")
    assert (d.id, d.state, d.file) == ("kränkning", "changed", "trygghet/kränkning.yaml")
    assert [(s.id, s.title) for s in d.steps_added] == [("stödsamtal", "Erbjud eleven stödsamtal")]
    assert d.steps_removed == []
    assert [(s.id, s.before, s.title) for s in d.steps_renamed] == [
        ("utred", "Utred skyndsamt", "Utred händelsen skyndsamt")
    ]
    assert d.goals_lost == ["sl-6-10"] and d.goals_gained == []
    assert d.roles_gained == ["kurator"] and d.roles_lost == []
    assert (d.version_before, d.version_after) == ("1.0.0", "1.1.0")


def test_command_line_text_and_json(tmp_path):
    root = repository(tmp_path)
    run = run_procmodel("diff", "HEAD~1", "HEAD", cwd=root, env=GIT_ENV)
    assert run.returncode == 0, run.stderr
    assert "1 process har ändrats mellan HEAD~1 och HEAD:" in run.stdout
    assert "ändrad: kränkning (Kränkande behandling), version 1.0.0 → 1.1.0" in run.stdout
    assert "  + steg stödsamtal: Erbjud eleven stödsamtal" in run.stdout
    assert "  - mål sl-6-10" in run.stdout
    assert "  ~ steg utred: Utred skyndsamt → Utred händelsen skyndsamt" in run.stdout
    run = run_procmodel(
        "--lang", "en", "diff", "HEAD~1", "HEAD", ".", "--format", "json", cwd=root, env=GIT_ENV
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    [p] = data["processes"]
    assert p["steps_added"] == [{"id": "stödsamtal", "title": "Erbjud eleven stödsamtal", "before": None}]
    assert p["goals_lost"] == ["sl-6-10"] and p["version_changed"] is True


def test_working_tree_against_head_and_a_path_filter(tmp_path):
    root = repository(tmp_path)
    text = (root / "trygghet/kränkning.yaml").read_text(encoding="utf-8")
    (root / "trygghet/kränkning.yaml").write_text(
        text.replace("Anmäl till rektor", "Anmäl samma dag"), "utf-8"
    )
    [d] = diff_revisions(root, "HEAD", None)
    assert [(s.id, s.title) for s in d.steps_renamed] == [("anmäl", "Anmäl samma dag")]
    assert d.content_changed and not d.version_changed  # the text says so: version not raised
    run = run_procmodel("--lang", "en", "diff", cwd=root, env=GIT_ENV)
    assert "the content changed but the version is still 1.1.0" in run.stdout
    assert diff_revisions(root, "HEAD", None, Path("goals")) == []
    run = run_procmodel("--lang", "en", "diff", "HEAD", "goals", cwd=root, env=GIT_ENV)
    assert run.returncode == 0 and "No process changed between HEAD and the working tree." in run.stdout
    run = run_procmodel("--lang", "en", "diff", "HEAD", "trygghet/kränkning.yaml", cwd=root, env=GIT_ENV)
    assert "~ step anmäl: Anmäl till rektor → Anmäl samma dag" in run.stdout


def test_unknown_revision_is_a_clear_error(tmp_path):
    root = repository(tmp_path)
    run = run_procmodel("--lang", "en", "diff", "nope", "HEAD", cwd=root, env=GIT_ENV)
    assert run.returncode == 2
    assert "unknown git revision 'nope'" in run.stderr and "Traceback" not in run.stderr


def test_a_working_tree_file_that_cannot_be_read_is_named_and_the_diff_exits_2(tmp_path):
    root = repository(tmp_path)
    process = root / "trygghet/kränkning.yaml"
    process.write_text(process.read_text(encoding="utf-8") + "steps: [\n", encoding="utf-8")
    end = len(process.read_text(encoding="utf-8").splitlines()) + 1  # the parser stops past the last line
    run = run_procmodel("--lang", "en", "diff", cwd=root, env=GIT_ENV)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "removed: kränkning" in run.stdout  # as far as the working tree can tell
    assert f"trygghet/kränkning.yaml:{end}:1: error PM001 yaml-syntax:" in run.stderr
    assert "could not be read" in run.stderr
    # two revisions: the working tree only sets the language
    assert run_procmodel("diff", "HEAD~1", "HEAD", cwd=root, env=GIT_ENV).returncode == 0


def test_a_file_that_cannot_be_read_outside_path_does_not_fail_a_diff_of_path(tmp_path):
    root = repository(tmp_path)
    write(root, "annat/trasig.yaml", "id: trasig\nsteps: [\n")
    run = run_procmodel("--lang", "en", "diff", "HEAD", "trygghet", cwd=root, env=GIT_ENV)
    assert run.returncode == 0, run.stderr
    assert "could not be read" not in run.stderr
    run = run_procmodel("--lang", "en", "diff", "HEAD", "annat", cwd=root, env=GIT_ENV)
    assert run.returncode == 2 and "annat/trasig.yaml:3:1: error PM001 yaml-syntax:" in run.stderr
    assert run_procmodel("diff", cwd=root, env=GIT_ENV).returncode == 2  # the whole repository
