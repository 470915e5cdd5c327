"""Merging a unit variant into its central process: the derived process ``<process>@<unit>``.

The central process stays the base: the merge starts from a copy of it on every load, so a
change to the central file reaches every variant. A variant only adds a step beside a named
one, replaces some fields of a step, or removes a step (with a reason). The merged process
remembers, step by step and field by field, whether a value comes from the central file or
from the variant, so the check rules' findings point where the change was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from procmodel.findings import SourceRef
from procmodel.flow import compute_flow
from procmodel.i18n import t
from procmodel.load.schema_errors import did_you_mean
from procmodel.model import Process, Step, StepType
from procmodel.organisation import VariantFile

#: Steps a variant cannot remove: the process's shape, which only the central file may change.
_NOT_REMOVABLE = (StepType.start, StepType.end, StepType.decision, StepType.parallel, StepType.join)


def variant_id(process_id: str, unit_id: str) -> str:
    """The id of a unit's variant of a process."""
    return f"{process_id}@{unit_id}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A change that cannot be applied: rule id, message, where in the variant file, hint."""

    rule: str
    message: str
    path: tuple[str | int, ...]
    hint: str = ""


@dataclass
class Removed:
    """A central step the variant leaves out, and the ``remove:`` entry that does it."""

    step: Step
    index: int


@dataclass
class VariantInfo:
    """Where a merged process came from: its central process, its unit, its variant file."""

    id: str
    base: str
    unit: str
    file: str
    base_file: str
    variant: VariantFile
    #: id(step) → (where the step is defined, field name → where that field's value is defined)
    step_refs: dict[int, tuple[SourceRef, dict[str, SourceRef]]] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    replaced: dict[str, list[str]] = field(default_factory=dict)  # step id → fields replaced

    def step_ref(self, step: Step, path: tuple[str | int, ...], key: bool = False) -> SourceRef:
        """Where a field of a merged step is defined: the variant if it changed it, else the central file."""
        base, fields = self.step_refs[id(step)]
        if path and isinstance(path[0], str) and path[0] in fields:
            ref = fields[path[0]]
            return SourceRef(ref.file, (*ref.path, *path[1:]), key)
        return SourceRef(base.file, (*base.path, *path), key)

    def process_ref(self, path: tuple[str | int, ...], key: bool = False) -> SourceRef:
        """A process-level field: from the central file, except the steps as a whole (the variant)."""
        if not path or path == ("steps",):
            return SourceRef(self.file, ("extends",), key=True)
        return SourceRef(self.base_file, path, key)


def merge_variant(
    base: Process, variant: VariantFile, unit_name: str, base_file: str, file: str
) -> tuple[Process | None, VariantInfo, list[Problem]]:
    """The central process ``base`` with the variant's changes, or None with the problems found."""
    merged = _working_copy(base)
    merged.id = variant_id(base.id, variant.unit)
    merged.title = t("units.variant_title", title=base.title, unit=unit_name)
    merged._file = file
    info = VariantInfo(merged.id, base.id, variant.unit, file, base_file, variant)
    for i, step in enumerate(merged.steps):
        info.step_refs[id(step)] = (SourceRef(base_file, ("steps", i)), {})
    problems = _check_names(base, variant)
    if not any(p.rule == "PM702" for p in problems):  # every step named exists
        _replace(merged, variant, info)
        problems += _remove(merged, variant, info)
    if not problems:
        problems += _add(merged, variant, info)
    if problems:
        return None, info, problems
    for i, step in enumerate(merged.steps):
        step._index = i
        for j, outcome in enumerate(step.outcomes):
            outcome._index = j
    return merged, info, []


def _working_copy(base: Process) -> Process:
    """A copy of ``base`` the merge may change: the process, its step list, steps and outcomes.

    Only what a merge assigns to is copied (step fields are replaced whole, never changed in
    place); the values below a step (RACI, goal links, deadlines) are shared with ``base``,
    as a deep copy of every central process for each of its variants costs most of a load.
    """
    merged = base.model_copy()
    merged.steps = [_step_copy(step) for step in base.steps]
    return merged


def _step_copy(step: Step) -> Step:
    copied = step.model_copy()
    if step.outcomes:
        copied.outcomes = [outcome.model_copy() for outcome in step.outcomes]
    return copied


def _check_names(base: Process, variant: VariantFile) -> list[Problem]:
    ids = [s.id for s in base.steps]
    known = set(ids)
    problems: list[Problem] = []
    added: set[str] = set()
    for j, add in enumerate(variant.add):
        key = "after" if add.after else "before"
        if add.anchor not in known and add.anchor not in added:
            problems.append(_missing_step(("add", j, key), add.anchor, base.id, ids))
        if add.step.id in known or add.step.id in added:
            problems.append(
                Problem(
                    "PM703",
                    t("PM703.duplicate.message", step=add.step.id, process=base.id),
                    ("add", j, "step", "id"),
                    t("PM703.duplicate.hint"),
                )
            )
        added.add(add.step.id)
    touched: dict[str, str] = {}
    named = [("replace", j, e.step) for j, e in enumerate(variant.replace)]
    named += [("remove", j, e.step) for j, e in enumerate(variant.remove)]
    for kind, j, sid in named:
        if sid not in known:
            problems.append(_missing_step((kind, j, "step"), sid, base.id, ids))
        elif sid in touched:
            problems.append(
                Problem(
                    "PM703",
                    t("PM703.twice.message", step=sid, first=touched[sid]),
                    (kind, j, "step"),
                    t("PM703.twice.hint"),
                )
            )
        else:
            touched[sid] = kind
    return problems


