"""Which steps of a process are listed and which carry a step number.

Shared by the site's step list and the diagrams, so a box and its list item carry the same
number. Pure functions of the model.
"""

from __future__ import annotations

from procmodel.model import Process, Step, StepType

_STRUCTURAL = {StepType.merge, StepType.join}
#: Listed but not counted as steps: where the flow begins and ends, what happens to it (a wait,
#: a message that arrives) and where it splits or joins without anyone deciding: nobody does
#: these, so they get no number
_UNNUMBERED = {
    StepType.start,
    StepType.end,
    StepType.event,
    StepType.parallel,
    StepType.merge,
    StepType.join,
}


def is_listed(step: Step) -> bool:
    """Steps shown in the step list: all but untitled merges and joins."""
    return step.type not in _STRUCTURAL or bool(step.title)


def is_numbered(step: Step) -> bool:
    """Steps that carry a number: tasks, decisions and subprocesses (what someone does)."""
    return step.type not in _UNNUMBERED


def listed_steps(process: Process) -> list[Step]:
    """The steps of the step list, in order."""
    return [s for s in process.steps if is_listed(s)]


def step_numbers(process: Process) -> dict[str, int]:
    """Step id → its number (1-based), for the listed steps that are numbered (see :func:`is_numbered`)."""
    numbered = [s for s in listed_steps(process) if is_numbered(s)]
    return {s.id: i for i, s in enumerate(numbered, start=1)}
