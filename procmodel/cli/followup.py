"""``procmodel followup``: the units' follow-up (nulägesanalys, work plans, indicators) as a report."""

from __future__ import annotations

import click

from procmodel.cli.common import (
    exit_if_left_out,
    format_option,
    load_or_exit,
    output_option,
    path_argument,
    write_output,
)
from procmodel.followup.report import all_periods, followup_report
from procmodel.followup.report_formats import FORMATS
from procmodel.i18n import say
from procmodel.i18n.cli import language_option


@click.group()
def followup() -> None:
    """Follow-up of the units' work: nulägesanalys per period, work plans, indicators (uppföljning/)."""


@followup.command()
@path_argument
@click.option("--period", "-p", help="The period, e.g. 2025-ht (default: the latest one assessed).")
@format_option(FORMATS)
@output_option
@language_option
def report(path: str | None, period: str | None, fmt: str, output: str | None) -> None:
    """The follow-up of one period: every unit's assessment level per goal (the matrix), the units
    whose assessment is missing, and the work plans' activities past due and not done.

    Exit status: 0, or 2 on a usage error or when files could not be read or are not valid (they are named
    after the report, which leaves them out).
    """
    repo = load_or_exit(path)
    periods = all_periods(repo)
    if period is not None and period not in periods:
        known = ", ".join(periods) or say("followup.report.none")
        raise click.UsageError(say("followup.report.unknown_period", period=period, periods=known))
    write_output(FORMATS[fmt](followup_report(repo, period)), output)
    exit_if_left_out(repo, "followup report")


COMMANDS = [followup]
