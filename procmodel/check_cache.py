"""The result cache of ``procmodel check``: ``.procmodel-cache/`` in the repository, safe to delete.

A report is kept under a key that hashes everything it can depend on, so a cached report is
never stale:

- the content of every YAML, BPMN and CSV file under the repository, and the type, size and
  modification time (and link target) of every other entry (a document's ``path`` only needs
  its file to exist), so a changed catalog, roles, documents or configuration file, or a called
  process, is a different key;
- procmodel itself: its version and the size and modification time of each of its own files,
  its rules among them (an edited checkout never reuses an old report);
- how the report is made: format, colour, language (``--lang``, the locale), today's date (review
  dates), the repository's absolute path and the working folder.

The key is taken before and after the check; the report is stored only if both agree (no file
changed while it was read). A cache file that cannot be read or parsed is a miss, never an error.
``.git`` and the cache folder itself are not part of the key. The hash is keyed with this
user's secret (:func:`~procmodel.load.parse_cache.cache_secret`), so a report planted in a
repository's ``.procmodel-cache/`` is never taken for this check's.
Parsed files are cached on their own (:mod:`procmodel.load.parse_cache`), and so are the
findings of the rules that look at one process at a time (:mod:`procmodel.findings_cache`), so
after a change only the changed files are parsed and checked by those rules again; when
only the words of process files changed, the state of the last whole check is enough
(:mod:`procmodel.check_state`) and the rest of the repository is not loaded at all. The
files' digests are kept with their stat (:mod:`procmodel.file_digests`), so making the key
reads only the files that changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from procmodel.cache_entries import read_cache_file, ready_cache_folder
from procmodel.file_digests import DIGESTS, FileDigests
from procmodel.files import write_atomic
from procmodel.i18n import LOCALE_VARIABLES
from procmodel.load.parse_cache import ParseCache, cache_secret
from procmodel.version import __version__

CACHE_DIR = ".procmodel-cache"
PARSED = "parsed.json"  # the parsed files (procmodel.load.parse_cache), inside CACHE_DIR
FINDINGS = "findings.json"  # the per-process findings (procmodel.findings_cache), inside CACHE_DIR
FORMAT = "procmodel-check-cache 1"
KEEP = 16  # reports kept (one per format, colour and language in use, a few states back)
_CONTENT_SUFFIXES = (".yaml", ".yml", ".bpmn", ".csv")
_MAX_HASHED = 64 * 1024 * 1024  # larger files are refused by the loader; their stamp is enough
_SKIPPED = {".git", CACHE_DIR}


@dataclass(frozen=True)
class CheckInputs:
    """What a check of one repository depends on, hashed: the whole (``key``) and in parts.

    ``base`` is everything but the repository's files (procmodel, language, date, paths);
    ``tree`` the repository's entries (see :func:`_tree`), by which the per-process findings
    cache (:mod:`procmodel.findings_cache`) keys each process file apart from the rest.
    """

    key: str
    base: str
    tree: list[tuple[object, ...]]

    @cached_property
    def contents(self) -> dict[object, object]:
        """Each file's content digest, by its path in the repository."""
        return {entry[0]: entry[2] for entry in self.tree if entry[1] == "file"}

    def digest_without(self, files: Collection[object], start: bytes) -> str:
        """A digest of ``start`` and every entry of the tree but the files ``files``."""
        h = keyed_hash()
        h.update(start)
        for entry in self.tree:
            if not (entry[1] == "file" and entry[0] in files):
                h.update(repr(entry).encode("utf-8", "surrogateescape"))
        return h.hexdigest()


def parse_cache(root: Path) -> ParseCache:
    """The files parsed by earlier runs (``procmodel check``, a build), kept in ``root``'s cache."""
    return ParseCache(root / CACHE_DIR / PARSED, cache_secret())


def keyed_hash() -> hashlib.blake2b:
    """A new hash keyed with this user's secret (a planted cache entry never matches)."""
    return hashlib.blake2b(digest_size=20, key=cache_secret())


