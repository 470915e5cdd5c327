"""The BPMN MIWG test suite (CC BY 3.0, BPMN MIWG): every file imports; Reference counts match."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from procmodel.bpmn.reader import read_bpmn, read_bpmn_file
from procmodel.bpmn.writer import process_to_bpmn
from procmodel.bpmn.xml import parse_bytes
from procmodel.model import Process
from tests.bpmn.conftest import CORPUS, canonical, corpus_files

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="MIWG corpus not present")

NS = {"b": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
TASKS = (
    "b:task|b:userTask|b:manualTask|b:serviceTask|b:sendTask|b:receiveTask|b:scriptTask|b:businessRuleTask"
)
EVENTS = "b:startEvent|b:endEvent|b:intermediateCatchEvent|b:intermediateThrowEvent|b:boundaryEvent"
GATEWAYS = "b:exclusiveGateway|b:parallelGateway|b:inclusiveGateway|b:eventBasedGateway|b:complexGateway"
SUBPROCESSES = "b:callActivity|b:subProcess|b:adHocSubProcess|b:transaction"


def reference_counts(path: Path) -> dict[str, int]:
    """Element counts straight from the XML, independent of the importer."""
    root = etree.parse(str(path)).getroot()

    def count(expr: str) -> int:
        return int(root.xpath(f"count(//*[self::{expr.replace('|', ' or self::')}])", namespaces=NS))

    return {
        "tasks": count(TASKS),
        "events": count(EVENTS),
        "gateways": count(GATEWAYS),
        "subprocesses": count(SUBPROCESSES),
        "flows": count("b:sequenceFlow"),
        "lanes": count("b:lane"),
    }


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_file_imports(path: Path) -> None:
    result = read_bpmn_file(path)
    counts = result.counts()
    assert counts["processes"] >= 1
    for imported in result.processes:
        Process.model_validate(imported.data)  # the data is a valid procmodel process
    for p in result.problems:  # every warning names a line, and an element where there is one
        assert p.rule == "PM007" and p.line > 0, p
    print(f"{path.parent.name}/{path.name}: {counts}")


def test_corpus_is_complete() -> None:
    assert len(corpus_files()) == 242
    assert len(corpus_files("Reference")) == 21


@pytest.mark.parametrize("path", corpus_files("Reference"), ids=lambda p: p.name)
def test_reference_counts_match(path: Path) -> None:
    imported = read_bpmn_file(path).counts()
    expected = reference_counts(path)
    assert {k: imported[k] for k in expected} == expected


@pytest.mark.parametrize("path", corpus_files("Reference"), ids=lambda p: p.name)
def test_reference_round_trip(path: Path) -> None:
    """Reference → import → export → import gives the same model."""
    first = read_bpmn_file(path)
    models = {p.data["id"]: Process.model_validate(p.data) for p in first.processes}
    for pid, process in models.items():
        again = read_bpmn(parse_bytes(process_to_bpmn(process)))
        assert not again.problems, again.problems
        assert [p.data["id"] for p in again.processes] == [pid]
        assert canonical(Process.model_validate(again.processes[0].data)) == canonical(process)
