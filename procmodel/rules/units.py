"""Units of the organisation and their variants of central processes (``organisation.yaml``, ``enheter/``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from procmodel.findings import Finding, SourceRef
from procmodel.i18n import t
from procmodel.model import Severity
from procmodel.rules.base import Rule, register
from procmodel.rules.references import suggest
from procmodel.unit_coverage import applies, served_goals, visible_variants

if TYPE_CHECKING:
    from procmodel.rules.context import CheckContext


@register
class UnknownUnitReference(Rule):
    """A unit names an area that does not exist, or a role binding names a role not in roles.yaml.

    Why: the unit would be missing from its area, and the person bound would hold a role
    no process uses, so staff would not find who does what at their school.
    Fix: use an area id from ``areas:`` and a role id from ``roles.yaml`` (the bindings
    say who holds a role; the role itself is defined once, in the role catalog).
    """

    id = "PM701"
    name = "unknown-unit-reference"
    family = "units"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        org, file = repo.organisation, repo.organisation_file
        if org is None or file is None:
            return
        roles = list(repo.roles)
        areas = [a.id for a in org.areas]
        holders: list[tuple[tuple[str | int, ...], dict[str, object]]] = [
            (("administration", "bindings"), dict(org.administration.bindings))
        ]
        holders += [(("areas", i, "bindings"), dict(a.bindings)) for i, a in enumerate(org.areas)]
        for i, unit in enumerate(org.units):
            if unit.area is not None and unit.area not in areas:
                yield self.finding(
                    t("PM701.area.message", unit=unit.id, area=unit.area),
                    SourceRef(file, ("units", i, "area")),
                    hint=suggest(unit.area, areas, t("PM701.area.hint")),
                )
            holders.append((("units", i, "bindings"), dict(unit.bindings)))
        for path, bindings in holders:
            for role in bindings:
                if role not in repo.roles:
                    yield self.finding(
                        t("PM701.role.message", role=role),
                        SourceRef(file, (*path, role), key=True),
                        hint=suggest(role, roles, t("PM701.role.hint")),
                    )


@register
class VariantTargetMissing(Rule):
    """A unit variant extends a process, names a unit or a step that does not exist.

    Why: the variant cannot be merged, so the unit's way of working is not checked or
    published at all.
    Fix: use the central process's id in ``extends:``, a unit id from ``organisation.yaml``
    in ``unit:`` and step ids of the central process (the hint names the closest one).
    """

    id = "PM702"
    name = "variant-target-missing"
    family = "units"
    configurable = False


@register
class VariantChangeConflict(Rule):
    """A change of a unit variant cannot be applied to its central process.

    Why: adding after an end or a decision, removing a start, an end or a gateway, adding a
    step id the process already has, or changing one step twice leaves no clear flow.
    Fix: anchor the new step beside a task, change gateways in the central process, give
    new steps ids of their own and state each step's change once.
    """

    id = "PM703"
    name = "variant-change-conflict"
    family = "units"
    configurable = False


@register
class VariantDropsRequiredGoal(Rule):
    """A unit variant removes or bypasses the steps that serve a goal the coverage policy requires.

    Why: the unit's pupils would no longer get what the law or the municipality requires:
    the service is not likvärdig across the units.
    Fix: keep the step (replace its role, instructions or deadline instead), or change the
    central process so that another step serves the goal.
    """

    id = "PM704"
    name = "variant-drops-required-goal"
    family = "units"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        required = ctx.required
        if not required or not repo.variants:
            return
        # a view of some processes (procmodel.findings_cache) holds every variant: only theirs
        for vid, info in visible_variants(repo).items():
            process = repo.processes[vid]
            still = served_goals(repo, process, required, reachable_only=True)
            for removed in info.removed:
                for goal in _required_goals(repo, removed.step.goals, required):
                    if goal in still:  # another step of the process serves it at the unit
                        continue
                    yield self.finding(
                        t("PM704.removed.message", step=removed.step.id, goal=goal, process=info.base),
                        SourceRef(info.file, ("remove", removed.index, "step")),
                        hint=t("PM704.hint"),
                        subject=goal,
                    )
            reached = repo.reached(process)
            for step in process.steps:
                if step.id in reached or step.id in info.added:
                    continue
                for goal in _required_goals(repo, step.goals, required):
                    if goal in still:
                        continue
                    yield self.finding(
                        t("PM704.bypassed.message", step=step.id, goal=goal, process=info.base),
                        SourceRef(info.file, ("extends",)),
                        hint=t("PM704.hint"),
                        subject=goal,
                    )


def _required_goals(repo: object, goals: list[str], required: dict[str, str]) -> list[str]:
    """The required leaf goals among ``goals`` and the leaves under them."""
    out: list[str] = []
    for gid in goals:
        for leaf in repo.leaves_under(gid) or [gid]:  # type: ignore[attr-defined]
            if leaf in required and leaf not in out:
                out.append(leaf)
    return out


@register
class ApplicabilityMismatch(Rule):
    """A process applies to a unit type or skolform no unit has, or a unit adapts a process not for it.

    Why: ``applies_to`` decides which units must follow a process and which required goals
    count for each unit; a value no unit of ``organisation.yaml`` has is usually a slip, and a
    variant at a unit the process is not for is never shown as in force there.
    Fix: use a unit type or skolform that units in ``organisation.yaml`` have (the hint names
    the closest one), or add the unit's type or skolform to the central process's ``applies_to``.
    """

    id = "PM705"
    name = "applicability-mismatch"
    family = "units"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        if repo.organisation is None or not repo.units:
            return
        types = sorted({u.type.value for u in repo.units.values()})
        forms = sorted({f.value for u in repo.units.values() for f in u.skolformer})
        for pid, process in repo.processes.items():
            scope = process.applies_to
            if scope is None or pid in repo.variants:
                continue
            for key, values, known in (
                ("unit_types", scope.unit_types, types),
                ("skolformer", scope.skolformer, forms),
            ):
                for i, value in enumerate(values):
                    if value.value in known:
                        continue
                    yield self.finding(
                        t(f"PM705.{key}.message", process=pid, value=value.value),
                        repo.process_ref(process, "applies_to", key, i),
                        hint=t("PM705.value.hint", values=", ".join(known)),
                    )
        for info in repo.variants.values():
            unit = repo.units[info.unit]
            if not applies(repo.processes[info.base], unit):
                yield self.finding(
                    t("PM705.variant.message", unit=unit.id, process=info.base, type=unit.type.value),
                    SourceRef(info.file, ("unit",)),
                    hint=t("PM705.variant.hint"),
                )
