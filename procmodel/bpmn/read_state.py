"""The state one BPMN import shares between its parts (participants, flow, steps, artifacts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from procmodel.bpmn.ids import IdMaker
from procmodel.bpmn.imported import ImportResult, Problem


@dataclass
class ReadState:
    """What is known so far about the file being read, and what it has yielded."""

    root: etree._Element
    uses_pm: bool  # whether the file uses procmodel's namespace at all
    default_id: str | None = None
    result: ImportResult = field(default_factory=ImportResult)
    process_ids: IdMaker = field(default_factory=IdMaker)
    doc_ids: IdMaker = field(default_factory=IdMaker)
    by_id: dict[str, etree._Element] = field(default_factory=dict)  # top-level definitions
    foreign_ns: dict[str, tuple[int, int, str | None]] = field(default_factory=dict)  # ns → (count, line, id)
    lane_role: dict[str, tuple[str, int]] = field(default_factory=dict)  # flow node id → (role id, line)
    props_cache: dict[etree._Element, dict[str, Any]] = field(default_factory=dict)
    process_of: dict[str, str] = field(default_factory=dict)  # BPMN process id → procmodel process id
    doc_of: dict[str, str] = field(default_factory=dict)  # BPMN data object (reference) id → document id
    node_refs: dict[str, list[str]] = field(default_factory=dict)  # flow node id → linked data

    @property
    def own(self) -> bool:
        """A file procmodel wrote: its document order is the step order."""
        return self.root.get("exporter") == "procmodel"

    def problem(self, el: etree._Element, message: str) -> None:
        """Report something at ``el`` that the model cannot hold (PM007, a warning)."""
        self.result.problems.append(
            Problem(
                "PM007",
                message,
                el.sourceline or 0,
                el.get("id"),
                "procmodel keeps what its file format can hold; "
                "add what matters as text (instructions, notes).",
            )
        )
