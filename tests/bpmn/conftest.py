"""Shared helpers for the BPMN tests: corpus location, XSD, canonical process form."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from procmodel.flow import compute_flow
from procmodel.model import Process

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "bpmn-miwg"
if not CORPUS.is_dir():  # the corpus lives next to the repository on the build machine
    CORPUS = ROOT.parent / "shared" / "corpus" / "bpmn-miwg"
FIXTURES = Path(__file__).parent / "fixtures"
LIBRARY = ROOT / "processes"
NODE_DIR = ROOT / "tests" / "node"


def corpus_files(sub: str = "") -> list[Path]:
    """Every .bpmn file of the MIWG corpus (or of one folder of it), sorted."""
    return sorted((CORPUS / sub).rglob("*.bpmn")) if CORPUS.is_dir() else []


def canonical(process: Process) -> dict:
    """The process as data, with every step's successors written out.

    The only normalisation: ``next`` is resolved (implicit → explicit list), because
    'the following step' and ``next: <following step>`` mean the same flow.
    """
    for i, s in enumerate(process.steps):
        s._index = i
    data = process.model_dump(mode="json", exclude_defaults=True)
    flow = compute_flow(process)
    for i, s in enumerate(process.steps):
        data["steps"][i].pop("next", None)
        if s.type.value != "decision":
            data["steps"][i]["next"] = [e.target for e in flow.out_edges(s.id) if not e.boundary]
    return data


@pytest.fixture(scope="session")
def bpmn_schema() -> etree.XMLSchema:
    """The OMG BPMN 2.0 XML Schema (schemas/bpmn/BPMN20.xsd)."""
    return etree.XMLSchema(etree.parse(str(ROOT / "schemas" / "bpmn" / "BPMN20.xsd")))


def node_available() -> bool:
    return shutil.which("node") is not None and (NODE_DIR / "node_modules" / "bpmn-moddle").is_dir()


#: For tests that run bpmn.io's toolchain (with ``@pytest.mark.node``).
needs_node = pytest.mark.skipif(not node_available(), reason="node or tests/node/node_modules missing")


def run_node(script: str, files: list[Path]) -> list[dict]:
    """Run one of tests/node/*.mjs on ``files``; its JSON result for each file."""
    done = subprocess.run(
        ["node", str(NODE_DIR / script), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(results) == len(files)
    return results


@pytest.fixture
def repo_dir(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    (root / "roles.yaml").write_text(
        "# Våra roller\nroles:\n  - id: rektor   # skolans ledare\n    name: Rektor\n", encoding="utf-8"
    )
    return root
