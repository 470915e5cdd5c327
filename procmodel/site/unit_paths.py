"""Where the unit pages live: ``enheter/<unit>.md`` (shared by the unit and likvärdighet pages)."""

from __future__ import annotations

UNITS = "enheter"


def unit_path(unit_id: str) -> str:
    """Source path of a unit's page."""
    return f"{UNITS}/{unit_id}-.md" if unit_id.lower() in ("index", "readme") else f"{UNITS}/{unit_id}.md"
