"""The coverage report as plain text and as JSON (``procmodel coverage --format text|json``).

The report's data is :mod:`procmodel.report.coverage_report`; the CI formats (markdown,
junit, github) live beside their check counterparts. All are listed in
:mod:`procmodel.report.formats`.
"""

from __future__ import annotations

import json

import click

from procmodel import __version__
from procmodel.i18n import say
from procmodel.report.coverage_report import CoverageReport, GoalRow

SCHEMA_VERSION = 1


def _served_by(row: GoalRow) -> str:
    parts = []
    for pid in row.processes:
        via = sorted({s.via for s in row.services if s.process == pid and s.via})
        parts.append(pid + (f" ({say('report.coverage.via', goals=', '.join(via))})" if via else ""))
    return ", ".join(parts)


def coverage_text(report: CoverageReport, colour: bool = False) -> str:
    """Per catalog: a share line, then every goal indented by section, ✓ served / ✗ not, [required]."""

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if colour else text  # type: ignore[arg-type]

    out: list[str] = []
    out.append(
        say("report.coverage.by_approved" if report.approved_only else "report.coverage.by_not_retired")
    )
    for cat in report.catalogs:
        req = cat.required
        line = say(
            "report.coverage.catalog",
            name=cat.short,
            id=cat.id,
            served=cat.served,
            total=cat.total,
            share=f"{cat.share:.0f}",
        )
        if req:
            line += say("report.coverage.required_part", served=sum(r.covered for r in req), total=len(req))
        if cat.minimum is not None:
            line += say("report.coverage.minimum_part", minimum=f"{cat.minimum:g}")
        out += ["", style(line, bold=True)]
        for row in cat.rows:
            indent = "  " * (row.depth + 1)
            label = f"{row.number} {row.title}".strip()
            if not row.leaf and not row.covered:
                out.append(f"{indent}{style(label, bold=True)}")
                continue
            mark = style("✓", fg="green") if row.covered else style("✗", fg="red" if row.required else None)
            tags = [style(f"({row.id})", dim=True)]
            if row.required:
                required = f"[{say('report.coverage.required_tag')}]"
                tags.append(style(required, fg="red" if not row.covered and not row.exception else None))
            if row.exception and not row.covered:
                exception = say(
                    "report.coverage.exception_tag", until=row.exception.until, reason=row.exception.reason
                )
                tags.append(f"[{exception}]")
            if row.covered:
                tags.append(f"← {_served_by(row)}")
            out.append(f"{indent}{mark} {label} {' '.join(tags)}")
    gaps = report.gaps
    out.append("")
    if gaps:
        out.append(style(say("report.coverage.gaps", n=len(gaps)), fg="red", bold=True))
        out += [f"  {r.name} ({r.id})" for r in gaps]
    else:
        out.append(style(say("report.coverage.no_gaps"), fg="green", bold=True))
    return "\n".join(out) + "\n"


def _row_dict(row: GoalRow) -> dict[str, object]:
    return {
        "id": row.id,
        "name": row.name,
        "title": row.title,
        "depth": row.depth,
        "leaf": row.leaf,
        "required": row.required,
        "covered": row.covered,
        "exception": (
            {"reason": row.exception.reason, "until": row.exception.until.isoformat()}
            if row.exception
            else None
        ),
        "services": [{"process": s.process, "step": s.step, "via": s.via} for s in row.services],
    }


def coverage_json(report: CoverageReport, colour: bool = False) -> str:
    """``{"version", "tool", "approved_only", "summary", "catalogs": [...]}`` (docs/output-formats.md)."""
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "procmodel", "version": __version__},
        "approved_only": report.approved_only,
        "summary": {
            "goals": sum(c.total for c in report.catalogs),
            "served": sum(c.served for c in report.catalogs),
            "required": sum(len(c.required) for c in report.catalogs),
            "required_served": sum(sum(r.covered for r in c.required) for c in report.catalogs),
            "gaps": [r.id for r in report.gaps],
        },
        "catalogs": [
            {
                "id": c.id,
                "title": c.title,
                "short": c.short,
                "kind": c.kind,
                "served": c.served,
                "total": c.total,
                "share": round(c.share, 1),
                "minimum": c.minimum,
                "goals": [_row_dict(r) for r in c.rows],
            }
            for c in report.catalogs
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
