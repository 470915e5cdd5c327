"""What ``goals import-sfs`` and ``goals import-curriculum`` share: finding the catalog, the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click

from procmodel.cli.common import default_path
from procmodel.statutes.catalog import CatalogEditor, CatalogError


def find_catalog(matches: Callable[[CatalogEditor], bool], wanted: str) -> Path:
    """The first catalog in the process folder's goals/ that ``matches``; a usage error naming
    ``wanted`` (what the catalog should have) when none does. Unreadable catalogs are passed over."""
    folder = Path(default_path()) / "goals"
    for path in sorted(folder.glob("*.yaml")):
        try:
            if matches(CatalogEditor(path)):
                return path
        except CatalogError:
            continue
    raise click.UsageError(f"no catalog in {folder}/ has {wanted}. Give one with --catalog PATH.")


def import_report(
    groups: Iterable[tuple[str, list[str]]], unchanged: str, path: Path, changed: bool, dry_run: bool
) -> str:
    """Each non-empty group as its title and indented lines, then ``unchanged`` and the verdict."""
    lines = []
    for title, items in groups:
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  {item}" for item in items)
    lines.append(unchanged)
    verb = "would change" if dry_run else "updated"
    lines.append(f"{path}: {verb}." if changed else f"{path}: nothing to change.")
    return "\n".join(lines) + "\n"
