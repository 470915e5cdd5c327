"""Content-addressed cache of rendered diagrams: an unchanged diagram is never rendered twice.

Key = SHA-256 of (renderer version, engine, format, DOT text); value = Graphviz's output,
stored as ``<dir>/<key[:2]>/<key>.<format>`` and written atomically.

The cache does not grow for ever: an entry's modification time is set to now each time it is
read, and once a day, when something new is stored, entries no build has used for
:data:`KEEP_DAYS` days are removed (a CI cache kept between runs stays the size of what the
site uses).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from procmodel.cache_entries import ready_cache_folder
from procmodel.files import write_atomic

#: Bump when the DOT → output pipeline changes in a way the DOT text does not show.
RENDERER_VERSION = "2"
#: Default cache folder, relative to the working directory.
DEFAULT_CACHE_DIR = Path(".procmodel-cache")
#: An entry not read or written for this many days is removed (see :meth:`DiagramCache.prune`).
KEEP_DAYS = 60
_PRUNED = ".diagrams-pruned"  # its modification time: when the cache was last pruned
_DAY = 24 * 3600


def cache_key(dot: str, engine: str, fmt: str) -> str:
    """The content hash a rendered diagram is stored under."""
    h = hashlib.sha256()
    for part in (f"procmodel-render-{RENDERER_VERSION}", engine, fmt):
        h.update(part.encode("utf-8") + b"\0")
    h.update(dot.encode("utf-8"))
    return h.hexdigest()


@dataclass
class CacheStats:
    """Counts for one :class:`~procmodel.render.Renderer`: hits were served from disk, misses rendered."""

    hits: int = 0
    misses: int = 0

    def __str__(self) -> str:
        return f"rendered {self.misses}, cache hits {self.hits}"


class DiagramCache:
    """Rendered outputs on disk; ``directory=None`` disables caching."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._pruned = False  # looked at once per process, on the first store
        self._ready = False  # the folder made (and ignored by git), on the first store

    def _path(self, key: str, fmt: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.{fmt}"

    def get(self, key: str, fmt: str) -> bytes | None:
        """The stored output, or None."""
        if self.directory is None:
            return None
        path = self._path(key, fmt)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: kept by the next prune
        return data

    def put(self, key: str, fmt: str, data: bytes) -> None:
        """Store an output atomically; a cache that cannot be written is silently skipped."""
        if self.directory is None:
            return
        path = self._path(key, fmt)
        with contextlib.suppress(OSError):
            self._ready_folder()
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        if not self._pruned:
            self._pruned = True
            self.prune()

    def _ready_folder(self) -> None:
        """Make the folder ignore itself in git (as every cache folder procmodel writes), when
        procmodel makes it or it is a ``.procmodel-cache``; a folder of the user's is left as it is
        (a ``.gitignore`` of ``*`` there could hide their files)."""
        if self._ready:
            return
        assert self.directory is not None
        if self.directory.name == DEFAULT_CACHE_DIR.name or not self.directory.exists():
            ready_cache_folder(self.directory)
        self._ready = True

    def prune(self, now: float | None = None) -> int:
        """Remove the entries unused for :data:`KEEP_DAYS` days, at most once a day; how many.

        Only files named like entries (``<xx>/<key>.<format>``) are removed, and a folder that
        cannot be read or written is left as it is.
        """
        if self.directory is None:
            return 0
        now = time.time() if now is None else now
        stamp = self.directory / _PRUNED
        with contextlib.suppress(OSError):
            if stamp.stat().st_mtime > now - _DAY:
                return 0
        removed = 0
        oldest = now - KEEP_DAYS * _DAY
        try:
            folders = [
                d for d in os.scandir(self.directory) if len(d.name) == 2 and d.is_dir(follow_symlinks=False)
            ]
            for folder in folders:
                for entry in os.scandir(folder.path):
                    if not entry.name.startswith(folder.name) or not entry.is_file(follow_symlinks=False):
                        continue
                    if entry.stat(follow_symlinks=False).st_mtime < oldest:
                        os.unlink(entry.path)
                        removed += 1
            stamp.touch()
            os.utime(stamp, (now, now))
        except OSError:
            pass  # a folder that cannot be read or written is left as it is
        return removed
