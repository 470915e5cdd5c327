"""``procmodel goals``: goal catalogs kept in step with the official statute texts."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from procmodel.cli.common import exit_if_left_out, load_or_exit, output_option, write_output
from procmodel.cli.goals_common import find_catalog, import_report
from procmodel.cli.goals_curriculum import import_curriculum
from procmodel.statutes import Statute, StatuteError
from procmodel.statutes.catalog import CatalogEditor, CatalogError, ImportResult
from procmodel.statutes.changes import as_json, as_markdown, as_text, attach, compare
from procmodel.statutes.sources import fetch_statute, read_statute_file

FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}


@click.group()
def goals() -> None:
    """Goal catalogs: import official statute and curriculum text, see what a law change touches."""


def _statute(path: str, as_of: dt.date | None = None) -> Statute:
    try:
        return read_statute_file(Path(path), as_of)
    except StatuteError as exc:
        raise click.UsageError(str(exc)) from None


def _find_catalog(designation: str) -> Path:
    wanted = f"SFS {designation}"
    return find_catalog(lambda editor: editor.reference == wanted, f"'reference: {wanted}'")


def _report(result: ImportResult, path: Path, dry_run: bool) -> str:
    groups = (
        ("updated to the official wording", result.updated),
        ("added", result.added),
        ("chapter heading corrected", result.retitled),
        (
            "official text changed ('changed' set: processes reviewed before it get PM407)",
            result.text_changed,
        ),
        ("was official, cannot be checked in this file: now unverified", result.downgraded),
        ("not in the statute file (left as it is; it must not be marked official)", result.not_in_statute),
        ("several versions in the file (one may not be in force): not imported", result.ambiguous),
    )
    return import_report(
        ((title, [f"{gid}  {number}" for gid, number in items]) for title, items in groups),
        f"{len(result.unchanged)} paragraph(s) already official and current.",
        path,
        result.changed,
        dry_run,
    )


@goals.command("import-sfs")
@click.argument("file", type=click.Path(dir_okay=False), required=False)
@click.option(
    "--fetch",
    "sfs",
    metavar="SFS-NR",
    help="Fetch the statute from Riksdagen's open data instead of reading FILE, e.g. --fetch 2010:800.",
)
@click.option(
    "--catalog",
    type=click.Path(dir_okay=False),
    help="The catalog to update (default: the one "
    "in processes/goals/ whose 'reference' is the statute's SFS number).",
)
@click.option(
    "--add", "add", multiple=True, metavar="'N kap. M §'", help="Also add this paragraph (repeatable)."
)
@click.option(
    "--prefix", help="Id prefix for added paragraphs, e.g. 'dl' gives dl-2-7 (default: the catalog's)."
)
@click.option(
    "--source", help="The 'source' to write (default: 'SFS <nr> i lydelse t.o.m. SFS <latest act>')."
)
@click.option(
    "--changed-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The date to write as 'changed' where an official text changes (default: today).",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Where the source marks a paragraph's versions, take the one in force on this date "
    "(default: today).",
)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for --fetch.")
@click.option("--dry-run", is_flag=True, help="Only report; exit 1 when the catalog would change.")
def import_sfs(
    file: str | None,
    sfs: str | None,
    catalog: str | None,
    add: tuple[str, ...],
    prefix: str | None,
    source: str | None,
    changed_on: dt.datetime | None,
    as_of: dt.datetime | None,
    timeout: float,
    dry_run: bool,
) -> None:
    """Refresh a goal catalog's paragraphs from FILE, a consolidated statute, or fetch it by number.

    FILE is se-lex's Markdown or Riksdagen's open data (sfs-2010-800.text, .html or .json);
    --fetch 2010:800 gets the JSON from data.riksdagen.se. Each goal whose number names a
    paragraph ('3 kap. 9 §') gets the official text, 'wording: official' and 'source'; chapter
    headings are corrected. Where an official text changes, 'changed' and 'changed_by' record
    it. Comments and local fields (note, supports …) are kept; the file is written atomically.
    A paragraph missing from FILE, or present in several versions, is never marked official.
    """
    day = as_of.date() if as_of else None
    if (file is None) == (sfs is None):
        raise click.UsageError("give either FILE or --fetch SFS-NR (one of them)")
    if sfs is not None:
        try:
            statute = fetch_statute(sfs, day, timeout)
        except StatuteError as exc:
            raise click.ClickException(str(exc)) from None
    else:
        statute = _statute(str(file), day)
    path = Path(catalog) if catalog else _find_catalog(statute.designation)
    try:
        editor = CatalogEditor(path)
        result = editor.refresh(
            statute,
            source or statute.consolidation,
            list(add),
            prefix,
            changed_on.date() if changed_on else None,
        )
    except CatalogError as exc:
        raise click.UsageError(str(exc)) from None
    if result.changed and not dry_run:
        editor.save()
    click.echo(_report(result, path, dry_run), nl=False)
    if dry_run and result.changed:
        sys.exit(1)


@goals.command("changes")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--processes",
    "path",
    type=click.Path(file_okay=False),
    help="The process folder (default: processes/ when it exists, else here).",
)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@output_option
def changes(old: str, new: str, path: str | None, fmt: str, output: str | None) -> None:
    """List paragraphs changed, added or repealed between two consolidated versions OLD and NEW
    of a statute, and every goal, process and step that serves them.

    Exit status: 0, or 2 on a usage error or when files could not be read or are not valid (they are named
    after the report, which leaves them out).
    """
    before, after = _statute(old), _statute(new)
    if before.designation != after.designation:
        raise click.UsageError(
            f"{old} is SFS {before.designation} but {new} is SFS {after.designation}: compare two versions "
            "of the same statute."
        )
    found = compare(before, after)
    repo = load_or_exit(path)
    attach(found, repo, after.designation)
    write_output(FORMATS[fmt](before, after, found, (Path(old).name, Path(new).name)), output)
    exit_if_left_out(repo, "goals changes")


goals.add_command(import_curriculum)

COMMANDS = [goals]
