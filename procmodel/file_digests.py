"""Content digests of a repository's files, kept between runs while a file's stat is unchanged.

``procmodel check`` keys its caches by the content of every YAML, BPMN and CSV file. Reading and
hashing thousands of files on every run costs more than the rest of a cache hit, so, like git's
index, the digest of a file is kept with its stat (size, modification and change time, inode)
in ``.procmodel-cache/digests.json`` and reused while that stat is the same.

A file whose modification or change time is within :data:`RACY_SECONDS` of the moment its stat
was taken is never kept: a write in the same timestamp tick could change its content without
changing its stat (git's "racy" entries). Such a file is read again on every run until it is
older. The index is signed with this user's cache key (a keyed hash over its entries), so an
index planted in a repository is ignored, and one that cannot be read is empty: reading every
file again is always right.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from procmodel.signed_json import read_signed, write_signed

DIGESTS = "digests.json"  # inside the cache folder
FORMAT = "procmodel-digests 1"
#: A file changed this recently is read again on the next run (covers coarse file-system clocks).
RACY_SECONDS = 2.0

_Stamp = tuple[int, int, int, int]


class FileDigests:
    """Digests by relative path; :meth:`digest` reuses a kept one while the file's stat is the same."""

    def __init__(self, path: Path | None = None, secret: bytes = b"") -> None:
        """``path``: the index file, signed with ``secret`` (``None``: kept in memory only)."""
        self.path = path
        self._secret = secret
        self._old = _read(path, secret) if path is not None else {}
        self._new: dict[str, tuple[_Stamp, str]] = {}

    def digest(self, rel: str, path: str | Path, st: os.stat_result) -> str:
        """The content digest of ``path`` (``st``: its stat, taken just now)."""
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        kept = self._new.get(rel) or self._old.get(rel)
        if kept is not None and kept[0] == stamp:
            self._new[rel] = kept
            return kept[1]
        taken = time.time_ns()  # no earlier than the stat
        digest = _content_digest(path)
        if max(st.st_mtime_ns, st.st_ctime_ns) < taken - int(RACY_SECONDS * 1e9):
            self._new[rel] = (stamp, digest)
        return digest

    def save(self) -> None:
        """Keep the digests this run used; a folder that cannot be written is left as it is."""
        if self.path is None or self._new == self._old:
            return
        entries = {rel: [*stamp, digest] for rel, (stamp, digest) in sorted(self._new.items())}
        try:
            write_signed(self.path, FORMAT, self._secret, entries)
        except OSError:
            return
        self._old = dict(self._new)


def _read(path: Path, secret: bytes) -> dict[str, tuple[_Stamp, str]]:
    entries = read_signed(path, FORMAT, secret)
    if not isinstance(entries, dict):
        return {}
    out: dict[str, tuple[_Stamp, str]] = {}
    for rel, value in entries.items():
        if (
            isinstance(value, list)
            and len(value) == 5
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value[:4])
            and isinstance(value[4], str)
        ):
            out[rel] = ((value[0], value[1], value[2], value[3]), value[4])
    return out


def _content_digest(path: str | Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "blake2b").hexdigest()
