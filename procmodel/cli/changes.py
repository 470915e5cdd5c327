"""``--changed-since REV`` for ``procmodel check`` and ``coverage``: the pull-request view."""

from __future__ import annotations

import click

from procmodel.changes import ChangeError, ChangeSet, changes_since
from procmodel.check import check_repository
from procmodel.report.result import CheckResult
from procmodel.repository import Repository


def changes_or_exit(repo: Repository, rev: str) -> ChangeSet:
    """What changed since ``rev``; git trouble is a usage error (exit 2)."""
    try:
        return changes_since(repo, rev)
    except ChangeError as exc:
        raise click.UsageError(f"--changed-since {rev}: {exc}") from None


def pull_request_result(repo: Repository, rev: str) -> CheckResult:
    """Check ``repo`` with the coverage delta since ``rev``; keep the findings in changed files."""
    changes = changes_or_exit(repo, rev)
    findings = check_repository(repo, changes)
    shown = changes.relevant(repo, findings)
    hidden = len(findings) - len(shown)
    note = f"procmodel: {len(changes.files)} file(s) changed since {rev}"
    if not changes.base_found:
        note += f"; no process repository at {rev}, so no coverage delta"
    else:
        note += f"; coverage: {len(changes.lost)} goal(s) lost, {len(changes.gained)} gained"
    if hidden:
        note += f"; {hidden} finding(s) in unchanged files not shown"
    click.echo(note + ".", err=True)
    return CheckResult(repo, shown, changes=changes)
