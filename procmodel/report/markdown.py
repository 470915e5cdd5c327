"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` or a merge-request comment.

Text from the repository's files is escaped, so a goal title or message can
neither inject HTML nor break a table.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.i18n import localize, say
from procmodel.report.coverage_report import coverage_report
from procmodel.report.result import CheckResult
from procmodel.report.sarif import artifact_path

if TYPE_CHECKING:
    from procmodel.report.coverage_report import CoverageReport

MAX_ROWS = 200  # a step summary holds at most 1 MiB
ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
_SPECIAL = re.compile(r"([\\`*_\[\]|~!#$@])")


def md(text: str) -> str:
    """Escape Markdown and HTML in one table cell or list item (one line)."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat)


def code(text: str) -> str:
    """Inline code (where escapes do not work): backticks and line breaks neutralised."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def _where(f: Finding, result: CheckResult) -> str:
    if not f.file:
        return "–"
    path = artifact_path(result, f.file)
    loc = f.location
    return code(f"{path}:{loc.line}") if loc and loc.line else code(path)


def _coverage_table(report: CoverageReport) -> list[str]:
    out = [say("markdown.coverage_header"), "|---|---:|---:|---:|---:|"]
    for c in report.catalogs:
        req = c.required
        req_text = say("markdown.of", part=sum(r.covered for r in req), total=len(req)) if req else "–"
        minimum = f"{c.minimum:g} %" if c.minimum is not None else "–"
        flag = " ❌" if c.below_minimum else ""
        share = f"{c.share:.0f} %{flag}"
        served = say("markdown.of", part=c.served, total=c.total)
        out.append(f"| {md(c.short)} | {served} | {share} | {req_text} | {minimum} |")
    return out


def format_markdown(result: CheckResult, colour: bool = False) -> str:
    """Status line, the coverage delta (with --changed-since), findings table, coverage table."""
    c, s = result.counts, result.stats
    icon = "❌" if c["error"] else ("⚠️" if c["warning"] else "✅")
    status = (
        say("markdown.no_problems")
        if not result.findings
        else say("markdown.counts", errors=c["error"], warnings=c["warning"], infos=c["info"])
    )
    out = [f"## {icon} procmodel check: {status}", ""]
    checked = say(
        "markdown.checked", processes=s["processes"], steps=s["steps"], roles=s["roles"], goals=s["goals"]
    )
    changes = result.changes
    if changes is not None:
        checked += say("markdown.changed_files", n=len(changes.files), rev=code(changes.rev))
    out += [checked, ""]
    if changes is not None:
        out.append(say("markdown.delta_heading", rev=code(changes.rev)))
        out.append("")
        delta = [f for f in result.findings if f.extra.get("delta")]
        if not changes.base_found:
            out.append(say("markdown.no_base", rev=code(changes.rev)))
        elif not delta:
            out.append(say("markdown.no_delta"))
        for f in delta:
            mark = "🟢" if f.extra["delta"] == "gained" else ICONS[f.severity.value]
            out.append(f"- {mark} {md(localize(f.message))} ({_where(f, result)})")
        out.append("")
    rest = [f for f in result.findings if not f.extra.get("delta")]
    if rest:
        out += [say("markdown.findings"), "", say("markdown.findings_header"), "|---|---|---|---|"]
        for f in rest[:MAX_ROWS]:
            sev = f"{ICONS[f.severity.value]} {f.severity.value}"
            hint = f"<br>*{md(localize(f.hint))}*" if f.hint else ""
            message = md(localize(f.message))
            out.append(f"| {sev} | {_where(f, result)} | {f.rule} `{f.name}` | {message}{hint} |")
        if len(rest) > MAX_ROWS:
            out.append("\n" + say("markdown.more", n=len(rest) - MAX_ROWS))
        out.append("")
    out += [say("markdown.coverage"), "", *_coverage_table(coverage_report(result.repo)), ""]
    return "\n".join(out)


def coverage_markdown(report: CoverageReport, colour: bool = False) -> str:
    """The shares per catalog, the gaps, and per catalog a collapsible list of goals."""
    gaps = report.gaps
    icon = "❌" if gaps else "✅"
    which = "markdown.served_by_approved" if report.approved_only else "markdown.served_by_not_retired"
    out = [f"## {icon} {say('markdown.coverage_title')}", "", say(which), ""]
    out += _coverage_table(report)
    out.append("")
    if gaps:
        out += [f"### {say('markdown.gaps', n=len(gaps))}", ""]
        out += [f"- {md(r.name)} {code(r.id)} {md(r.title)}" for r in gaps]
        out.append("")
    for cat in report.catalogs:
        served = say("markdown.of", part=cat.served, total=cat.total)
        out += [f"<details><summary>{md(cat.short)}: {served}</summary>", ""]
        for row in cat.rows:
            indent = "  " * row.depth
            mark = "✅" if row.covered else ("❌" if row.required and not row.exception else "▫️")
            req = f" **{say('report.coverage.required_tag')}**" if row.required else ""
            served = f" ← {md(', '.join(row.processes))}" if row.covered else ""
            label = md(f"{row.number} {row.title}".strip())
            out.append(f"{indent}- {mark} {label} {code(row.id)}{req}{served}")
        out += ["", "</details>", ""]
    return "\n".join(out)
