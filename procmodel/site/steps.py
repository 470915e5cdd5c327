"""Which steps a process page lists, their numbers, where a link to a step lands, and their RACI.

Pure functions of the model (and its :class:`~procmodel.flow.Flow`), shared by the pages and
the diagram links.
"""

from __future__ import annotations

from procmodel.flow import Flow
from procmodel.model import Process, Step, StepType

_STRUCTURAL = {StepType.merge, StepType.join}
#: Listed but not counted as steps: where the flow begins and ends, and where it splits or
#: joins without anyone deciding (nobody does these, so they get no number)
_UNNUMBERED = {StepType.start, StepType.end, StepType.parallel, StepType.merge, StepType.join}


def is_listed(step: Step) -> bool:
    """Steps shown in the step list: all but untitled merges and joins."""
    return step.type not in _STRUCTURAL or bool(step.title)


def is_numbered(step: Step) -> bool:
    """Steps that carry a number: tasks, decisions, subprocesses and intermediate events."""
    return step.type not in _UNNUMBERED


def listed_steps(process: Process) -> list[Step]:
    """The steps of the step list, in order."""
    return [s for s in process.steps if is_listed(s)]


def step_numbers(process: Process) -> dict[str, int]:
    """Step id → its number (1-based), for the listed steps that are numbered (see :func:`is_numbered`)."""
    numbered = [s for s in listed_steps(process) if is_numbered(s)]
    return {s.id: i for i, s in enumerate(numbered, start=1)}


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
