"""Mermaid export: one subgraph per role, every label escaped."""

from __future__ import annotations

import re

from procmodel import load_repository
from procmodel.export.mermaid import escape, node_id, process_to_mermaid
from tests.bpmn.conftest import FIXTURES


def test_mermaid_structure() -> None:
    repo = load_repository(FIXTURES / "repo")
    text = process_to_mermaid(repo.processes["alla-steg"], repo.roles)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(1 for line in lines if line.strip().startswith("subgraph ")) == 3  # three roles
    assert sum(1 for line in lines if line.strip() == "end") == 3
    assert f'{node_id("välj")} -->|"Ja"| {node_id("1-siffra")}' in text
    # ids are plain ASCII, so å/ä/ö and '-' never reach Mermaid's id syntax
    for match in re.finditer(r"\b(s_[0-9a-z]+)", text):
        assert match.group(1).isascii()


def test_labels_cannot_break_out() -> None:
    assert (
        escape('Ja "nej" <b>[x]|{y}(z);#')
        == "Ja #quot;nej#quot; #lt;b#gt;#91;x#93;#124;#123;y#125;#40;z#41;#59;#35;"
    )
    repo = load_repository(FIXTURES / "repo")
    text = process_to_mermaid(repo.processes["alla-steg"], repo.roles)
    title_line = next(line for line in text.splitlines() if "%%" in line)
    assert "<" not in title_line and '"' not in title_line
