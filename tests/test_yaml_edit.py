"""Adding items to a user's YAML list: only the new lines change; what cannot be edited is located."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from procmodel.load.yaml_source import read_yaml
from procmodel.yaml_edit import EditError, append_items, list_ids

NEW = [{"id": "mentor", "name": "Mentor: lärare"}, {"id": "x", "name": "yes"}]


@pytest.mark.parametrize(
    ("text", "added"),
    [
        (
            "# Roller\nroles:\n  - id: rektor   # chef\n    name: Rektor\n\n# sist\n",
            '  - id: mentor\n    name: "Mentor: lärare"\n  - id: x\n    name: "yes"\n',
        ),
        (
            "roles:\n- id: a\n  name: A\n  description: |\n    två\n    rader\nother: 1\n",
            '- id: mentor\n  name: "Mentor: lärare"\n- id: x\n  name: "yes"\n',
        ),
        ("roles:\n    -   id: a\n        name: A", None),  # no newline at the end
    ],
)
def test_block_lists_get_only_new_lines(tmp_path: Path, text: str, added: str | None) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(text, encoding="utf-8")
    out = append_items(path, "roles", NEW).decode("utf-8")
    assert read_yaml(out.encode())["roles"][-2:] == NEW
    ops = difflib.SequenceMatcher(a=text.splitlines(), b=out.splitlines(), autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}
    assert sum(j2 - j1 for op, _, _, j1, j2 in ops if op == "insert") == 4
    if added is not None:
        assert added in out


@pytest.mark.parametrize("text", ["roles: [{id: a, name: A}]  # flow\n", "roles:\n", "roles: []\n"])
def test_flow_and_empty_lists_are_edited_by_a_round_trip(tmp_path: Path, text: str) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(text, encoding="utf-8")
    out = read_yaml(append_items(path, "roles", NEW))["roles"]
    assert out[-2:] == NEW


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("roles:\n  - id: a\n    id: b\n", "roles.yaml:3:5", "PM002: duplicate key 'id'"),
        ("# bara en kommentar\n", "roles.yaml", "PM005: file holds only comments"),
        ("roles:\n  a: b\n", "roles.yaml:2:3", "'roles' holds a mapping, but a list is expected"),
        ("namn: x\n", "roles.yaml", "the file has no 'roles:' list"),
    ],
)
def test_a_file_that_cannot_be_edited_is_located(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditError) as caught:
        append_items(path, "roles", NEW)
    assert str(caught.value).startswith(f"{tmp_path / where}: {message}")
    with pytest.raises(EditError):
        list_ids(path, "roles")
    assert path.read_text(encoding="utf-8") == text


def test_list_ids(tmp_path: Path) -> None:
    assert list_ids(tmp_path / "saknas.yaml", "roles") == set()
    (tmp_path / "roles.yaml").write_text("roles:\n  - id: rektor\n  - id: lärare\n", encoding="utf-8")
    assert list_ids(tmp_path / "roles.yaml", "roles") == {"rektor", "lärare"}
