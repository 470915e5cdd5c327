"""``procmodel goals import-curriculum``: a curriculum's Mål and Riktlinjer from Skolverket's Syllabus API."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from procmodel.cli.goals_common import find_catalog, import_report
from procmodel.curriculum.catalog import CurriculumCatalog, CurriculumResult
from procmodel.curriculum.syllabus import Curriculum, CurriculumError, fetch_curriculum, parse_curriculum
from procmodel.statutes.catalog import CatalogEditor, CatalogError


def _load(source: str, timeout: float) -> Curriculum:
    path = Path(source)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.UsageError(f"{path}: cannot read the file ({exc})") from None
        try:
            return parse_curriculum(text)
        except CurriculumError as exc:
            raise click.UsageError(f"{path}:{exc}") from None
    try:
        return fetch_curriculum(source, timeout)
    except CurriculumError as exc:
        raise click.ClickException(str(exc)) from None


def _find_catalog(code: str) -> Path:
    def matches(editor: CatalogEditor) -> bool:
        data = editor.data
        return code.casefold() in {
            str(data.get("id") or "").casefold(),
            str(data.get("short") or "").casefold(),
        }

    return find_catalog(matches, f"id or short '{code}'")


def _report(result: CurriculumResult, path: Path, dry_run: bool) -> str:
    groups = (
        ("updated to the official wording", result.updated),
        ("added (id from the text)", result.added),
        ("reworded in the curriculum: matched by similarity, id kept", result.reworded),
        (
            "official text changed ('changed' set: processes reviewed before it get PM407)",
            result.text_changed,
        ),
        ("not in the curriculum (left as it is; not official)", result.not_in_curriculum),
    )
    return import_report(
        groups,
        f"{len(result.unchanged)} item(s) already official and current.",
        path,
        result.changed,
        dry_run,
    )


@click.command("import-curriculum")
@click.argument("source", metavar="CODE|FILE")
@click.option(
    "--catalog",
    type=click.Path(dir_okay=False),
    help="The catalog to update (default: the one in processes/goals/ whose id or short is CODE).",
)
@click.option(
    "--changed-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The date to write as 'changed' where an official text changes (default: today).",
)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the API.")
@click.option("--dry-run", is_flag=True, help="Only report; exit 1 when the catalog would change.")
def import_curriculum(
    source: str, catalog: str | None, changed_on: dt.datetime | None, timeout: float, dry_run: bool
) -> None:
    """Bring a curriculum catalog's Mål and Riktlinjer in step with Skolverket's Syllabus API.

    CODE (e.g. LGR22) is fetched from api.skolverket.se/syllabus/v1/curriculums/CODE; FILE is
    such an answer saved as JSON. Each list item becomes a goal with 'wording: official' and
    'source' (SKOLFS and API version). Ids never come from an item's position: an item keeps
    the id of the catalog item with the same (or a closely similar) text, and a new item gets an
    id from a digest of its text, so an inserted item changes no other id. Comments and local
    fields are kept; the file is written atomically.
    """
    cur = _load(source, timeout)
    path = Path(catalog) if catalog else _find_catalog(cur.code)
    try:
        editor = CatalogEditor(path)
    except CatalogError as exc:
        raise click.UsageError(str(exc)) from None
    result = CurriculumCatalog(editor).refresh(cur, changed_on.date() if changed_on else None)
    if result.changed and not dry_run:
        editor.save()
    click.echo(_report(result, path, dry_run), nl=False)
    if dry_run and result.changed:
        sys.exit(1)