def _missing_step(path: tuple[str | int, ...], step: str, process: str, ids: list[str]) -> Problem:
    hint = did_you_mean(step, ids, t("PM702.step.hint", process=process))
    return Problem("PM702", t("PM702.step.message", step=step, process=process), path, hint)


def _replace(merged: Process, variant: VariantFile, info: VariantInfo) -> None:
    for j, entry in enumerate(variant.replace):
        step = merged.step(entry.step)
        assert step is not None  # checked by _check_names
        fields = info.step_refs[id(step)][1]
        for name in entry.changed_fields():
            value = getattr(entry, name)
            setattr(step, name, list(value) if isinstance(value, list) else value)
            fields[name] = SourceRef(info.file, ("replace", j, name))
        info.replaced[step.id] = entry.changed_fields()


def _redirect(merged: Process, old: str, new: str, ref: SourceRef, info: VariantInfo, skip: str) -> None:
    """Make every arrow into ``old`` lead to ``new`` instead (implicit arrows made explicit)."""
    flow = compute_flow(merged)
    for step in merged.steps:
        if step.id in (skip, old) or old not in flow.successors(step.id):
            continue
        fields = info.step_refs[id(step)][1]
        if step.type is StepType.decision:
            for outcome in step.outcomes:
                if outcome.next == old:
                    outcome.next = new
            fields["outcomes"] = ref
        else:
            targets = step.next_ids or [old]
            nexts = [new if target == old else target for target in targets]
            step.next = nexts[0] if len(nexts) == 1 else nexts
            fields["next"] = ref


def _forward(merged: Process, step: Step) -> list[str]:
    """The steps ``step`` leads to along its own arrows (boundary events left out)."""
    return [e.target for e in compute_flow(merged).out_edges(step.id) if not e.boundary]


def _remove(merged: Process, variant: VariantFile, info: VariantInfo) -> list[Problem]:
    problems: list[Problem] = []
    for j, entry in enumerate(variant.remove):
        step = merged.step(entry.step)
        assert step is not None
        forward = _forward(merged, step)
        if step.type in _NOT_REMOVABLE or len(forward) != 1 or step.attached_to:
            problems.append(
                Problem(
                    "PM703",
                    t("PM703.remove.message", step=step.id, kind=step.type.value),
                    ("remove", j, "step"),
                    t("PM703.remove.hint"),
                )
            )
            continue
        ref = SourceRef(info.file, ("remove", j, "step"))
        _redirect(merged, step.id, forward[0], ref, info, skip=step.id)
        merged.steps.remove(step)
        info.removed.append(Removed(step, j))
    return problems


def _add(merged: Process, variant: VariantFile, info: VariantInfo) -> list[Problem]:
    problems: list[Problem] = []
    for j, entry in enumerate(variant.add):
        anchor = merged.step(entry.anchor)
        key = "after" if entry.after else "before"
        if anchor is None:  # removed by this same variant
            problems.append(
                Problem(
                    "PM703",
                    t("PM703.anchor_removed.message", step=entry.anchor),
                    ("add", j, key),
                    t("PM703.anchor_removed.hint"),
                )
            )
            continue
        new = _step_copy(entry.step)  # fields are assigned, never changed in place
        ref = SourceRef(info.file, ("add", j, key))
        info.step_refs[id(new)] = (SourceRef(info.file, ("add", j, "step")), {})
        at = merged.steps.index(anchor)
        if entry.after:
            forward = _forward(merged, anchor)
            if anchor.type in (StepType.end, StepType.decision) or anchor.attached_to:
                problems.append(_bad_anchor(j, key, anchor))
                continue
            if new.next is None and not new.outcomes and new.type is not StepType.end:
                new.next = forward[0] if len(forward) == 1 else forward or None
            anchor.next = new.id
            info.step_refs[id(anchor)][1]["next"] = ref
            merged.steps.insert(at + 1, new)
        else:
            if anchor.type is StepType.start or anchor.attached_to:
                problems.append(_bad_anchor(j, key, anchor))
                continue
            _redirect(merged, anchor.id, new.id, ref, info, skip="")
            if new.next is None and not new.outcomes and new.type is not StepType.end:
                new.next = anchor.id
            merged.steps.insert(at, new)
        info.added.append(new.id)
    return problems


def _bad_anchor(j: int, key: str, anchor: Step) -> Problem:
    return Problem(
        "PM703",
        t(f"PM703.{key}.message", step=anchor.id, kind=anchor.type.value),
        ("add", j, key),
        t(f"PM703.{key}.hint"),
    )
