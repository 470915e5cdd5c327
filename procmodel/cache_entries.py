"""The file behind each of procmodel's caches in ``.procmodel-cache/``: a format line and entries.

``{"format": "<name> <n>", "entries": {key: value}}``. Reading forgives anything (a missing,
damaged, foreign or older file reads as empty: a cache is never needed to be right); writing is
atomic and skipped when nothing changed or the folder cannot be written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from procmodel.files import write_atomic

V = TypeVar("V")

#: Set (non-empty): no command reads or writes a cache in ``.procmodel-cache/`` (as ``check --no-cache``).
NO_CACHE_ENV = "PROCMODEL_NO_CACHE"


def caches_off() -> bool:
    """Whether ``PROCMODEL_NO_CACHE`` turns procmodel's caches off."""
    return bool(os.environ.get(NO_CACHE_ENV))


def read_cache_file(path: Path, fmt: str) -> dict[str, Any] | None:
    """A cache file's JSON mapping if it is there, readable and of format ``fmt``, else ``None``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and data.get("format") == fmt else None


def read_entries(path: Path, fmt: str, kind: type[V]) -> dict[str, V]:
    """The entries of ``path`` whose values are of ``kind``; ``{}`` for anything unreadable."""
    data = read_cache_file(path, fmt)
    entries = None if data is None else data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, kind)}


def ready_cache_folder(folder: Path) -> None:
    """Make a cache folder (``.procmodel-cache/``) that git ignores by itself; raises ``OSError``."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, "# written by procmodel; safe to delete\n*\n")


def save_entries(path: Path, fmt: str, entries: Mapping[str, object], old: Mapping[str, object]) -> None:
    """Write ``entries`` unless they equal ``old``; a cache that cannot be written is left as it is."""
    if entries == old:
        return
    try:
        ready_cache_folder(path.parent)
        write_atomic(path, json.dumps({"format": fmt, "entries": entries}, ensure_ascii=False))
    except OSError:
        return
