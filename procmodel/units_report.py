"""The likvärdighet report: per unit, which central processes it follows as is, which it adapts
(steps added, removed, replaced), which required goals its variants no longer serve and how
many of the required goals it serves (:mod:`procmodel.unit_coverage`); the matrix unit ×
process; per required goal, the units that serve it and those that do not.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from procmodel.coverage import required_goals
from procmodel.i18n import say
from procmodel.naming import goal_name
from procmodel.repository import Repository
from procmodel.unit_coverage import (
    Cell,
    CellState,
    GoalRow,
    ServedGoals,
    UnitCoverage,
    central_processes,
    goal_rows,
    matrix_row,
    unit_coverage,
    unit_versions,
    visible_variants,
)


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
    coverage: UnitCoverage = field(default_factory=lambda: UnitCoverage(0))
    matrix: list[Cell] = field(default_factory=list)  # one cell per central process


@dataclass
class Report:
    """The whole report: the units, and per required goal who serves it."""

    units: list[UnitReport] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # goal id → 'Skollagen 6 kap. 10 §'


def units_report(repo: Repository) -> list[UnitReport]:
    """Every unit, in the order of ``organisation.yaml``."""
    serves = ServedGoals(repo, required_goals(repo))
    central = central_processes(repo)
    by_unit: dict[str, list[Adaptation]] = {}
    for vid, info in sorted(visible_variants(repo).items()):
        removed = {r.step.id: info.variant.remove[r.index].reason for r in info.removed}
        lost = serves(info.base, reachable_only=False) - serves(vid)
        by_unit.setdefault(info.unit, []).append(
            Adaptation(
                info.base, vid, info.file, list(info.added), removed, dict(info.replaced), sorted(lost)
            )
        )
    out = []
    versions = unit_versions(repo)
    for unit in repo.units.values():
        adapted = by_unit.get(unit.id, [])
        cells = matrix_row(repo, unit, central, versions)
        as_is = [c.process for c in cells if c.state is CellState.central]
        report = UnitReport(unit.id, unit.name, unit.type.value, unit.area, unit.rektor, as_is, adapted)
        report.coverage = unit_coverage(repo, unit, cells, serves)
        report.matrix = cells
        out.append(report)
    return out


def full_report(repo: Repository) -> Report:
    """The units, the goal rows and the goals' names."""
    reports = units_report(repo)
    rows = goal_rows(repo, {r.id: r.coverage for r in reports})
    return Report(reports, rows, {gid: goal_name(repo, gid) for gid in required_goals(repo)})


