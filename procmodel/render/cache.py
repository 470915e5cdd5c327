"""Content-addressed cache of rendered diagrams: an unchanged diagram is never rendered twice.

Key = SHA-256 of (renderer version, engine, format, DOT text); value = Graphviz's output,
stored as ``<dir>/<key[:2]>/<key>.<format>`` and written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from procmodel.files import write_atomic

#: Bump when the DOT → output pipeline changes in a way the DOT text does not show.
RENDERER_VERSION = "2"
#: Default cache folder, relative to the working directory.
DEFAULT_CACHE_DIR = Path(".procmodel-cache")


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

    def _path(self, key: str, fmt: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.{fmt}"

    def get(self, key: str, fmt: str) -> bytes | None:
        """The stored output, or None."""
        if self.directory is None:
            return None
        try:
            return self._path(key, fmt).read_bytes()
        except OSError:
            return None

    def put(self, key: str, fmt: str, data: bytes) -> None:
        """Store an output atomically; a cache that cannot be written is silently skipped."""
        if self.directory is None:
            return
        path = self._path(key, fmt)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
