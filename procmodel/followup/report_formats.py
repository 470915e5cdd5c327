"""The follow-up report (:class:`~procmodel.followup.report.FollowupReport`) as text, Markdown and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from procmodel.followup.report import FollowupReport, UnitRow
from procmodel.i18n import say


def as_json(report: FollowupReport) -> str:
    """The report as JSON: ``units[].levels`` maps goal id → level, label, rank, analysis, evidence."""
    return json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n"


def _heading(report: FollowupReport) -> str:
    if report.period is None:
        return say("followup.report.no_period")
    head = say("followup.report.title", title=report.title, period=report.period)
    return head + (say("followup.report.due", due=report.due) if report.due else "")


def _scale(report: FollowupReport) -> str:
    return say("followup.report.scale", levels=" · ".join(f"{lv.value} = {lv.label}" for lv in report.scale))


def _cell(row: UnitRow, goal: str) -> str:
    cell = row.levels.get(goal)
    return cell.level if cell else "–"


def _lists(report: FollowupReport, bullet: str) -> list[str]:
    out: list[str] = []
    if report.missing:
        out += ["", say("followup.report.missing")]
        for m in report.missing:
            key = "followup.report.missing_past" if m.past_due else "followup.report.missing_due"
            out.append(f"{bullet}{say(key, unit=m.name, due=m.due or '–')}")
    out += ["", say("followup.report.overdue") if report.overdue else say("followup.report.no_overdue")]
    for o in report.overdue:
        status = say("followup.status." + o.status)
        who = o.role or o.person or "–"
        item = say(
            "followup.report.overdue_item", unit=o.name, title=o.title, who=who, due=o.due, days=o.days
        )
        out.append(f"{bullet}{item}, {status} ({o.file})")
    return out


def as_text(report: FollowupReport) -> str:
    """The matrix for a terminal: a column per goal (numbered), a row per unit, then the lists."""
    out = [_heading(report), _scale(report), ""]
    if not report.units:
        return "\n".join([*out, say("units.report.no_units"), ""])
    head = say("followup.report.col_unit")
    width = max(len(head), *(len(r.name) for r in report.units)) + 2
    cell = max([3, *(len(lv.value) for lv in report.scale)])
    keys = [str(i) for i in range(1, len(report.goals) + 1)]
    out.append(head.ljust(width) + " ".join(k.rjust(cell) for k in keys))
    for row in report.units:
        out.append(row.name.ljust(width) + " ".join(_cell(row, g.id).rjust(cell) for g in report.goals))
    if report.goals:
        out += ["", say("followup.report.goals")]
        out += [f"  {k.rjust(3)}  {g.label} ({g.id})" for k, g in zip(keys, report.goals, strict=True)]
    else:
        out += ["", say("followup.report.no_assessments")]
    return "\n".join([*out, *_lists(report, "  - ")]) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(report: FollowupReport) -> str:
    """The matrix as a Markdown table (for a pull request or a wiki)."""
    out = [f"# {_heading(report)}", "", _scale(report), ""]
    if report.goals and report.units:
        head = [say("followup.report.col_unit"), *(_md(g.label) for g in report.goals)]
        out += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * len(report.goals)]
        for row in report.units:
            cells = [_md(row.name), *(_cell(row, g.id) for g in report.goals)]
            out.append("| " + " | ".join(cells) + " |")
    else:
        out.append(say("followup.report.no_assessments"))
    return "\n".join([*out, *_lists(report, "- ")]) + "\n"


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}
