"""The likvärdighet report: per unit, which central processes it follows as is, which it adapts
(steps added, removed, replaced) and which required goals its variants no longer serve.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from procmodel.coverage import required_goals
from procmodel.flow import compute_flow
from procmodel.i18n import say
from procmodel.model import Process, StepType
from procmodel.repository import Repository


@dataclass
class Adaptation:
    """One unit's variant of one central process, and how it differs."""

    process: str
    variant: str
    file: str
    added: list[str] = field(default_factory=list)
    removed: dict[str, str] = field(default_factory=dict)  # step id → reason
    replaced: dict[str, list[str]] = field(default_factory=dict)  # step id → fields
    goals_lost: list[str] = field(default_factory=list)  # required goals the variant no longer serves


@dataclass
class UnitReport:
    """One unit of the organisation."""

    id: str
    name: str
    type: str
    area: str | None
    rektor: str | list[str] | None
    as_is: list[str] = field(default_factory=list)
    adapted: list[Adaptation] = field(default_factory=list)


def units_report(repo: Repository) -> list[UnitReport]:
    """Every unit, in the order of ``organisation.yaml``."""
    required = required_goals(repo)
    central = sorted(p for p in repo.processes if p not in repo.variants)
    by_unit: dict[str, list[Adaptation]] = {}
    for vid, info in sorted(repo.variants.items()):
        removed = {r.step.id: info.variant.remove[r.index].reason for r in info.removed}
        lost = _goals(repo, repo.processes[info.base], required, reachable_only=False)
        lost -= _goals(repo, repo.processes[vid], required, reachable_only=True)
        by_unit.setdefault(info.unit, []).append(
            Adaptation(
                info.base, vid, info.file, list(info.added), removed, dict(info.replaced), sorted(lost)
            )
        )
    out = []
    for unit in repo.units.values():
        adapted = by_unit.get(unit.id, [])
        changed = {a.process for a in adapted}
        out.append(
            UnitReport(
                unit.id,
                unit.name,
                unit.type.value,
                unit.area,
                unit.rektor,
                [p for p in central if p not in changed],
                adapted,
            )
        )
    return out


def _goals(repo: Repository, process: Process, required: dict[str, str], reachable_only: bool) -> set[str]:
    """The required leaf goals the (reachable) steps of ``process`` serve."""
    steps = process.steps
    if reachable_only:
        reached = compute_flow(process).reachable_from([s.id for s in steps if s.type is StepType.start])
        steps = [s for s in steps if s.id in reached]
    out: set[str] = set()
    for step in steps:
        for gid in step.goals:
            out.update(leaf for leaf in repo.leaves_under(gid) or [gid] if leaf in required)
    return out


def as_json(reports: list[UnitReport]) -> str:
    """The report as JSON (for CI and other tools)."""
    return json.dumps({"units": [asdict(r) for r in reports]}, ensure_ascii=False, indent=2) + "\n"


def _changes(a: Adaptation) -> list[str]:
    lines = [say("units.report.added", step=s) for s in a.added]
    lines += [say("units.report.removed", step=s, reason=r) for s, r in a.removed.items()]
    lines += [say("units.report.replaced", step=s, fields=", ".join(f)) for s, f in a.replaced.items()]
    lines += [say("units.report.goal_lost", goal=g) for g in a.goals_lost]
    return lines


def _holder(value: str | list[str] | None) -> str:
    if value is None:
        return say("units.report.none")
    return value if isinstance(value, str) else ", ".join(value)


def as_text(reports: list[UnitReport]) -> str:
    """The report for a terminal."""
    if not reports:
        return say("units.report.no_units") + "\n"
    out: list[str] = []
    for r in reports:
        out.append(f"{r.name} ({r.id}) · {say('unit_type.' + r.type)} · {r.area or '–'}")
        out.append("  " + say("units.report.rektor", name=_holder(r.rektor)))
        out.append("  " + say("units.report.as_is", n=len(r.as_is)))
        for a in r.adapted:
            out.append("  " + say("units.report.adapts", process=a.process, file=a.file))
            out += [f"    - {line}" for line in _changes(a)]
        out.append("")
    return "\n".join(out)


def as_markdown(reports: list[UnitReport]) -> str:
    """The report as Markdown (for a pull request or a wiki)."""
    out = [f"# {say('units.report.title')}", ""]
    if not reports:
        return "\n".join([*out, say("units.report.no_units"), ""])
    head = [say("units.report.col_unit"), say("units.report.col_type"), say("units.report.col_area")]
    head += [say("units.report.col_as_is"), say("units.report.col_adapted"), say("units.report.col_lost")]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in reports:
        lost = sum(len(a.goals_lost) for a in r.adapted)
        cells = [r.name, say("unit_type." + r.type), r.area or "–", str(len(r.as_is)), str(len(r.adapted))]
        out.append("| " + " | ".join([*cells, str(lost)]) + " |")
    for r in reports:
        if not r.adapted:
            continue
        out += ["", f"## {r.name}", "", say("units.report.rektor", name=_holder(r.rektor)), ""]
        for a in r.adapted:
            out.append(f"- **{a.process}** (`{a.file}`)")
            out += [f"  - {line}" for line in _changes(a)]
    return "\n".join(out) + "\n"


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}
