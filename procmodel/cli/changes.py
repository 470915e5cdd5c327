"""``--changed-since REV`` for ``procmodel check``: the pull-request view of a check result."""

from __future__ import annotations

import click

from procmodel.changes import ChangeError, changes_since
from procmodel.report import CheckResult


def pull_request_result(result: CheckResult, rev: str) -> CheckResult:
    """Keep the findings in files changed since ``rev`` and add the coverage delta (exit 2 on git trouble)."""
    try:
        changes = changes_since(result.repo, rev)
    except ChangeError as exc:
        raise click.UsageError(f"--changed-since {rev}: {exc}") from None
    shown = changes.relevant(result.repo, result.findings)
    hidden = len(result.findings) - (len(shown) - len(changes.findings))
    note = f"procmodel: {len(changes.files)} file(s) changed since {rev}"
    if not changes.base_found:
        note += f"; no process repository at {rev}, so no coverage delta"
    else:
        note += f"; coverage: {len(changes.lost)} goal(s) lost, {len(changes.gained)} gained"
    if hidden:
        note += f"; {hidden} finding(s) in unchanged files not shown"
    click.echo(note + ".", err=True)
    return CheckResult(result.repo, shown, changes=changes)
