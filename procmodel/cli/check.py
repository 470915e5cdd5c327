"""``procmodel check``: validate a repository (the CI command)."""

from __future__ import annotations

import sys

import click

from procmodel.check import check_repository
from procmodel.cli.changes import pull_request_result
from procmodel.cli.common import load_or_exit, path_argument, use_colour, write_output
from procmodel.i18n.cli import language_option
from procmodel.report.formats import format_names, formatter
from procmodel.report.result import CheckResult
from procmodel.rules import RULES

UNREADABLE = {rid for rid, r in RULES.items() if r.family == "load" and not r.configurable and rid != "PM010"}


@click.command()
@path_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(format_names("check")),
    default="text",
    show_default=True,
    help="Output format (json: see docs/output-formats.md).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option(
    "--changed-since",
    metavar="REV",
    help="Pull-request mode: only findings in files changed since git REV, plus the coverage delta.",
)
@language_option
def check(path: str | None, fmt: str, output: str | None, changed_since: str | None) -> None:
    """Check a process repository: schema, references, flow, governance, coverage.

    PATH is the folder holding procmodel.yaml (default: processes/ if present).
    Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable files.
    """
    repo = load_or_exit(path)
    if changed_since:
        result = pull_request_result(repo, changed_since)
    else:
        result = CheckResult(repo, check_repository(repo))
    write_output(formatter("check", fmt)(result, colour=use_colour(output)), output)
    errors = [f for f in result.findings if f.severity.value == "error"]
    if any(f.rule in UNREADABLE for f in errors):
        sys.exit(2)
    sys.exit(1 if errors else 0)


COMMANDS = [check]
