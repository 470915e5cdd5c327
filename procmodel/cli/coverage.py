"""``procmodel coverage``: which goals are served by which processes, per catalog and section."""

from __future__ import annotations

import sys

import click

from procmodel.cli.changes import changes_or_exit
from procmodel.cli.common import (
    exit_if_left_out,
    load_or_exit,
    output_option,
    path_argument,
    use_colour,
    write_output,
)
from procmodel.i18n import localize, say
from procmodel.i18n.cli import language_option
from procmodel.report.coverage_report import coverage_report
from procmodel.report.formats import format_names, formatter
from procmodel.repository import Repository


@click.command()
@path_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(format_names("coverage")),
    default="text",
    show_default=True,
    help="Output format (see docs/output-formats.md).",
)
@output_option
@click.option(
    "--changed-since",
    metavar="REV",
    help="Also print which goals lost or gained coverage since git REV (to standard error).",
)
@click.option("--fail-on-gaps", is_flag=True, help="Exit 1 when a required goal is not served.")
@language_option
def coverage(
    path: str | None, fmt: str, output: str | None, changed_since: str | None, fail_on_gaps: bool
) -> None:
    """Show goal coverage: per catalog and section, the goals served (and by which processes),
    the goals not served, required goals marked, and the share per catalog.

    A municipal goal's service counts for the national goals it supports (shown as 'via').
    Exit status: 0, or 1 with --fail-on-gaps when a required goal is not served;
    2 on a usage error, or when files could not be read or are not valid (they are named after the report,
    which leaves them out).
    """
    repo = load_or_exit(path)
    report = coverage_report(repo)
    write_output(formatter("coverage", fmt)(report, colour=use_colour(output)), output)
    if changed_since:
        _print_delta(repo, changed_since)
    exit_if_left_out(repo, "coverage")  # the goals of files left out may be the gaps
    sys.exit(1 if fail_on_gaps and report.gaps else 0)


def _print_delta(repo: Repository, rev: str) -> None:
    changes = changes_or_exit(repo, rev)
    if not changes.changes:
        click.echo(say("cli.coverage.no_delta", rev=rev), err=True)
    for change in changes.changes:
        location = changes.location(repo, change)
        where = f" ({location})" if location else ""
        click.echo(f"{'-' if change.lost else '+'} {localize(change.sentence)}{where}", err=True)


COMMANDS = [coverage]
