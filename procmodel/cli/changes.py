"""``--changed-since REV`` for ``procmodel check`` and ``coverage``: the pull-request view."""

from __future__ import annotations

import click

from procmodel.changes import ChangeError, ChangeSet, changes_since
from procmodel.check import check_repository
from procmodel.i18n import say
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
    note = say("changes.note.files", n=len(changes.files), rev=rev)
    if not changes.base_found:
        note += say("changes.note.no_base", rev=rev)
    else:
        note += say("changes.note.delta", lost=len(changes.lost), gained=len(changes.gained))
    if hidden:
        note += say("changes.note.hidden", n=hidden)
    click.echo(note + ".", err=True)
    return CheckResult(repo, shown, changes=changes)
