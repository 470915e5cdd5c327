"""The coverage report: per catalog and section, which goals are served by which processes.

:func:`coverage_report` builds the data; the formats in ``COVERAGE_FORMATS``
(text, json, markdown, junit, github) turn it into text for
``procmodel coverage --format …``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import click

from procmodel import __version__
from procmodel.coverage import Served, Service, compute_coverage, excepted_goals, required_goals
from procmodel.i18n import say
from procmodel.model import CoverageException
from procmodel.report import github, junit, markdown
from procmodel.repository import Repository
from procmodel.rules.policy import goal_name

SCHEMA_VERSION = 1


@dataclass
class GoalRow(Served):
    """One goal of a catalog, with who serves it."""

    id: str
    name: str  # 'Skollagen 6 kap. 10 §': catalog and number
    number: str
    title: str
    depth: int
    leaf: bool
    required: bool
    exception: CoverageException | None
    services: list[Service]


@dataclass
class CatalogCoverage:
    """One catalog: its goals in order, and the shares."""

    id: str
    title: str
    short: str
    kind: str
    rows: list[GoalRow] = field(default_factory=list)
    minimum: float | None = None

    @property
    def leaves(self) -> list[GoalRow]:
        return [r for r in self.rows if r.leaf]

    @property
    def served(self) -> int:
        return sum(1 for r in self.leaves if r.covered)

    @property
    def total(self) -> int:
        return len(self.leaves)

    @property
    def share(self) -> float:
        """Percent of leaf goals served (100 for an empty catalog)."""
        return 100.0 * self.served / self.total if self.total else 100.0

    @property
    def below_minimum(self) -> bool:
        """Whether the share falls short of ``minimum`` (as PM603 judges it)."""
        return self.minimum is not None and self.share + 1e-9 < self.minimum

    @property
    def required(self) -> list[GoalRow]:
        return [r for r in self.leaves if r.required]

    @property
    def gaps(self) -> list[GoalRow]:
        """Required goals that no counted step serves and no exception excuses."""
        return [r for r in self.required if not r.covered and r.exception is None]


@dataclass
class CoverageReport:
    """Coverage of the whole repository."""

    repo: Repository
    approved_only: bool
    catalogs: list[CatalogCoverage]

    @property
    def gaps(self) -> list[GoalRow]:
        return [r for c in self.catalogs for r in c.gaps]


def coverage_report(repo: Repository) -> CoverageReport:
    """Build the coverage report of ``repo`` (its own ``coverage:`` policy applies)."""
    coverage = compute_coverage(repo)
    required = required_goals(repo)
    excepted = excepted_goals(repo)
    minimum = repo.config.coverage.minimum
    catalogs = []
    for cid, cat in repo.catalogs.items():
        cc = CatalogCoverage(cid, cat.title, cat.short or cat.title, cat.kind.value, minimum=minimum.get(cid))
        for goal in repo.catalog_goals(cid):
            if goal.id not in coverage or repo.goal_catalog.get(goal.id) != cid:
                continue  # a duplicate id, reported by PM105
            depth, parent = 0, repo.goal_parent.get(goal.id)
            while parent:
                depth, parent = depth + 1, repo.goal_parent.get(parent)
            cc.rows.append(
                GoalRow(
                    goal.id,
                    goal_name(repo, goal.id),
                    goal.number or "",
                    _short(goal.title or goal.text or ""),
                    depth,
                    not goal.goals,
                    goal.id in required,
                    excepted.get(goal.id) if goal.id in required else None,
                    coverage[goal.id].services,
                )
            )
        catalogs.append(cc)
    return CoverageReport(repo, repo.config.coverage.approved_only, catalogs)


def _short(text: str, width: int = 72) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1].rstrip() + "…"


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


#: The formats of ``procmodel coverage --format``; the CI ones live beside their check counterparts.
COVERAGE_FORMATS: dict[str, Callable[..., str]] = {
    "text": coverage_text,
    "json": coverage_json,
    "markdown": markdown.coverage_markdown,
    "junit": junit.coverage_junit,
    "github": github.coverage_github,
}
