"""Export of the example library: XSD-valid, lossless, accepted by bpmn.io's toolchain."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from procmodel import load_repository
from procmodel.bpmn.namespaces import BPMN, BPMNDI
from procmodel.bpmn.reader import read_bpmn
from procmodel.bpmn.writer import process_to_bpmn
from procmodel.bpmn.xml import parse_bytes
from procmodel.model import Process
from tests.bpmn.conftest import FIXTURES, LIBRARY, canonical, needs_node, run_node


def _repos() -> list:
    repos = [load_repository(FIXTURES / "repo")]
    if (LIBRARY / "procmodel.yaml").is_file():
        repos.append(load_repository(LIBRARY))
    return repos


REPOS = _repos()
PROCESSES = [(repo, pid) for repo in REPOS for pid in sorted(repo.processes)]
IDS = [f"{repo.root.name}/{pid}" for repo, pid in PROCESSES]
# Unit variants (<process>@<unit>) are derived on load, not files: their central process round-trips.
CENTRAL = [(repo, pid) for repo, pid in PROCESSES if pid not in repo.variants]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("bpmn")
    files = []
    for repo, pid in PROCESSES:
        path = out / f"{repo.root.name}-{pid}.bpmn"
        path.write_bytes(process_to_bpmn(repo.processes[pid], repo.roles))
        files.append(path)
    return files


def test_library_has_processes() -> None:
    assert len(PROCESSES) >= 3


@pytest.mark.parametrize(("repo", "pid"), PROCESSES, ids=IDS)
def test_export_is_valid_bpmn(repo, pid: str, bpmn_schema: etree.XMLSchema) -> None:
    xml = process_to_bpmn(repo.processes[pid], repo.roles)
    doc = etree.fromstring(xml)
    assert bpmn_schema.validate(doc.getroottree()), bpmn_schema.error_log
    # full diagram interchange: every flow node, flow and lane has a DI element with geometry
    semantic = doc.xpath(
        "//b:process/*[@id and not(self::b:laneSet)] | //b:lane | //b:participant", namespaces={"b": BPMN}
    )
    drawn = set(
        doc.xpath("//di:BPMNShape/@bpmnElement | //di:BPMNEdge/@bpmnElement", namespaces={"di": BPMNDI})
    )
    assert {e.get("id") for e in semantic} <= drawn
    assert (
        doc.xpath("count(//di:BPMNEdge[count(*[local-name()='waypoint']) < 2])", namespaces={"di": BPMNDI})
        == 0
    )


@pytest.mark.parametrize(("repo", "pid"), CENTRAL, ids=[f"{r.root.name}/{p}" for r, p in CENTRAL])
def test_yaml_bpmn_yaml_is_lossless(repo, pid: str) -> None:
    process = repo.processes[pid]
    result = read_bpmn(parse_bytes(process_to_bpmn(process, repo.roles)))
    assert not result.problems, result.problems
    assert len(result.processes) == 1
    again = Process.model_validate(result.processes[0].data)
    assert canonical(again) == canonical(process)


def test_export_is_deterministic() -> None:
    repo = REPOS[0]
    for process in repo.processes.values():
        assert process_to_bpmn(process, repo.roles) == process_to_bpmn(process, repo.roles)


@pytest.mark.node
@needs_node
def test_bpmn_moddle_reads_exports_without_warnings(exports: list[Path]) -> None:
    for item in run_node("moddle-check.mjs", exports):
        assert "error" not in item, item
        assert item["root"] == "bpmn:Definitions"
        assert item["warnings"] == [], item


# Warnings bpmnlint may give: the model has inclusive gateways on purpose ('several of these').
ACCEPTED_WARNINGS = {"no-inclusive-gateway"}


@pytest.mark.node
@needs_node
def test_bpmnlint_recommended_reports_no_errors(exports: list[Path]) -> None:
    # A unit variant (<process>@<unit>) shares its element ids with its central process, and one
    # lint-check.mjs run counts equal ids across files as duplicate flows: lint each variant alone.
    variants = [path for path in exports if "@" in path.name]
    batches = [[path for path in exports if path not in variants], *([v] for v in variants)]
    for item in (found for batch in batches for found in run_node("lint-check.mjs", batch)):
        errors = [r for r in item["reports"] if r["category"] == "error"]
        assert errors == [], (item["file"], errors)
        warnings = {r["rule"] for r in item["reports"] if r["category"] == "warn"}
        assert warnings <= ACCEPTED_WARNINGS, (item["file"], warnings)
