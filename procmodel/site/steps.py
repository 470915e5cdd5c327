"""Which steps a process page lists, their numbers (:mod:`procmodel.numbering`), where a link to a
step lands, and their RACI.

Pure functions of the model (and its :class:`~procmodel.flow.Flow`), shared by the pages and
the diagram links.
"""

from __future__ import annotations

from procmodel.flow import Flow
from procmodel.model import Process, Step
from procmodel.numbering import is_listed, is_numbered, listed_steps, step_numbers

__all__ = [
    "is_listed",
    "is_numbered",
    "listed_step",
    "listed_steps",
    "step_numbers",
    "step_raci",
]


def listed_step(process: Process, flow: Flow, sid: str) -> str:
    """The step a link to ``sid`` should land on: itself, or for an untitled merge/join the next step."""
    seen: set[str] = set()
    current = sid
    while current not in seen:
        seen.add(current)
        step = process.step(current)
        if step is None:
            return sid
        if is_listed(step):
            return current
        nxt = flow.successors(current)
        if not nxt:
            return current
        current = nxt[0]
    return sid


def step_raci(s: Step) -> list[tuple[str, list[str]]]:
    """(RACI relation, role ids) of a step, in RACI order."""
    return [
        ("performs", [s.role] if s.role else []),
        ("accountable", [s.accountable] if s.accountable else []),
        ("consulted", s.consulted),
        ("informed", s.informed),
    ]
