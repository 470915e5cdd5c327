"""Sorting text the Swedish way: a–z, then å, ä, ö (Python's code-point order puts ä before å)."""

from __future__ import annotations

# Letters after z in Swedish order, mapped to the characters after 'z' in code-point order.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def sort_key(text: str) -> str:
    """Case-insensitive key ordering 'Ändra' after 'Åtgärd' and both after 'Z'."""
    return text.casefold().translate(_SWEDISH)
