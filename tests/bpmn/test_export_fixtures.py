"""Export of every fixture repository in the test suite, not only the example library.

Every process of every fixture that loads either exports (XSD-valid BPMN and a Mermaid chart)
or is refused with :class:`ExportError`, and then ``procmodel check`` reports an error for that
repository: a process that checks clean always exports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from procmodel import load_repository
from procmodel.bpmn.reader import read_bpmn
from procmodel.bpmn.writer import ExportError, process_to_bpmn
from procmodel.bpmn.xml import parse_bytes
from procmodel.check import check_repository
from procmodel.export.mermaid import process_to_mermaid
from procmodel.model import Process, Step, StepType
from tests.bpmn.conftest import FIXTURES, ROOT, canonical
from tests.rules.test_rule_cases import copy_case

TESTS = ROOT / "tests"
CASES = TESTS / "rules" / "cases"
#: Every fixture repository: those with a procmodel.yaml, and every rule case (on the shared base).
FIXTURE_REPOS = sorted(
    {p.parent for p in TESTS.rglob("procmodel.yaml") if CASES not in p.parents}
    | {p for p in CASES.glob("*/*") if p.is_dir() and p.parent.name != "_base"}
)


def test_the_fixtures_are_found() -> None:
    assert len(FIXTURE_REPOS) >= 50
    assert FIXTURES / "gräns" in FIXTURE_REPOS


@pytest.mark.parametrize("root", FIXTURE_REPOS, ids=[str(p.relative_to(TESTS)) for p in FIXTURE_REPOS])
def test_every_fixture_exports_or_is_refused_with_a_reason(
    root: Path, bpmn_schema: etree.XMLSchema, tmp_path: Path
) -> None:
    if CASES in root.parents:
        root = copy_case(root, tmp_path / "case")
    repo = load_repository(root)
    clean = not any(f.severity.value == "error" for f in check_repository(repo))
    for process in repo.processes.values():
        assert process_to_mermaid(process, repo.roles).startswith("flowchart LR\n")
        try:
            xml = process_to_bpmn(process, repo.roles)
        except ExportError as exc:
            assert not clean, f"{process.id} checks clean but export refuses it: {exc}"
            continue
        doc = etree.fromstring(xml)
        assert bpmn_schema.validate(doc.getroottree()), (process.id, bpmn_schema.error_log)


def test_boundary_events_with_notes_export_and_read_back() -> None:
    repo = load_repository(FIXTURES / "gräns")
    process = repo.processes["utredning"]
    xml = process_to_bpmn(process, repo.roles)
    doc = etree.fromstring(xml)
    texts = doc.xpath("//*[local-name()='textAnnotation']/*[local-name()='text']/text()")
    assert sorted(texts) == sorted(n for s in process.steps for n in s.notes)
    result = read_bpmn(parse_bytes(xml))
    assert not result.problems
    assert canonical(Process.model_validate(result.processes[0].data)) == canonical(process)


def _with(process: Process, **changes: object) -> Process:
    data = process.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for step in data["steps"]:
        if step["id"] == "avbryt":
            step.update(changes)
    return Process.model_validate(data)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"attached_to": "avbryt"}, "step 'avbryt' is attached to itself"),
        ({"attached_to": "påminn-mig"}, "'påminn-mig' (type: event)"),
        ({"attached_to": "kännedom"}, "'kännedom' (type: start)"),
        ({"attached_to": "saknas"}, "'saknas', which is not a step of this process"),
        ({"id": "påminn-mig"}, "step id 'påminn-mig' is used twice"),
    ],
)
def test_a_boundary_event_bpmn_cannot_hold_is_refused_with_a_reason(changes: dict, reason: str) -> None:
    process = _with(load_repository(FIXTURES / "gräns").processes["utredning"], **changes)
    with pytest.raises(ExportError, match=re.escape(reason)):
        process_to_bpmn(process)
    assert process_to_mermaid(process)  # Mermaid draws it anyway


def test_a_step_model_built_in_code_is_enough() -> None:
    process = Process(
        id="p",
        title="P",
        steps=[Step(id="a", title="A"), Step(id="b", type=StepType.event, attached_to="a", notes=["x"])],
    )
    assert b"textAnnotation" in process_to_bpmn(process)
