"""Every rule has a failing and a passing fixture repository (bpmnlint's RuleTester, ruff's fixtures).

``cases/<ID>-<name>/invalid/`` is a tiny repository the rule must flag, with the
exact lines it must print in ``invalid/expected.txt``; ``valid/`` is one it must
pass. A case holds only the files it is about: the rest comes from ``cases/_base/``
(less the files its ``without.txt`` lists), added when the case is copied; an empty
case holds only ``.keep``. Symbolic links that git should not carry are listed in
``symlinks.txt`` (``link -> target``) and made when the case is copied. Rules that compare with a
git revision (``check --changed-since``) have ``invalid-base/`` and ``valid-base/``
beside them: the tree at the base commit; the case is then committed on top of
it and checked through the real command line. A rule whose cases live in
another test names that test in ``tested-elsewhere.txt``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.report.text import headline
from procmodel.rules import RULES
from procmodel.rules.examples import base_files
from tests.helpers import GIT_ENV, run_procmodel

CASES = Path(__file__).parent / "cases"


def case_dirs() -> list[Path]:
    """Every rule case (``CASES/<rule>/<case>``), the shared base left out."""
    return sorted(p for p in CASES.glob("*/*") if p.is_dir() and not p.parent.name.startswith("_"))


REPO_ROOT = Path(__file__).resolve().parents[2]


def case_dir(rule_id: str) -> Path:
    rule = RULES[rule_id]
    return CASES / f"{rule.id}-{rule.name}"


def checked_rules() -> list[str]:
    """Rules whose cases are repositories here (not tested elsewhere)."""
    return sorted(r for r in RULES if not (case_dir(r) / "tested-elsewhere.txt").exists())


def materialise(source: Path, tmp_path: Path) -> Path:
    """Copy a case (with its siblings, e.g. files 'outside') to ``tmp_path``; add the base; make its links."""
    target = tmp_path / source.parent.name
    shutil.copytree(source.parent, target, symlinks=True)
    for variant in ("invalid", "valid", "invalid-base", "valid-base"):
        if (source.parent / variant).is_dir():
            add_base(source.parent / variant, target / variant)
    repo = target / source.name
    links = repo / "symlinks.txt"
    if links.exists():
        for line in links.read_text(encoding="utf-8").splitlines():
            link, _, points_to = line.partition(" -> ")
            (repo / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(points_to, repo / link)
        links.unlink()
    (repo / "expected.txt").unlink(missing_ok=True)
    return repo


def copy_case(case: Path, dest: Path) -> Path:
    """A plain copy of one case repository (``.../valid``) at ``dest``, with the base files added."""
    shutil.copytree(case, dest, symlinks=True)
    add_base(case, dest)
    return dest


def add_base(case: Path, copy: Path) -> None:
    """Write the base files ``case`` does not have of its own into ``copy``; drop the machinery."""
    for rel, data in base_files(case).items():
        path = copy / rel
        if not path.exists() and not path.is_symlink():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for name in ("without.txt", ".keep"):
        (copy / name).unlink(missing_ok=True)


def lines_for(rule_id: str, repo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Headlines of ``rule_id``'s findings, with paths relative to the repository folder."""
    base = repo_dir.with_name(repo_dir.name + "-base")
    if base.is_dir():
        return git_lines_for(rule_id, repo_dir, base)
    monkeypatch.chdir(repo_dir)
    findings = check_repository(load_repository("."))
    return [headline(f) for f in findings if f.rule == rule_id]


def git(work: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=work, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def git_lines_for(rule_id: str, head: Path, base: Path) -> list[str]:
    """Commit ``base``, then ``head`` on top; the rule's lines from ``check --changed-since HEAD~1``."""
    work = head.parent / "git"
    shutil.copytree(base, work)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "base")
    for entry in work.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(head, work, dirs_exist_ok=True)
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "change")
    run = run_procmodel("check", ".", "--changed-since", "HEAD~1", cwd=work)
    assert "Traceback" not in run.stderr, run.stderr
    pattern = re.compile(rf"^\S.*?: (error|warning|info) {rule_id} ")
    return [line for line in run.stdout.splitlines() if pattern.match(line)]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_cases(rule_id: str) -> None:
    folder = case_dir(rule_id)
    elsewhere = folder / "tested-elsewhere.txt"
    if elsewhere.exists():
        test_file = REPO_ROOT / elsewhere.read_text(encoding="utf-8").splitlines()[0].strip()
        text = test_file.read_text(encoding="utf-8")
        assert rule_id in text or RULES[rule_id].name in text, f"{test_file} does not test {rule_id}"
        return
    assert (folder / "invalid" / "expected.txt").is_file(), f"{rule_id}: add {folder}/invalid/expected.txt"
    assert (folder / "valid").is_dir(), f"{rule_id}: add {folder}/valid/"


@pytest.mark.parametrize("rule_id", checked_rules())
def test_invalid_case_prints_exactly_the_expected_findings(
    rule_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = case_dir(rule_id) / "invalid"
    expected_file = source / "expected.txt"
    if not expected_file.exists():
        pytest.fail(f"{rule_id} has no failing case")
    expected = [line for line in expected_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert expected, f"{expected_file} is empty"
    assert lines_for(rule_id, materialise(source, tmp_path), monkeypatch) == expected


@pytest.mark.parametrize("rule_id", checked_rules())
def test_valid_case_has_no_findings_of_the_rule(
    rule_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = case_dir(rule_id) / "valid"
    if not source.is_dir():
        pytest.fail(f"{rule_id} has no passing case")
    assert lines_for(rule_id, materialise(source, tmp_path), monkeypatch) == []


def test_no_case_repeats_a_base_file() -> None:
    """A case holds only the files it is about; a copy of a base file belongs in ``_base/`` alone."""
    base = CASES / "_base"
    copies = []
    for case in sorted(p for p in CASES.glob("*/*") if p.is_dir() and p.parent.name != "_base"):
        for rel, data in base_files(case).items():
            own = case / rel
            if own.is_file() and not own.is_symlink() and own.read_bytes() == data:
                copies.append(own.relative_to(CASES).as_posix())
    assert base.is_dir() and copies == [], f"delete these copies of files in {base}: {copies}"
