"""``--changed-since REV`` for ``procmodel check`` and ``coverage``: the pull-request view."""

from __future__ import annotations

import click

from procmodel.changes import ChangeError, ChangeSet, changes_since
from procmodel.i18n import say
from procmodel.report import CheckResult
from procmodel.repository import Repository


def changes_or_exit(repo: Repository, rev: str) -> ChangeSet:
    """What changed since ``rev``; git trouble is a usage error (exit 2)."""
    try:
        return changes_since(repo, rev)
    except ChangeError as exc:
        raise click.UsageError(f"--changed-since {rev}: {exc}") from None


def pull_request_result(result: CheckResult, rev: str) -> CheckResult:
    """Keep the findings in files changed since ``rev`` and add the coverage delta (exit 2 on git trouble)."""
    changes = changes_or_exit(result.repo, rev)
    shown = changes.relevant(result.repo, result.findings)
    hidden = len(result.findings) - (len(shown) - len(changes.findings))
    note = say("changes.note.files", n=len(changes.files), rev=rev)
    if not changes.base_found:
        note += say("changes.note.no_base", rev=rev)
    else:
        note += say("changes.note.delta", lost=len(changes.lost), gained=len(changes.gained))
    if hidden:
        note += say("changes.note.hidden", n=hidden)
    click.echo(note + ".", err=True)
    return CheckResult(result.repo, shown, changes=changes)
