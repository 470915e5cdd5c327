"""Deterministic procmodel ids from BPMN names and ids (å, ä, ö kept)."""

from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile(r"-{2,}")
MAX_LEN = 60


def slugify(text: str, max_len: int = MAX_LEN) -> str:
    """``'Anmäl till rektor!'`` → ``'anmäl-till-rektor'``; '' when nothing usable is left."""
    lowered = unicodedata.normalize("NFC", text.strip()).lower()
    if _FOREIGN.search(lowered):  # letters outside Latin-1: 'ő' → 'o', 'ł' and '€' → '-'
        lowered = "".join(ch if ch <= "ÿ" else _ascii_base(ch) for ch in lowered)
    slug = _DASHES.sub("-", _DROP.sub("-", lowered)).strip("-.")
    if len(slug) > max_len:
        cut = slug[:max_len]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_len // 2 :] else cut
        slug = slug.strip("-.")
    return slug


def _ascii_base(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if base.isascii() and base.isalnum() else "-"


_DROP = re.compile(r"[^0-9a-zà-öø-ÿ_.\-]")
_FOREIGN = re.compile(r"[^\x00-ÿ]")


class IdMaker:
    """Hands out unique ids within one scope: 'task', 'task-2', 'task-3' …"""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def make(self, *candidates: str | None, fallback: str = "steg") -> str:
        """The first candidate that slugifies to something, made unique."""
        base = next((s for c in candidates if c and (s := slugify(c))), fallback)
        ident, n = base, 2
        while ident in self.taken:
            ident = f"{base}-{n}"
            n += 1
        self.taken.add(ident)
        return ident

    def keep(self, ident: str) -> str:
        """Reserve an id given explicitly (procmodel's own), suffixing only on a clash."""
        if ident not in self.taken:
            self.taken.add(ident)
            return ident
        return self.make(ident)
