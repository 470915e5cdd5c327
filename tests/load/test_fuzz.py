"""Fuzzing the loader and the checks with mutated copies of the example library's files.

Each example takes one real file of ``processes/`` and mutates it: bytes and lines
(deleted, doubled, swapped, cut short, nested deep, control characters and stray bytes put in) or,
for YAML files, the data (values swapped, keys dropped, wrong types, huge numbers,
far dates, control characters, unicode), written back as YAML. The repository is then
loaded and checked in this process, and the text report is printed. It must hold that:

- nothing raises (an exception here is an "internal error" for the user);
- every error finding names a file, and a line when that file can be read as YAML;
- the text report holds no control character (ESC …) and no bidirectional override.

Bounded for CI (``CI`` set: a fixed seed, so a failure reproduces). For a longer run:
``PROCMODEL_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/load/test_fuzz.py``.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procmodel import check_repository, load_repository
from procmodel.load.yaml_source import YamlProblem, read_yaml
from procmodel.model import Severity
from procmodel.report import CheckResult
from procmodel.report.text import format_text

EXAMPLES = Path(__file__).resolve().parents[2] / "processes"
FILES = sorted(
    p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".bpmn")
)
YAML_FILES = [f for f in FILES if f.endswith(".yaml")]
#: What a terminal would act on: C0 controls but tab and newline, DEL, C1 controls, bidi overrides.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Keys of the file format (any level) a mutation may set, so that values meet the fields that use them.
KEYS = [
    "reviewed",
    "review_interval_months",
    "today",
    "until",
    "minimum",
    "id",
    "title",
    "next",
    "calls",
    "attached_to",
    "role",
    "owner",
    "goals",
    "documents",
    "supports",
    "status",
    "audience",
    "type",
    "event",
    "outcomes",
    "steps",
    "path",
    "url",
    "rules",
    "required",
    "exceptions",
]

FUZZ = settings(
    max_examples=int(os.environ.get("PROCMODEL_FUZZ_EXAMPLES", "80")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

#: Values that have crashed or may crash a loader: far dates, huge numbers, wrong types, odd text.
NASTY: list[Any] = [
    "9999-12-31",
    "9999-06-01",
    "0001-01-01",
    "2026-02-30",
    "9" * 400,
    "-1",
    "1e999",
    "nan",
    "0",
    "",
    None,
    [],
    {},
    ["a", {"b": "c"}],
    {"id": "x"},
    "\x1b[31mröd\x1b[0m",
    "\x00\x07\x08\x7f\x9b",
    "\u202eexe.pdf",
    "Åäö \U0001f600 \u0301e\u200b",
    "a" * 5000,
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "id",
    "steps",
    "true",
]

byte_insert = st.sampled_from(
    [b"\x1b", b"\x00", b"\t", b"\xff", b"\xc3", b"&a ", b"*a", b"!!python/name:os ", b": ", b"- ", b"\r"]
)
#: A copy each time: the mutations change lists and mappings in place.
nasty = st.sampled_from(NASTY).map(copy.deepcopy)
text_values = st.one_of(nasty, st.text(max_size=40), st.integers().map(str))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "processes"
    shutil.copytree(EXAMPLES, root)
    return root


# mutations --------------------------------------------------------------------


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    lines = data.split(b"\n")
    kind = draw(st.sampled_from(["delete", "double", "swap", "truncate", "insert", "flip", "indent", "nest"]))
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[i]
    elif kind == "double":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "nest":  # a value nested deep: lists in lists, or mappings in mappings
        depth = draw(st.integers(1, 1200))
        inner = b"[" * depth + b"]" * depth if draw(st.booleans()) else b"{a: " * depth + b"b" + b"}" * depth
        lines[i] = lines[i].split(b":", 1)[0] + b": " + inner
    elif kind == "indent":
        lines[i] = draw(st.sampled_from([b" ", b"  ", b"\t", b"- "])) + lines[i]
    else:
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            return data[:at]
        if kind == "flip":
            return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        return data[:at] + draw(byte_insert) + data[at:]
    return b"\n".join(lines)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def data_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    tree = read_yaml(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(tree)
        path = draw(st.sampled_from(paths))
        parent = _get(tree, path[:-1]) if path else None
        kind = draw(st.sampled_from(["value", "drop", "swap", "rename", "add", "set", "set"]))
        if kind == "set":  # a key of the format, at the top or in a mapping of the file
            mappings = [p for p in paths if isinstance(_get(tree, p), dict)]
            node = _get(tree, draw(st.sampled_from(mappings[:1] * len(mappings) + mappings)))
            node[draw(st.sampled_from(KEYS))] = draw(nasty)
            continue
        if not path:
            continue
        key = path[-1]
        if kind == "value":
            parent[key] = draw(text_values) if draw(st.booleans()) else draw(nasty)
        elif kind == "drop":
            del parent[key]
        elif kind == "swap":
            other = draw(st.sampled_from(paths))
            if other and other[: len(path)] != path and path[: len(other)] != other:
                other_parent = _get(tree, other[:-1])
                parent[key], other_parent[other[-1]] = other_parent[other[-1]], parent[key]
        elif kind == "rename" and isinstance(parent, dict):
            new = draw(
                st.sampled_from(["id", "next", "steps", "titel", "type", "calls", "attached_to", "goals"])
            )
            parent[new] = parent.pop(key)
        elif kind == "add" and isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), draw(nasty))
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(FILES))
    data = (EXAMPLES / name).read_bytes()
    if name in YAML_FILES and draw(st.booleans()):
        return name, draw(data_mutation(data))
    return name, draw(byte_mutation(data))


# the property -----------------------------------------------------------------


def _readable(path: Path) -> bool:
    """Whether ``path`` is a YAML file that parses (then every finding in it can have a line)."""
    if path.suffix != ".yaml":
        return False
    try:
        read_yaml(path.read_bytes())
    except (YamlProblem, OSError):
        return False
    return True


@FUZZ
@given(mutation=mutated_file())
def test_mutated_files_give_located_findings_never_an_exception(
    mutation: tuple[str, bytes], library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, data = mutation
    target = library / name
    monkeypatch.chdir(library)
    try:
        target.write_bytes(data)
        repo = load_repository(".")
        findings = check_repository(repo)
        out = format_text(CheckResult(repo=repo, findings=findings))
        errors = [f for f in findings if f.severity is Severity.error]
        readable = {f.file: _readable(library / f.file) for f in errors if f.file}
    finally:
        target.write_bytes((EXAMPLES / name).read_bytes())
    assert not CONTROL.search(out), CONTROL.search(out)
    for f in errors:
        assert f.file, f
        if readable[f.file]:
            assert f.location is not None and f.location.line >= 1, (name, f)