@dataclass(frozen=True)
class CachedReport:
    """A check report as it was written, and the exit status it gave."""

    text: str
    status: int


def check_inputs(
    root: Path,
    *,
    fmt: str,
    colour: bool,
    lang: str | None,
    env: dict[str, str],
    digests: FileDigests | None = None,
) -> CheckInputs | None:
    """The hashed inputs of a check of ``root`` made this way; ``None`` if some entry cannot be read.

    ``digests``: the files' digests kept between runs (:mod:`procmodel.file_digests`), reused
    where a file's stat is unchanged; without it every file is read.
    """
    h = keyed_hash()

    def add(*parts: object) -> None:
        h.update(repr(parts).encode("utf-8", "surrogateescape"))
        h.update(b"\0")

    add(FORMAT, __version__)  # the rules are procmodel's own files: in the code stamps
    add(lang, [env.get(name) for name in LOCALE_VARIABLES], dt.date.today().isoformat())
    try:
        add(str(root), os.getcwd())
        for stamp in _code_stamps():
            add(*stamp)
        base = h.copy().hexdigest()
        add(fmt, colour)
        tree = _tree(root, digests or FileDigests())
        for entry in tree:
            add(*entry)
    except OSError:
        return None
    return CheckInputs(h.hexdigest(), base, tree)


def read_report(root: Path, key: str) -> CachedReport | None:
    """The cached report under ``key``; a missing, unreadable or malformed file is a miss."""
    data = read_cache_file(root / CACHE_DIR / "check" / f"{key}.json", FORMAT)
    if data is None:
        return None
    text, status = data.get("text"), data.get("status")
    if not isinstance(text, str) or not isinstance(status, int) or isinstance(status, bool):
        return None
    return CachedReport(text, status)


def write_report(root: Path, key: str, report: CachedReport) -> None:
    """Store ``report`` under ``key`` (atomically) and drop all but the newest :data:`KEEP`.

    A cache that cannot be written (a read-only checkout) is left alone: the check's result stands.
    """
    folder = root / CACHE_DIR / "check"
    data = {"format": FORMAT, "text": report.text, "status": report.status}
    try:
        ready_cache_folder(root / CACHE_DIR)
        folder.mkdir(exist_ok=True)
        write_atomic(folder / f"{key}.json", json.dumps(data, ensure_ascii=False))
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _code_stamps() -> list[tuple[str, int, int]]:
    package = Path(__file__).parent  # procmodel's own folder
    stamps = []
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        st = path.stat()
        stamps.append((path.relative_to(package).as_posix(), st.st_size, st.st_mtime_ns))
    return stamps


def file_digests(root: Path) -> FileDigests:
    """The digests kept in ``root``'s cache folder (:meth:`~FileDigests.save` keeps this run's)."""
    return FileDigests(root / CACHE_DIR / DIGESTS, cache_secret())


def _tree(root: Path, digests: FileDigests) -> list[tuple[object, ...]]:
    """Every entry below ``root``: YAML and BPMN files by content, the others by stamp."""
    entries: list[tuple[object, ...]] = []
    top = str(root)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED)
        prefix = os.path.relpath(dirpath, top).replace(os.sep, "/") + "/" if dirpath != top else ""
        for name in [*dirnames, *sorted(filenames)]:
            path = os.path.join(dirpath, name)
            rel = prefix + name
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                target = _stat_or_none(path)
                entries.append((rel, "link", os.readlink(path), target))
            elif stat.S_ISREG(st.st_mode) and name.lower().endswith(_CONTENT_SUFFIXES):
                digest = digests.digest(rel, path, st) if st.st_size <= _MAX_HASHED else st.st_size
                entries.append((rel, "file", digest))
            elif stat.S_ISDIR(st.st_mode):
                entries.append((rel, "dir"))
            else:
                entries.append((rel, stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns))
    return entries


def _stat_or_none(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns)
