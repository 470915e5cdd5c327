"""What the rules across processes read of one process: its projection.

The rules outside the per-process findings cache (:data:`procmodel.findings_cache.PROCESS_RULES`)
look at every process: calls between processes, goal coverage and its policy, unit variants,
follow-up, goal texts changed since a review. What they read of a process is its structure,
never its words: ids, kinds, arrows, calls, goals, status, audience, area, scope, review date
and, for a unit variant, what it changed where. The fields they never read are the
descriptive ones below: titles, instructions, notes, roles, documents, deadlines, a question,
summary, keywords, owner and version.

:func:`projection` is a digest of everything else, so while no process's projection changed
those rules' findings stand (:mod:`procmodel.check_state` reuses them). The lists are a deny
list: a field added to the model counts as read until it is added here.
``tests/test_check_projection.py`` holds every such rule to this on every rule case, the
example library and generated repositories: with every descriptive field of every process
poisoned (any use of the value raises), their findings are the same.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from procmodel.model import Outcome, Process, Step

if TYPE_CHECKING:
    from procmodel.repository import Repository

#: Fields of a process, a step and an outcome that no rule across processes reads.
DESCRIPTIVE_PROCESS = ("schema_", "title", "question", "summary", "keywords", "version", "owner", "documents")
DESCRIPTIVE_STEP = (
    *("title", "instructions", "notes", "deadline", "timer", "schedule", "documents"),
    *("role", "accountable", "consulted", "informed"),
)
DESCRIPTIVE_OUTCOME = ("label", "condition")

_PROCESS_FIELDS = [n for n in Process.model_fields if n not in DESCRIPTIVE_PROCESS and n != "steps"]
_STEP_FIELDS = [n for n in Step.model_fields if n not in DESCRIPTIVE_STEP and n != "outcomes"]
_OUTCOME_FIELDS = [n for n in Outcome.model_fields if n not in DESCRIPTIVE_OUTCOME]


def projection(repo: Repository, process: Process) -> str:
    """A digest of what the rules across processes read of ``process`` (in ``repo``)."""
    parts: list[object] = [process._file, [getattr(process, n) for n in _PROCESS_FIELDS]]
    parts += [_step(step) for step in process.steps]
    info = repo.variants.get(process.id)
    if info is not None:
        parts += [info.base, info.unit, info.file, info.base_file, info.added, info.replaced]
        parts += [info.step_refs[id(step)] for step in process.steps]
        parts += [(r.index, _step(r.step)) for r in info.removed]
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _step(step: Step) -> list[object]:
    out: list[object] = [getattr(step, n) for n in _STEP_FIELDS]
    out += [[getattr(o, n) for n in _OUTCOME_FIELDS] for o in step.outcomes]
    return out