def as_json(report: Report) -> str:
    """The report as JSON (for CI and other tools)."""
    data = {
        "units": [asdict(r) for r in report.units],
        "goals": [asdict(g) for g in report.goals],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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


#: At most this many missing goals are named in a line of text or Markdown (JSON has them all).
SHOWN = 12


def coverage_line(report: Report, cov: UnitCoverage) -> str:
    """'serves 31 of 36 required goals; missing: Skollagen 3 kap. 12 j § (sl-3-12j), …'."""
    line = say("units.report.coverage", served=len(cov.served), required=cov.required)
    if cov.missing:
        names = [f"{report.names.get(g, g)} ({g})" for g in cov.missing[:SHOWN]]
        if len(cov.missing) > SHOWN:
            names.append(say("units.report.more", n=len(cov.missing) - SHOWN))
        line += "; " + say("units.report.missing", goals=", ".join(names))
    return line


def _states(r: UnitReport) -> list[str]:
    lines = []
    missing = [c.process for c in r.matrix if c.state is CellState.missing]
    if missing:
        lines.append(say("units.report.not_in_force", processes=", ".join(missing)))
    outside = sum(1 for c in r.matrix if c.state is CellState.not_applicable)
    if outside:
        lines.append(say("units.report.not_applicable", n=outside))
    return lines


def _touches(r: UnitReport, process: str) -> str:
    steps = next((c.goal_steps for c in r.matrix if c.process == process), [])
    return say("units.report.touches", steps=", ".join(steps)) if steps else ""


def as_text(report: Report) -> str:
    """The report for a terminal."""
    if not report.units:
        return say("units.report.no_units") + "\n"
    out: list[str] = []
    for r in report.units:
        out.append(f"{r.name} ({r.id}) · {say('unit_type.' + r.type)} · {r.area or '–'}")
        out.append("  " + say("units.report.rektor", name=_holder(r.rektor)))
        out.append("  " + coverage_line(report, r.coverage))
        out.append("  " + say("units.report.as_is", n=len(r.as_is)))
        out += ["  " + line for line in _states(r)]
        for a in r.adapted:
            out.append("  " + say("units.report.adapts", process=a.process, file=a.file))
            out += [f"    - {line}" for line in _changes(a)]
            touches = _touches(r, a.process)
            if touches:
                out.append(f"    ! {touches}")
        out.append("")
    out += _goal_lines(report, "")
    return "\n".join(out) + "\n"


def _goal_lines(report: Report, bullet: str) -> list[str]:
    gaps = [g for g in report.goals if g.not_served_by]
    if not gaps:
        return [say("units.report.all_served"), ""]
    names = {r.id: r.name for r in report.units}
    out = [say("units.report.goals_title"), ""]
    for g in gaps:
        goal = f"{g.name} ({g.goal})"
        if not g.served_by:
            out.append(bullet + say("units.report.goal_nowhere", goal=goal))
            continue
        total = len(g.served_by) + len(g.not_served_by)
        units = ", ".join(names.get(u, u) for u in g.not_served_by)
        line = say("units.report.goal_line", goal=goal, served=len(g.served_by), total=total, units=units)
        out.append(bullet + line)
    return [*out, ""]


CELL_MARK = {CellState.central: "·", CellState.missing: "✗", CellState.not_applicable: "–"}


def _cell(cell: Cell) -> str:
    if cell.state is CellState.variant:
        mark = say("units.report.cell_variant", n=cell.changed)
        return f"**{mark} ⚠**" if cell.goal_steps else mark
    return CELL_MARK[cell.state]


def as_markdown(report: Report) -> str:
    """The report as Markdown (for a pull request or a wiki)."""
    out = [f"# {say('units.report.title')}", ""]
    reports = report.units
    if not reports:
        return "\n".join([*out, say("units.report.no_units"), ""])
    head = [say("units.report.col_unit"), say("units.report.col_type"), say("units.report.col_area")]
    head += [say("units.report.col_as_is"), say("units.report.col_adapted"), say("units.report.col_lost")]
    head.append(say("units.report.col_coverage"))
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in reports:
        lost = sum(len(a.goals_lost) for a in r.adapted)
        cells = [r.name, say("unit_type." + r.type), r.area or "–", str(len(r.as_is)), str(len(r.adapted))]
        cells += [str(lost), f"{len(r.coverage.served)}/{r.coverage.required}"]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", f"## {say('units.report.matrix_title')}", "", say("units.report.legend"), ""]
    head = [say("units.report.col_process"), *(r.name for r in reports)]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, cell in enumerate(reports[0].matrix):
        out.append("| " + " | ".join([cell.process, *(_cell(r.matrix[i]) for r in reports)]) + " |")
    out += ["", f"## {say('units.report.goals_title')}", ""]
    gaps = any(g.not_served_by for g in report.goals)
    out += _goal_lines(report, "- ")[2:] if gaps else _goal_lines(report, "")
    for r in reports:
        out += ["", f"## {r.name}", "", say("units.report.rektor", name=_holder(r.rektor)), ""]
        out += [coverage_line(report, r.coverage), ""]
        for a in r.adapted:
            out.append(f"- **{a.process}** (`{a.file}`)")
            out += [f"  - {line}" for line in _changes(a)]
            touches = _touches(r, a.process)
            if touches:
                out.append(f"  - ⚠ {touches}")
    return "\n".join(out).rstrip("\n") + "\n"


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}
