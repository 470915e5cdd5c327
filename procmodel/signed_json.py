"""Cache files signed with this user's cache key: a file planted in a repository is never read.

``{"format": "<name> <n>", "mac": <keyed hash of body>, "body": "<JSON text>"}``. Reading
forgives anything (a missing, damaged, foreign, unsigned or older file reads as ``None``);
writing is atomic.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from procmodel.cache_entries import read_cache_file, ready_cache_folder
from procmodel.files import write_atomic


def read_signed(path: Path, fmt: str, secret: bytes) -> Any | None:
    """The value kept in ``path`` under format ``fmt`` and signed with ``secret``, else ``None``."""
    data = read_cache_file(path, fmt)
    if data is None:
        return None
    body, mac = data.get("body"), data.get("mac")
    if not isinstance(body, str) or not isinstance(mac, str):
        return None
    if not hmac.compare_digest(mac, _mac(secret, body)):
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def write_signed(path: Path, fmt: str, secret: bytes, value: Any) -> None:
    """Keep ``value`` (JSON) in ``path``, signed; raises ``OSError`` when it cannot be written."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    ready_cache_folder(path.parent)
    write_atomic(
        path, json.dumps({"format": fmt, "mac": _mac(secret, body), "body": body}, ensure_ascii=False)
    )


def _mac(secret: bytes, body: str) -> str:
    return hashlib.blake2b(body.encode("utf-8", "surrogateescape"), digest_size=20, key=secret).hexdigest()
