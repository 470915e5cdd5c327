"""``procmodel units``: the organisation's units and their variants of central processes."""

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
from procmodel.i18n.cli import language_option
from procmodel.units_report import FORMATS, full_report


@click.group()
def units() -> None:
    """Units of the organisation (organisation.yaml) and their variants of central processes."""


@units.command()
@path_argument
@format_option(FORMATS)
@output_option
@language_option
def report(path: str | None, fmt: str, output: str | None) -> None:
    """The likvärdighet report: per unit, the central processes it follows as is, the ones it
    adapts (steps added, removed, replaced), the required goals it serves and misses; the
    matrix unit × process; per required goal, the units that do not serve it.

    Exit status: 0, or 2 on a usage error or when files could not be read or are not valid (they are named
    after the report, which leaves them out).
    """
    repo = load_or_exit(path)
    write_output(FORMATS[fmt](full_report(repo)), output)
    exit_if_left_out(repo, "units report")


COMMANDS = [units]
