"""``procmodel schemas`` and ``procmodel rules``: generated artefacts for editors and docs."""

from __future__ import annotations

from pathlib import Path

import click

from procmodel.cli.common import write_output
from procmodel.rules import RULES
from procmodel.rules.docs import rules_markdown
from procmodel.schemas import write_schemas


@click.command()
@click.option("--out", default="schemas", show_default=True, type=click.Path(file_okay=False))
def schemas(out: str) -> None:
    """Write the JSON Schemas of the file formats (for editor completion) into OUT."""
    written = write_schemas(Path(out))
    click.echo(f"{len(written)} schema file(s) updated in {out}/" if written else "Schemas are up to date.")


@click.command()
@click.option("--markdown", is_flag=True, help="Print the rule reference page (docs/rules.md).")
@click.option(
    "--examples",
    type=click.Path(file_okay=False, exists=True),
    help="With --markdown: add each rule's incorrect and correct example from this folder of "
    "rule test cases (tests/rules/cases).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
def rules(markdown: bool, examples: str | None, output: str | None) -> None:
    """List every check rule with its id, name, default severity and one-line doc."""
    if markdown:
        write_output(rules_markdown(Path(examples) if examples else None), output)
        return
    ordered = sorted(RULES.values(), key=lambda r: r.id)
    lines = [f"{r.id}  {r.name:<28} {r.severity.value:<8} {r.summary()}" for r in ordered]
    write_output("\n".join(lines) + "\n", output)


COMMANDS = [schemas, rules]
