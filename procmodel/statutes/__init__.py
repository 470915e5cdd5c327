"""Consolidated Swedish statutes (SFS): parsed into chapters, paragraphs and stycken."""

from procmodel.statutes.parse import (
    Paragraph,
    Statute,
    StatuteError,
    Stycke,
    normalise,
    parse_statute,
    read_statute,
)

__all__ = ["Paragraph", "Statute", "StatuteError", "Stycke", "normalise", "parse_statute", "read_statute"]
