"""A digest of everything a site build's diagrams are made of, to find their DOT without building it.

A warm build spends most of its diagram time building DOT text only to look the rendered SVG up
by it. :func:`site_inputs` is a digest of all a build's diagrams can depend on: every field of
the loaded repository (processes, roles, goal catalogs, configuration, units, variants, …), the
audience, the site language and URL style, and procmodel's own code (every file of the package)
with the versions of the libraries that shape the model. :class:`DotKeys` keeps, under that
digest, the cache key of each diagram's DOT: the next build with the same inputs reads the keys
instead of building the DOT again. Any change to any input is a new digest, so the keys are
never stale; what cannot be digested (a value of a type this module does not know) gives no
digest, and the DOT is built as before.

Left out, because no diagram reads them: where things are defined in the files (the repository's
``refs``, ``sources`` and their id-keyed indexes), and the graph, the kept flows and the
reached steps, which :func:`procmodel.graph.build_graph` and :func:`procmodel.flow.compute_flow`
make (when first asked for) from the fields that are digested.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path, PurePath

from pydantic import BaseModel

import procmodel
from procmodel.render.cache import DiagramCache
from procmodel.repository import Repository

#: Bump when what a digest covers changes.
VERSION = "1"
#: Fields not digested, by class name: see the module docstring for why.
SKIPPED = {
    "Repository": frozenset(
        {"graph_builder", "_graph", "_flows", "_reached", "refs", "sources", "_placed", "_field_refs"}
    ),
    "VariantInfo": frozenset({"step_refs"}),
}
#: Libraries whose version can change what the loaded model or the DOT holds.
LIBRARIES = ("pydantic", "pydantic-core", "networkx", "ruamel.yaml", "PyYAML", "lxml")
#: File suffix of a build's diagram keys in the diagram cache.
KEYS_FORMAT = "dots.json"


class Undigestable(Exception):
    """A value of a type the digest does not know: no digest, the DOT is built."""


def site_inputs(repo: Repository, *parts: str) -> str | None:
    """Digest of ``repo`` (the whole repository, not an audience's view), ``parts`` (audience,
    language, URL style …) and procmodel's code; None when ``repo`` holds what cannot be digested."""
    h = hashlib.sha256(f"procmodel-site-inputs-{VERSION}\0{code_digest()}\0".encode())
    for part in parts:
        h.update(part.encode("utf-8") + b"\0")
    try:
        _feed(h, repo)
    except Undigestable:
        return None
    return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """Digest of procmodel's code and catalogs (every file of the installed package), the Python
    and the versions of :data:`LIBRARIES`."""
    h = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\0".encode())
    root = Path(procmodel.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _feed(h: hashlib._Hash, value: object) -> None:
    """Add ``value`` to ``h``, every part tagged with its kind (so no two values feed alike)."""
    if value is None or isinstance(value, bool | int | float):
        h.update(f"{type(value).__name__}:{value!r}\0".encode())
    elif isinstance(value, str):
        h.update(f"s{len(value)}:".encode() + value.encode("utf-8", "surrogatepass"))
    elif isinstance(value, enum.Enum):
        h.update(f"e:{type(value).__qualname__}.{value.name}\0".encode())
    elif isinstance(value, BaseModel):
        h.update(f"m:{type(value).__qualname__}:".encode())
        _feed(h, value.model_dump_json())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        skipped = SKIPPED.get(type(value).__name__, frozenset())
        h.update(f"d:{type(value).__qualname__}\0".encode())
        for f in dataclasses.fields(value):
            if f.name not in skipped:
                _feed(h, f.name)
                _feed(h, getattr(value, f.name))
    elif isinstance(value, dict):
        h.update(f"{{{len(value)}\0".encode())
        for k, v in value.items():
            _feed(h, k)
            _feed(h, v)
    elif isinstance(value, list | tuple):
        h.update(f"[{len(value)}\0".encode())
        for item in value:
            _feed(h, item)
    elif isinstance(value, set | frozenset):
        h.update(f"<{len(value)}\0".encode())
        for digest in sorted(_digest(item) for item in value):
            h.update(digest)
    elif isinstance(value, PurePath):
        _feed(h, f"path:{value.as_posix()}")
    elif isinstance(value, dt.date):  # and datetime
        _feed(h, f"{type(value).__name__}:{value.isoformat()}")
    else:
        raise Undigestable(type(value).__qualname__)


def _digest(value: object) -> bytes:
    h = hashlib.sha256()
    _feed(h, value)
    return h.digest()


class DotKeys:
    """The cache keys of a build's DOT texts (name → key), kept under the build's input digest."""

    def __init__(self, cache: DiagramCache, inputs: str | None) -> None:
        self.cache, self.inputs = cache, inputs
        kept = cache.get(inputs, KEYS_FORMAT) if inputs is not None else None
        self.kept: dict[str, str] = _parsed(kept)

    def complete(self, names: Iterable[str]) -> bool:
        """Whether a key is kept for every one of ``names``."""
        return all(name in self.kept for name in names)

    def keep(self, keys: dict[str, str]) -> None:
        """Store ``keys`` (name → cache key of its DOT) under this build's inputs."""
        if self.inputs is None:
            return
        text = json.dumps(keys, ensure_ascii=False, sort_keys=True)
        self.cache.put(self.inputs, KEYS_FORMAT, text.encode("utf-8"))
        self.kept = dict(keys)


def _parsed(data: bytes | None) -> dict[str, str]:
    """The keys in a stored file; a file that is not what :meth:`DotKeys.keep` writes counts as none."""
    if data is None:
        return {}
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        return {}
    return value
