"""Incorrect and correct examples for the rule docs, taken from each rule's own test fixtures.

Every rule has ``<cases>/<ID>-<name>/invalid/`` (a tiny repository the rule flags, with the
lines ``procmodel check`` must print in ``expected.txt``) and ``valid/`` (the same repository,
fixed). A case holds only the files it is about: the rest comes from ``<cases>/_base/``, less
the files its ``without.txt`` lists (see :func:`case_files`). The files that differ between
the two are the example, as on bpmnlint's rule pages; the files both share (roles, goals, the
configuration) are left out. So the docs show what the tests check, and cannot drift from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Files of a case that are test machinery, not part of the example repository.
MACHINERY = frozenset({"expected.txt", "symlinks.txt", "without.txt", ".keep"})
#: The folder of files every case shares unless it has its own.
BASE = "_base"
#: A case's list of base files it must not have.
WITHOUT = "without.txt"
#: Longer files are cut (the example is about a few lines).
MAX_LINES = 40
FENCES = {".yaml": "yaml", ".yml": "yaml", ".bpmn": "xml", ".xml": "xml"}


@dataclass(frozen=True)
class ExampleFile:
    """One file of an example: its path in the case and its text (None: not UTF-8 text)."""

    path: str
    text: str | None


@dataclass(frozen=True)
class Example:
    """The files that make a rule report (``incorrect``, with what it prints) and not (``correct``)."""

    case: str  # the case folder's name, ``PM203-unreachable-step``
    incorrect: list[ExampleFile]
    output: list[str]
    correct: list[ExampleFile]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name not in MACHINERY
    }


def base_files(case: Path) -> dict[str, bytes]:
    """The shared files a case repository (``<cases>/<ID>-<name>/valid``) gets from ``_base/``."""
    base = case.parent.parent / BASE
    if not base.is_dir():
        return {}
    without = case / WITHOUT
    skip = set(without.read_text(encoding="utf-8").split()) if without.is_file() else set()
    return {rel: data for rel, data in _files(base).items() if rel not in skip}


def case_files(case: Path) -> dict[str, bytes]:
    """Every file of a case repository: the shared base, overlaid by the case's own files."""
    return {**base_files(case), **_files(case)}


def _example_file(path: str, data: bytes) -> ExampleFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ExampleFile(path, None)
    if any(ord(c) < 32 and c not in "\n\t" for c in text.replace("\r\n", "\n")):
        return ExampleFile(path, None)
    return ExampleFile(path, text)


def rule_example(cases: Path, rule_id: str, rule_name: str) -> Example | None:
    """The example of one rule, or None when its case has none to show.

    Rules compared with a git revision (cases with ``invalid-base/``) have none: their example
    is a change, which two files side by side do not show.
    """
    case = cases / f"{rule_id}-{rule_name}"
    invalid, valid = case / "invalid", case / "valid"
    if not invalid.is_dir() or not valid.is_dir() or (case / "invalid-base").is_dir():
        return None
    bad, good = case_files(invalid), case_files(valid)
    changed = sorted(p for p in bad.keys() | good.keys() if bad.get(p) != good.get(p))
    expected = invalid / "expected.txt"
    text = expected.read_text(encoding="utf-8") if expected.is_file() else ""
    return Example(
        case.name,
        [_example_file(p, bad[p]) for p in changed if p in bad],
        [line for line in text.splitlines() if line.strip()],
        [_example_file(p, good[p]) for p in changed if p in good],
    )


def example_markdown(example: Example) -> list[str]:
    """The example as Markdown lines: the incorrect files, what check prints, the correct files."""
    out = ["**Incorrect**, from the rule's test fixture:", ""]
    none = f"no file to show: see tests/rules/cases/{example.case}/invalid/"
    out += _files_markdown(example.incorrect, none)
    if example.output:
        out += ["`procmodel check` reports:", "", "```text", *example.output, "```", ""]
    out += ["**Correct**:", ""]
    out += _files_markdown(example.correct, "without the files above")
    return out


def _files_markdown(files: list[ExampleFile], none: str) -> list[str]:
    if not files:
        return [f"*({none})*", ""]
    out: list[str] = []
    for f in files:
        if f.text is None:
            out += [f"`{f.path}`: *(not shown: the file is not UTF-8 text)*", ""]
            continue
        lines = f.text.splitlines()
        if not lines:
            out += [f"`{f.path}`: *(an empty file)*", ""]
            continue
        if len(lines) > MAX_LINES:
            lines = [*lines[:MAX_LINES], "…"]
        fence = "~~~~" if any(line.lstrip().startswith(("```", "~~~")) for line in lines) else "```"
        lang = FENCES.get(Path(f.path).suffix, "text")
        out += [f"`{f.path}`:", "", f"{fence}{lang}", *lines, fence, ""]
    return out
