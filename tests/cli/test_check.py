"""``procmodel check`` end to end: golden transcripts, exit codes and the documented JSON shape."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_procmodel

FIXTURES = Path(__file__).parent / "check-fixtures"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "output-formats.md"


def procmodel(*args: str, cwd: Path = FIXTURES) -> subprocess.CompletedProcess[str]:
    """The real command line in a fresh process."""
    return run_procmodel(*args, cwd=cwd)


@pytest.mark.parametrize(("name", "code"), [("trasig", 1), ("hel", 0), ("oläslig", 2)])
def test_golden_transcript(name: str, code: int) -> None:
    """Grouped by file, source line, caret, hint and summary: exactly as recorded."""
    run = procmodel("check", name)
    expected = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")
    assert run.stdout == expected
    assert run.returncode == code
    assert run.stderr == ""


def test_transcript_shape() -> None:
    """What the golden file promises, spelled out: headline, excerpt, caret under the value, hint."""
    lines = (FIXTURES / "trasig.expected.txt").read_text(encoding="utf-8").splitlines()
    i = lines.index(
        "trasig/elevhälsa/frånvaro.yaml:15:11: error PM101 unknown-role: unknown role 'mentorn' (role)"
    )
    assert lines[i + 1 : i + 5] == [
        "   |",
        "15 |     role: mentorn",
        "   |           ^^^^^^^",
        "   = hint: Did you mean 'mentor'?",
    ]
    files = [line.split(":")[0] for line in lines if re.match(r"^\S+\.yaml:", line)]
    assert files == sorted(files, key=files.index)  # each file's findings together
    assert len(set(files)) == 3
    assert (
        lines[-1] == "Found 6 errors, 2 warnings in 3 files (2 processes, 9 steps, 2 roles, 2 goals checked)."
    )


def test_exit_2_for_a_missing_path_and_for_a_file() -> None:
    run = procmodel("check", "finns-inte")
    assert run.returncode == 2
    assert "finns-inte: no such file or directory. Give the folder that holds procmodel.yaml." in run.stderr
    run = procmodel("check", "trasig/roles.yaml")
    assert run.returncode == 2
    assert (
        "trasig/roles.yaml: is a file, not a folder. Give the folder that holds procmodel.yaml." in run.stderr
    )
    assert "Traceback" not in run.stderr


def test_default_path_is_processes_folder(tmp_path: Path) -> None:
    (tmp_path / "processes").symlink_to(FIXTURES / "hel")
    run = procmodel("check", cwd=tmp_path)
    assert run.returncode == 0
    assert run.stdout == "All checks passed (1 process, 3 steps, 2 roles, 2 goals).\n"


def test_output_file_is_written_and_nothing_printed(tmp_path: Path) -> None:
    target = tmp_path / "rapport.txt"
    run = procmodel("check", "trasig", "--output", str(target))
    assert run.returncode == 1
    assert run.stdout == ""
    assert target.read_text(encoding="utf-8") == (FIXTURES / "trasig.expected.txt").read_text(
        encoding="utf-8"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.txt"]  # no temporary file left behind


def documented_json_example() -> dict[str, object]:
    """The example under '## JSON' in docs/output-formats.md."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## JSON", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```json\n(.*?)```", section, re.S)
    assert block, "docs/output-formats.md has no JSON example"
    return json.loads(block.group(1))


def documented_keys() -> set[str]:
    """Keys named in the table under '## JSON' (``a.b``, ``a[].b``; ``.c`` continues the row's stem)."""
    section = DOCS.read_text(encoding="utf-8").split("## JSON", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for row in re.findall(r"^\| (`.*?) \|", section, re.M):
        stem = ""
        for key in re.findall(r"`([^`]+)`", row):
            if key.startswith("."):
                key = stem + key
            elif "." in key:
                stem = key.rsplit(".", 1)[0]
            keys.add(key)
    return keys


def shape(value: object, prefix: str = "") -> set[str]:
    """Every key path of a JSON document (lists as ``[]``)."""
    out: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            path = f"{prefix}.{k}" if prefix else k
            out.add(path)
            out |= shape(v, path)
    elif isinstance(value, list):
        for item in value:
            out |= shape(item, f"{prefix}[]")
    return out


def test_json_output_has_exactly_the_documented_shape() -> None:
    run = procmodel("check", "trasig", "--format", "json")
    assert run.returncode == 1
    doc = json.loads(run.stdout)
    assert shape(doc) == shape(documented_json_example())
    table = documented_keys()
    summary = {k for k in shape(doc) if k.startswith("summary.")}
    for top in (k for k in shape(doc) if "." not in k and "[]" not in k):
        assert top in table or any(t.startswith(top + ".") for t in table), top
    assert {k for k in shape(doc) if k.startswith("findings[].")} <= table
    assert {"summary.error", "summary.warning", "summary.info", "summary.files", "summary.documents"} <= table
    assert summary == {f"summary.{k}" for k in documented_json_example()["summary"]}  # type: ignore[union-attr]


def test_json_output_content() -> None:
    doc = json.loads(procmodel("check", "trasig", "--format", "json").stdout)
    assert doc["version"] == 1
    assert doc["tool"]["name"] == "procmodel"
    assert Path(doc["root"]) == (FIXTURES / "trasig").resolve()
    assert (doc["summary"]["error"], doc["summary"]["warning"], doc["summary"]["info"]) == (6, 2, 0)
    assert (doc["summary"]["processes"], doc["summary"]["steps"]) == (2, 9)
    first_error = next(f for f in doc["findings"] if f["severity"] == "error")
    assert first_error == {
        "rule": "PM101",
        "name": "unknown-role",
        "severity": "error",
        "message": "unknown role 'mentorn' (role)",
        "hint": "Did you mean 'mentor'?",
        "file": "trasig/elevhälsa/frånvaro.yaml",
        "line": 15,
        "column": 11,
        "end_column": 18,
        "subject": None,
    }
    text_headlines = [
        line
        for line in (FIXTURES / "trasig.expected.txt").read_text(encoding="utf-8").splitlines()
        if re.match(r"^\S+\.yaml:\d+:\d+: ", line)
    ]
    json_headlines = [
        f"{f['file']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']} {f['name']}: {f['message']}"
        for f in doc["findings"]
    ]
    assert json_headlines == text_headlines


def test_json_for_unreadable_input_and_clean_repository() -> None:
    bad = json.loads(procmodel("check", "oläslig", "--format", "json").stdout)
    assert [f["rule"] for f in bad["findings"]] == ["PM102", "PM001"]
    good = procmodel("check", "hel", "--format", "json")
    assert good.returncode == 0
    assert json.loads(good.stdout)["findings"] == []
