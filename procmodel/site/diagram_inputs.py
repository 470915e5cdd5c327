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
from typing import Any

from pydantic import BaseModel

import procmodel
from procmodel.render.cache import DiagramCache
from procmodel.repository import Repository

#: Bump when what a digest covers changes.
VERSION = "2"
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
    """Add ``value`` to ``h`` (see :func:`_tokens`)."""
    out: list[str] = []
    _tokens(value, out, h)
    _flush(out, h)


def _flush(out: list[str], h: hashlib._Hash) -> None:
    """Hash the tokens in ``out`` and empty it (a large repository's text is not held at once)."""
    h.update("".join(out).encode("utf-8", "surrogatepass"))
    out.clear()


def _tokens(value: Any, out: list[str], h: hashlib._Hash) -> None:
    """Append ``value`` to ``out`` as text, every part tagged with its kind, so that no two different
    values read alike: not None and NaN (or NaN and infinity, as JSON has them), a list and a tuple,
    an enum member and its value, a path or a date and a string that reads like one.

    A pydantic model gives its fields' values, its extra ones and which fields were set (not its
    private attributes: where it was read and its place in a list, see the module docstring).
    """
    kind = type(value)
    if kind is str:  # the most common values first, here and in the loops below
        out += ("s", str(len(value)), ":", value)
        return
    if value is None:
        out.append("n")
        return
    tag = _TAGS.get(kind) or _tag(kind)
    if tag == "m":
        if len(out) > _FLUSH_AT:
            _flush(out, h)
        out.append(_names(kind))
        fields = value.__dict__
        for name in _fields(kind):
            v = fields[name]
            if type(v) is str:
                out += ("s", str(len(v)), ":", v)
            elif v is None:
                out.append("n")
            elif v is True or v is False:
                out.append("b1" if v else "b0")
            elif type(v) is list and not v:
                out.append("[0;")
            else:
                _tokens(v, out, h)
        _tokens(value.__pydantic_extra__, out, h)
        out += ("F", ",".join(sorted(value.model_fields_set)), ";")
    elif tag == "[" or tag == "(":
        out += (tag, str(len(value)), ";")
        for item in value:
            if type(item) is str:
                out += ("s", str(len(item)), ":", item)
            else:
                _tokens(item, out, h)
    elif tag == "{":
        out += ("{", str(len(value)), ";")
        for k, v in value.items():
            _tokens(k, out, h)
            _tokens(v, out, h)
    elif tag == "n":
        out.append("n")
    elif tag == "e":
        out += (_names(kind), value.name, ";")
    elif tag == "b":
        out.append("b1" if value else "b0")
    elif tag == "i" or tag == "f":
        out += (tag, repr(value), ";")  # float repr: every float apart, and nan, inf, -0.0 by name
    elif tag == "s":  # a subclass of str
        out += ("s", str(len(value)), ":", str(value))
    elif tag == "d":
        out.append(_names(kind))
        skipped = SKIPPED.get(kind.__name__, frozenset())
        for f in dataclasses.fields(value):
            if f.name not in skipped:
                _tokens(f.name, out, h)
                _tokens(getattr(value, f.name), out, h)
    elif tag == "<" or tag == ">":
        out += (tag, str(len(value)), ";")
        out += sorted(_digest(item).hex() for item in value)
    elif tag == "p":
        out += ("p", kind.__name__, ";")
        _tokens(value.as_posix(), out, h)
    else:  # "t": a date or datetime
        out += ("t", kind.__name__, ";")
        _tokens(value.isoformat(), out, h)


#: Tokens held before they are hashed (at the next model).
_FLUSH_AT = 1 << 16
#: The tag of each type met so far (see :func:`_tag`), the names and the model fields of each class.
_TAGS: dict[type, str] = {}
_NAMES: dict[type, str] = {}
_FIELDS: dict[type, tuple[str, ...]] = {}


def _tag(kind: type) -> str:
    """The tag of values of ``kind``; raises :class:`Undigestable` for a type this module does not know."""
    tag = "d"  # a dataclass, when none of these
    for candidate, types in (
        ("e", enum.Enum),  # before str and int: a StrEnum member is a str
        ("n", type(None)),
        ("b", bool),  # before int: True is an int
        ("i", int),
        ("f", float),
        ("s", str),
        ("m", BaseModel),
        ("{", dict),
        ("[", list),
        ("(", tuple),
        ("<", set),
        (">", frozenset),
        ("p", PurePath),
        ("t", dt.date),  # and datetime
    ):
        if issubclass(kind, types):
            tag = candidate
            break
    else:
        if not dataclasses.is_dataclass(kind):
            raise Undigestable(kind.__qualname__)
    _TAGS[kind] = tag
    return tag


def _fields(kind: type[BaseModel]) -> tuple[str, ...]:
    """A model's fields, in their order (its ``__dict__`` may hold cached properties too)."""
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(kind.model_fields)
    return fields


def _names(kind: type) -> str:
    """A model's, dataclass's or enum's tag and full name, once per class."""
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = f"{_TAGS[kind]}{kind.__module__}.{kind.__qualname__};"
    return names


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
