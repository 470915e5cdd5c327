"""Parsed YAML files kept between runs of ``procmodel check`` (``.procmodel-cache/parsed.json``).

Each entry is one file's parsed data (plain text, lists, mappings and nulls: exactly what JSON
holds) under a keyed hash of the file's bytes, so a run after one file changed parses only that
file. Files that fail to parse are never stored (their problem is found again, located).

The hash is keyed with a secret kept outside the repository (:func:`cache_secret`), so a
``.procmodel-cache/`` committed or planted in a repository cannot pass off other data as a
file's content: an entry made without the secret is never found. Each run keeps only the
entries it used. An unreadable or malformed cache is empty, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from procmodel.cache_entries import read_entries, save_entries
from procmodel.files import write_atomic
from procmodel.load.yaml_source import read_yaml

FORMAT = "procmodel-parse-cache 1"


def cache_secret() -> bytes:
    """This user's cache key: ``$XDG_CACHE_HOME/procmodel/cache-key``, made on first use.

    Where it cannot be read or written, a new key for this run only (the cache then never hits).
    Read once per run and place (every cache entry's hash is keyed with it).
    """
    return _secret_in(os.environ.get("XDG_CACHE_HOME") or "")


@functools.cache
def _secret_in(base: str) -> bytes:
    path = Path(base or Path.home() / ".cache") / "procmodel" / "cache-key"
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) == 32:
            return key
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, key.hex() + "\n")
        path.chmod(0o600)
    except OSError:
        pass
    return key


class ParseCache:
    """Parses YAML file contents, reusing the results of earlier runs."""

    def __init__(self, path: Path, secret: bytes) -> None:
        self.path = path
        self._secret = secret
        self._old: dict[str, str] = read_entries(path, FORMAT, str)
        self._used: dict[str, str] = {}  # key → the data as JSON text (taken before anyone changes it)
        self.parsed = 0  # files parsed in this run (the others came from the cache)

    def parse(self, raw: bytes) -> Any:
        """The data of one YAML file's bytes; raises :class:`~procmodel.load.yaml_source.YamlProblem`."""
        key = hashlib.blake2b(raw, key=self._secret, digest_size=20).hexdigest()
        text = self._old.get(key)
        if text is not None:
            try:
                data = json.loads(text)
            except ValueError:
                pass
            else:
                self._used[key] = text
                return data
        data = read_yaml(raw)
        self.parsed += 1
        self._used[key] = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return data

    def save(self) -> None:
        """Keep what this run used; a cache that cannot be written is left as it is."""
        save_entries(self.path, FORMAT, self._used, self._old)
