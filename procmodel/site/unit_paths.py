"""Where the unit pages live (``enheter/<unit>.md``), and which units a process is for, in words;
shared by the unit, likvärdighet and process pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from procmodel.i18n import render
from procmodel.site import urls

if TYPE_CHECKING:
    from procmodel.model import Process
    from procmodel.site.context import SiteContext

UNITS = "enheter"


def unit_path(unit_id: str) -> str:
    """Source path of a unit's page."""
    return f"{UNITS}/{urls.page_stem(unit_id)}.md"


def applies_to_text(ctx: SiteContext, process: Process) -> str:
    """'förskola; förskoleklass, grundskola': the unit types and skolformer a process is for."""
    scope = process.applies_to
    if scope is None:
        return ""
    types = [render(f"unit_type.{t.value}", {}, ctx.words.lang) for t in scope.unit_types]
    forms = [f.value.replace("-", " ") for f in scope.skolformer]
    return "; ".join(part for part in (", ".join(types), ", ".join(forms)) if part)
