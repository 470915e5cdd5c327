"""The words of the generated pages, in Swedish (the default) and English.

The texts live in the message catalogs (procmodel/locales/<lang>.yaml, keys
``site.*``) with the rest of procmodel's texts. Text that comes from process
files is never translated; only the page furniture is.
"""

from __future__ import annotations

from procmodel import i18n

LANGUAGES = i18n.LANGUAGES


class Words(i18n.Words):
    """Looks up page furniture in one language: ``words("process.steps")``."""

    prefix = "site."

    def raci(self, rel: str) -> str:
        """The one-letter RACI mark for an edge type (performs, accountable, …)."""
        return self(f"raci.{rel}")

    def date(self, value: object) -> str:
        """Dates as ISO 8601 (the Swedish standard form, unambiguous in English too)."""
        return str(value)
