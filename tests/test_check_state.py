"""The quick check after process files changed (procmodel.check_state): it reports exactly what a
whole check does, and gives up whenever it could not vouch for that."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from procmodel import load_repository
from procmodel.check import check_context
from procmodel.check_cache import CACHE_DIR, check_inputs
from procmodel.check_state import FORMAT, QUICK_FORMATS, STATE, _kinds, _load, kept_state, quick_check
from procmodel.cli import cli
from procmodel.findings_cache import PROCESS_RULES, _identity, _minus, _run
from procmodel.load.context import LoadContext
from procmodel.load.discovery import discover
from procmodel.load.parse_cache import cache_secret
from procmodel.rules import RULES
from procmodel.signed_json import read_signed, write_signed
from tests.helpers import benchmark_generator
from tests.rules.test_rule_cases import case_dirs, materialise

ROOT = Path(__file__).parents[1]
BASIC = ROOT / "tests" / "site" / "fixtures" / "basic"
generate = benchmark_generator()

Edit = Callable[[Path], None]


def replace(rel: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def append(rel: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as f:
            f.write(text)

    return edit


def remove(rel: str) -> Edit:
    return lambda root: (root / rel).unlink()


def copy(rel: str, to: str) -> Edit:
    return lambda root: shutil.copy(root / rel, root / to)


def edit_generated(root: Path) -> None:
    """A central process of the generated repository that has a unit variant: new instructions."""
    variant = sorted((root / "enheter").rglob("*.yaml"))[0]
    central = next(p for p in root.rglob(variant.name) if "enheter" not in p.parts)
    text = central.read_text(encoding="utf-8")
    central.write_text(text.replace("instructions: ", "instructions: Numera ", 1), encoding="utf-8")


ANMÄLAN = "flöden/anmälan.yaml"
SUMMARY = "summary: All personal anmäler till rektor **samma dag**.\n"
BEREDSKAP = "trygghet/beredskap-vid-våld.yaml"
NORRBY = "enheter/norrbyskolan/beredskap-vid-våld.yaml"

#: name → (repository, edit, whether the quick check takes it)
EDITS: dict[str, tuple[str, Edit, bool]] = {
    "a step's title": ("basic", replace(ANMÄLAN, "title: Anmäl till rektor", "title: Anmäl genast"), True),
    "a comment": ("basic", append(ANMÄLAN, "# granskad\n"), True),
    "lines above a finding across processes": (
        "basic",
        replace(ANMÄLAN, SUMMARY, "summary: |-\n  Alla anmäler.\n  Samma dag.\n  Till rektor.\n"),
        True,
    ),
    "a step's role, to one that does not exist": (
        "basic",
        replace(ANMÄLAN, "role: mentor", "role: mentorn"),
        True,
    ),
    "a status": ("basic", replace(ANMÄLAN, "status: approved", "status: review"), False),
    "a goal of a step": (
        "basic",
        replace(ANMÄLAN, "goals: [sl-6-10]\n    documents", "goals: []\n    documents"),
        False,
    ),
    "a call": ("basic", replace(ANMÄLAN, "calls: intern-rutin", "calls: utredning"), False),
    "a key the format does not have": ("basic", append(ANMÄLAN, "okänd: 1\n"), False),
    "a YAML syntax error": ("basic", append(ANMÄLAN, "steps: [\n"), False),
    "a process file removed": ("basic", remove("flöden/elak.yaml"), False),
    "a process file added": ("basic", copy("flöden/elak.yaml", "flöden/elak-kopia.yaml"), False),
    "the roles": ("basic", replace("roles.yaml", "id: mentor\n", "id: mentorn\n"), False),
    "a central process with a unit variant": (
        "examples",
        replace(BEREDSKAP, "title: Öva ", "title: Öva tillsammans "),
        True,
    ),
    "a unit variant's words": ("examples", replace(NORRBY, "Öva inrymning", "Öva utrymning"), True),
    "what a unit variant replaces": ("examples", replace(NORRBY, "    consulted: [skolchef]\n", ""), False),
    "a generated process's instructions": ("generated", edit_generated, True),
}


def repository(kind: str, where: Path) -> Path:
    root = where / "processes"
    if kind == "generated":
        shutil.copytree(generate.cached_repository(where / "gen", processes=40, steps=12), root)
    else:
        shutil.copytree(BASIC if kind == "basic" else ROOT / "processes", root)
    return root


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "processes", *args])
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stdout


def takes_quick_check(root: Path, lang: str | None = None) -> bool:
    inputs = check_inputs(root, fmt="text", colour=False, lang=lang, env=dict(os.environ))
    assert inputs is not None
    return quick_check(root, inputs, kept_state(root, inputs, cache_secret())) is not None


@pytest.mark.parametrize("name", list(EDITS))
def test_after_an_edit_the_report_is_the_whole_checks(cached: Path, name: str) -> None:
    kind, edit, quick = EDITS[name]
    root = repository(kind, cached)
    check()
    assert (root / CACHE_DIR / STATE).exists()
    assert takes_quick_check(root)  # nothing changed: the kept state is enough
    edit(root)
    assert takes_quick_check(root) is quick
    for fmt in ("text", "json"):
        assert check("--format", fmt) == check("--format", fmt, "--no-cache"), (name, fmt)


def test_every_quick_format_and_language_reports_what_the_whole_check_does(cached: Path) -> None:
    root = repository("basic", cached)
    for lang in ("sv", "en"):
        check("--lang", lang)  # the state is kept for one language, date and version at a time
        append(ANMÄLAN, f"# granskad ({lang})\n")(root)
        for fmt in sorted(QUICK_FORMATS):
            assert takes_quick_check(root, lang)
            quick = check("--format", fmt, "--lang", lang)
            assert quick == check("--format", fmt, "--lang", lang, "--no-cache"), (fmt, lang)


def test_a_finding_across_processes_is_located_in_the_file_as_it_is_now(cached: Path) -> None:
    root = repository("basic", cached)
    before = json.loads(check("--format", "json")[1])
    replace(ANMÄLAN, SUMMARY, "summary: |-\n  Alla anmäler.\n  Samma dag.\n  Till rektor.\n")(root)
    assert takes_quick_check(root)
    after = json.loads(check("--format", "json")[1])

    def calls(report: dict[str, list[dict[str, object]]]) -> list[object]:
        return [f["line"] for f in report["findings"] if f["rule"] == "PM303" and f["file"].endswith(ANMÄLAN)]

    assert calls(before) and [line + 3 for line in calls(before)] == calls(after)  # type: ignore[operator]


def test_quick_checks_in_a_row_keep_the_state_up_to_date(cached: Path) -> None:
    root = repository("examples", cached)
    cold = check()
    steps = [
        replace(BEREDSKAP, "title: Öva ", "title: Öva snart "),
        replace(NORRBY, "Öva inrymning", "Öva utrymning"),
        replace(BEREDSKAP, "title: Öva snart ", "title: Öva nu "),
    ]
    for edit in steps:
        edit(root)
        assert takes_quick_check(root)
        assert check() == check("--no-cache")
    replace(BEREDSKAP, "title: Öva nu ", "title: Öva ")(root)
    replace(NORRBY, "Öva utrymning", "Öva inrymning")(root)
    assert check() == cold


def test_a_state_not_signed_with_this_users_key_is_ignored(cached: Path) -> None:
    root = repository("basic", cached)
    check()
    path = root / CACHE_DIR / STATE
    state = read_signed(path, FORMAT, cache_secret())
    assert isinstance(state, dict)
    state["across"] = []  # as if the findings across processes had gone away
    write_signed(path, FORMAT, b"another user's key".ljust(32), state)
    append(ANMÄLAN, "# granskad\n")(root)
    assert not takes_quick_check(root)
    assert check() == check("--no-cache")
    path.write_text("not json", encoding="utf-8")
    append(ANMÄLAN, "# igen\n")(root)
    assert not takes_quick_check(root)
    assert check() == check("--no-cache")


def test_no_state_is_kept_for_a_repository_with_a_broken_process_file(cached: Path) -> None:
    root = repository("basic", cached)
    append(ANMÄLAN, "okänd: 1\n")(root)
    check()
    assert not (root / CACHE_DIR / STATE).exists()
    replace(ANMÄLAN, "okänd: 1\n", "")(root)
    check()
    assert (root / CACHE_DIR / STATE).exists()


def assert_partial_loads_check_like_the_whole(root: Path) -> None:
    """Each process's per-process findings are the same whether the repository is loaded whole or
    only its shared files, that process's file and what depends on it are (as a quick check does)."""
    rules = [RULES[rid] for rid in sorted(PROCESS_RULES)]
    whole = load_repository(root)
    ctx = check_context(whole)
    empty = _run(rules, ctx, [])
    kinds = _kinds(root, discover(root))
    for pid, process in whole.processes.items():
        info = whole.variants.get(pid)
        files = [process._file] if info is None else [info.file, info.base_file]
        if any(not f.endswith(".yaml") for f in files):
            continue  # drawn in BPMN: always loaded whole
        wanted = {Path(os.path.abspath(f)).relative_to(root.resolve()).as_posix() for f in files}
        load = LoadContext(root)
        _load(load, kinds, wanted)
        part = check_context(load.repo)
        assert pid in load.repo.processes, (root, pid)
        mine = _minus(_run(rules, part, [load.repo.processes[pid]]), _run(rules, part, []))
        theirs = _minus(_run(rules, ctx, [process]), empty)
        assert sorted(map(_identity, mine), key=repr) == sorted(map(_identity, theirs), key=repr), (root, pid)


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_partial_load_checks_each_process_as_the_whole_does_on_every_rule_case(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = materialise(case, tmp_path / "repo")
    monkeypatch.chdir(tmp_path)
    assert_partial_loads_check_like_the_whole(root)


def test_a_partial_load_checks_each_process_as_the_whole_does_on_the_examples_and_generated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert_partial_loads_check_like_the_whole(ROOT / "processes")
    assert_partial_loads_check_like_the_whole(BASIC)
    root = generate.cached_repository(tmp_path, processes=40, steps=12)
    monkeypatch.chdir(tmp_path)
    assert_partial_loads_check_like_the_whole(root)


def _mutations(text: str, rng: random.Random) -> str:
    """One random edit of a process file, of the kinds a quality lead makes (and some slips)."""
    lines = text.splitlines(keepends=True)
    kinds = ["title", "status", "next", "role", "goals", "delete", "duplicate", "comment", "indent"]
    kind = rng.choice(kinds)
    picks = {
        "title": [i for i, line in enumerate(lines) if "title: " in line],
        "status": [i for i, line in enumerate(lines) if line.startswith("status: ")],
        "next": [i for i, line in enumerate(lines) if "next: " in line],
        "role": [i for i, line in enumerate(lines) if "role: " in line],
        "goals": [i for i, line in enumerate(lines) if "goals: [" in line],
    }.get(kind, list(range(len(lines))))
    if not picks:
        return text + "# ingen ändring\n"
    i = rng.choice(picks)
    line = lines[i]
    ids = re.findall(r"^  - id: (\S+)$", text, flags=re.M)
    if kind == "title":
        lines[i] = line.rstrip("\n") + " (ändrad)\n"
    elif kind == "status":
        lines[i] = "status: " + rng.choice(["draft", "review", "approved", "retired"]) + "\n"
    elif kind == "next" and ids:
        lines[i] = re.sub(r"next: \S+", f"next: {rng.choice(ids)}", line)
    elif kind == "role":
        lines[i] = re.sub(r"role: \S+", f"role: {rng.choice(['rektor', 'lärare', 'mentor', 'okänd'])}", line)
    elif kind == "goals":
        lines[i] = re.sub(r"goals: \[[^\]]*\]", "goals: []", line)
    elif kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, line)
    elif kind == "indent":
        lines[i] = " " + line
    else:
        lines.append("# granskad\n")
    return "".join(lines)


@pytest.mark.parametrize("kind", ["examples", "generated"])
def test_random_edits_report_what_the_whole_check_does(cached: Path, kind: str) -> None:
    """Seeded random edits of one or two process files, each from the repository as it was (so
    that the state kept is sometimes the original's and sometimes an edit's), then a row of them."""
    rng = random.Random(13)
    root = repository(kind, cached)
    files = [
        p  # the process and variant files
        for p in sorted(root.rglob("*.yaml"))
        if not {CACHE_DIR, "uppföljning", "goals"} & set(p.relative_to(root).parts) and p.parent != root
    ]
    originals = {path: path.read_text(encoding="utf-8") for path in files}
    quick = 0
    for trial in range(24):
        if trial < 16:  # from the original; after that the edits pile up
            for path, text in originals.items():
                if path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8")
            check()
        for path in rng.sample(files, rng.choice([1, 1, 2])):
            path.write_text(_mutations(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
        quick += takes_quick_check(root)
        assert check() == check("--no-cache"), trial
    assert quick  # some of the edits took the quick check
