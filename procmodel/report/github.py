"""GitHub Actions workflow commands: one ``::error file=…,line=…,col=…,title=…::message`` per finding.

GitHub shows them as annotations on the pull request's changed lines. Escaping
follows the Actions toolkit: in the message ``%``, CR and LF are encoded; in
property values also ``:`` and ``,``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.i18n import localize, say
from procmodel.model import Severity
from procmodel.report.result import CheckResult
from procmodel.report.sarif import artifact_path
from procmodel.rules.base import effective_severity

if TYPE_CHECKING:
    from procmodel.report.coverage_report import CoverageReport

COMMANDS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (file, title …)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **props: str | int | None) -> str:
    """One workflow command line, properties in the order given, empty ones left out."""
    given = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v not in (None, "", 0)]
    return f"::{level}{' ' + ','.join(given) if given else ''}::{escape_data(message)}"


def _finding_line(f: Finding, result: CheckResult) -> str:
    loc = f.location
    file = artifact_path(result, f.file) if f.file else None
    line = loc.line if loc and loc.line else None
    props: dict[str, str | int | None] = {"file": file, "line": line}
    if line and loc:
        props["col"] = loc.column or None
        if loc.end_column > loc.column:
            props["endColumn"] = loc.end_column
    props["title"] = f"{f.rule} {f.name}"
    message = (localize(f.message) or "") + (f"\n{localize(f.hint)}" if f.hint else "")
    return annotation(COMMANDS[f.severity], message, **props)


def format_github(result: CheckResult, colour: bool = False) -> str:
    """Annotations for every finding, then a ``::notice`` with the summary."""
    lines = [_finding_line(f, result) for f in result.findings if f.severity in COMMANDS]
    c = result.counts
    lines.append(
        annotation(
            "notice",
            "procmodel check: "
            + say("markdown.counts", errors=c["error"], warnings=c["warning"], infos=c["info"]),
            title="procmodel",
        )
    )
    return "\n".join(lines) + "\n"


def coverage_github(report: CoverageReport, colour: bool = False) -> str:
    """An annotation at each required goal no step serves, then a ``::notice`` per catalog."""
    repo = report.repo
    result = CheckResult(repo, [])
    level = COMMANDS.get(effective_severity(repo.config, "PM601"), "warning")
    lines = []
    for row in report.gaps:
        loc = repo.sources.locate(repo.goal_ref(row.id))
        lines.append(
            annotation(
                level,
                say("github.not_served", name=row.name, id=row.id),
                file=artifact_path(result, loc.file),
                line=loc.line or None,
                col=loc.column or None,
                title="PM601 uncovered-goal",
            )
        )
    for cat in report.catalogs:
        lines.append(
            annotation(
                "notice",
                say(
                    "github.catalog",
                    name=cat.short,
                    served=cat.served,
                    total=cat.total,
                    share=f"{cat.share:.0f}",
                ),
                title="procmodel coverage",
            )
        )
    return "\n".join(lines) + "\n"
