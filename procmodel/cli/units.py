"""``procmodel units``: the organisation's units and their variants of central processes."""

from __future__ import annotations

import click

from procmodel.cli.common import load_or_exit, path_argument, write_output
from procmodel.i18n.cli import language_option
from procmodel.units_report import FORMATS, full_report


@click.group()
def units() -> None:
    """Units of the organisation (organisation.yaml) and their variants of central processes."""


@units.command()
@path_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file.")
@language_option
def report(path: str | None, fmt: str, output: str | None) -> None:
    """The likvärdighet report: per unit, the central processes it follows as is, the ones it
    adapts (steps added, removed, replaced), the required goals it serves and misses; the
    matrix unit × process; per required goal, the units that do not serve it.
    """
    repo = load_or_exit(path)
    write_output(FORMATS[fmt](full_report(repo)), output)


COMMANDS = [units]
