"""A .bpmn file in a repository is loaded like a YAML process; findings carry XML lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from tests.bpmn.conftest import FIXTURES, LIBRARY


@pytest.fixture
def repo_dir(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    shutil.copy(FIXTURES / "source" / "ritad.bpmn", root / "ritad.bpmn")
    shutil.copy(FIXTURES / "source" / "ritad.bpmn.yaml", root / "ritad.bpmn.yaml")
    return root


def _located(findings: list, rule: str) -> list[tuple[str, int, str]]:
    return [(Path(f.location.file).name, f.location.line, f.message) for f in findings if f.rule == rule]


def test_bpmn_process_is_loaded_with_sidecar_links(repo_dir: Path) -> None:
    repo = load_repository(repo_dir)
    p = repo.processes["ritad"]  # the file name is the id, like a YAML file
    assert p.title == "Ritad process" and p.owner == "rektor" and p.goals == ["m-2"]
    assert [s.id for s in p.steps] == [
        "ärende-kommer-in",
        "bedöm-ärendet",
        "godkänt",
        "informera-eleven",
        "klart",
    ]
    bedöm = p.step("bedöm-ärendet")
    assert bedöm.role == "rektor" and bedöm.task.value == "user" and bedöm.goals == ["m-1"]
    assert bedöm.instructions == "Läs ärendet och bedöm det."
    informera = p.step("informera-eleven")
    assert informera.role == "mentor" and informera.informed == ["vårdnadshavare"]
    decision = p.step("godkänt")
    assert [(o.label, o.next, o.default) for o in decision.outcomes] == [
        ("Ja", "informera-eleven", False),
        ("Nej", "klart", True),
    ]
    assert "process:ritad" in repo.graph


def test_findings_point_at_xml_lines(repo_dir: Path) -> None:
    findings = check_repository(load_repository(repo_dir))
    unsupported = _located(findings, "PM007")
    assert unsupported == [("ritad.bpmn", 20, "multi-instance marker on 'Bedöm ärendet' is not imported")]
    unknown_goal = [f for f in findings if f.rule == "PM102" and "m-okänt" in f.message]
    assert len(unknown_goal) == 1
    assert unknown_goal[0].location.file.endswith("ritad.bpmn") and unknown_goal[0].location.line == 23


def test_sidecar_mistakes_are_located_in_the_sidecar(repo_dir: Path) -> None:
    (repo_dir / "ritad.bpmn.yaml").write_text(
        "steps:\n  finns-inte:\n    goals: [m-1]\nrol: rektor\n", encoding="utf-8"
    )
    findings = check_repository(load_repository(repo_dir))
    schema = _located(findings, "PM010")
    assert ("ritad.bpmn.yaml", 2, "the BPMN process has no step 'finns-inte'") in schema
    assert any(line == 4 and "unknown key 'rol'" in msg for _, line, msg in schema)


def test_unsafe_bpmn_in_repository_is_a_located_error(repo_dir: Path) -> None:
    (repo_dir / "ond.bpmn").write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x/>\n')
    findings = check_repository(load_repository(repo_dir))
    assert _located(findings, "PM008") == [
        ("ond.bpmn", 2, "the file declares a DOCTYPE (a DTD with entities)")
    ]


def test_library_bpmn_process_checks_clean() -> None:
    repo = load_repository(LIBRARY)
    p = repo.processes["ledighetsansökan"]
    assert p._file.endswith("ledighetsansökan.bpmn")
    assert len(p.steps) in range(8, 15)
    assert {s.role for s in p.steps} >= {"vårdnadshavare", "mentor", "rektor"}
    assert any(s.type.value == "decision" for s in p.steps)
    assert any(s.goals for s in p.steps)
    findings = [f for f in check_repository(repo) if f.file and "ledighetsansökan" in f.file]
    assert [f for f in findings if f.severity.value == "error"] == []
