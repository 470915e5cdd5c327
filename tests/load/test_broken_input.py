"""Broken input of every kind: a located error from the real CLI, exit 1 or 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_procmodel as procmodel

GOOD = (
    "id: {id}\ntitle: Frånvaro\nquestion: Hur gör vi när en elev är frånvarande?\nstatus: approved\n"
    "owner: rektor\nreviewed: 2026-01-15\nsteps:\n"
    "  - {{id: start, type: start, role: rektor}}\n"
    "  - {{id: ring, title: Ring vårdnadshavare, role: rektor}}\n"
    "  - {{id: slut, type: end}}\n"
)
LAUGHS = b'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + b"".join(
    b"lol%d: &l%d [" % (i, i) + b", ".join([b"*l%d" % (i - 1)] * 9) + b"]\n" for i in range(1, 10)
)

# name, file content, expected headline prefix (after the file name), exit code
BROKEN: list[tuple[str, bytes, str, int]] = [
    ("duplicate-key", b"id: x\ntitle: A\ntitle: B\nsteps: []\n", ":3:1: error PM002 duplicate-key:", 2),
    (
        "nested-duplicate-key",
        b"id: x\ntitle: A\nsteps:\n  - id: a\n    type: start\n    type: end\n",
        ":6:5: error PM002 duplicate-key:",
        2,
    ),
    ("billion-laughs", LAUGHS, ":1:7: error PM003 yaml-alias:", 2),
    ("alias", b"id: &x x\ntitle: *x\nsteps: []\n", ":1:5: error PM003 yaml-alias:", 2),
    ("merge-key", b"id: x\n<<: {title: A}\nsteps: []\n", ":2:1: error PM003 yaml-alias:", 2),
    ("list-document", b"- id: x\n- title: A\n", ":1:1: error PM001 yaml-syntax: file holds a list", 2),
    ("scalar-document", b"just some text\n", ":1:1: error PM001 yaml-syntax: file holds a single value", 2),
    ("tab-indent", b"id: x\nsteps:\n\t- id: a\n", ":3:1: error PM001 yaml-syntax: not valid YAML: a tab", 2),
    ("latin-1", "id: x\ntitle: Närvaro\n".encode("latin-1"), ":2:9: error PM004 file-encoding:", 2),
    ("utf-16-bom", "id: x\n".encode("utf-16"), ":1:1: error PM004 file-encoding:", 2),
    ("empty", b"", ": error PM005 empty-file: file is empty", 2),
    ("only-comments", b"# todo\n\n   # later\n", ": error PM005 empty-file: file holds only comments", 2),
    (
        "two-documents",
        b"id: x\ntitle: A\n---\nid: y\n",
        ":3:1: error PM001 yaml-syntax: file holds more than one",
        2,
    ),
    (
        "python-tag",
        b"id: x\ntitle: !!python/object/apply:os.system [echo pwned]\n",
        ":2:8: error PM001 yaml-syntax: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        2,
    ),
    (
        "custom-tag",
        b"id: x\ntitle: !include other.yaml\n",
        ":2:8: error PM001 yaml-syntax: the YAML tag '!include'",
        2,
    ),
    ("binary-tag", b"id: x\ntitle: !!binary aGVq\n", ":2:8: error PM001 yaml-syntax: the YAML tag", 2),
    ("complex-key", b"id: x\n? [a, b]\n: c\n", ":2:3: error PM001 yaml-syntax: a key must be plain text", 2),
    (
        "unclosed-quote",
        'id: x\ntitle: "Mål\nsteps: []\n'.encode(),
        "error PM001 yaml-syntax: not valid YAML",
        2,
    ),
    (
        "colon-in-value",
        "id: x\ntitle: Mål: trygghet\n".encode(),
        ":2:11: error PM001 yaml-syntax: not valid YAML: mapping",
        2,
    ),
    (
        "control-character",
        "id: x\ntitle: Mål\x1b[31m röd\nsteps: []\n".encode(),
        ":2:11: error PM001 yaml-syntax: the control character U+001B (ESC) is not allowed",
        2,
    ),
    ("unknown-key", b"id: x\ntitel: A\nsteps: []\n", ":2:1: error PM010 schema: unknown key 'titel'", 1),
    ("wrong-type", b"id: x\ntitle: A\nsteps: en lista\n", ":3:8: error PM010 schema:", 1),
]


def make_repo(root: Path, name: str, content: bytes) -> Path:
    """A small good repository plus one broken process file ``p/<name>.yaml``."""
    (root / "p").mkdir(parents=True)
    (root / "procmodel.yaml").write_text("today: 2026-03-01\n", encoding="utf-8")
    (root / "roles.yaml").write_text("roles:\n  - id: rektor\n    name: Rektor\n", encoding="utf-8")
    (root / "p" / "frånvaro.yaml").write_text(GOOD.format(id="frånvaro"), encoding="utf-8")
    (root / "p" / f"{name}.yaml").write_bytes(content)
    return root


@pytest.mark.parametrize(("name", "content", "expected", "code"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_gives_a_located_error(
    name: str, content: bytes, expected: str, code: int, tmp_path: Path
) -> None:
    make_repo(tmp_path / "repo", name, content)
    run = procmodel("check", "repo", cwd=tmp_path)
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == code, run.stdout + run.stderr
    headlines = [line for line in run.stdout.splitlines() if line.startswith(f"repo/p/{name}.yaml")]
    assert headlines, run.stdout
    assert any(
        h.startswith(f"repo/p/{name}.yaml{expected}") or (expected.startswith("error") and expected in h)
        for h in headlines
    ), headlines
    assert "= hint: " in run.stdout
    # the good file next to it is still checked: one broken file does not hide the rest
    assert "repo/p/frånvaro.yaml" not in run.stdout


def test_json_output_for_broken_input_is_valid_json(tmp_path: Path) -> None:
    import json

    make_repo(tmp_path / "repo", "trasig", b"id: x\n\ttitle: A\n")
    run = procmodel("check", "repo", "--format", "json", cwd=tmp_path)
    assert run.returncode == 2
    doc = json.loads(run.stdout)
    (finding,) = doc["findings"]
    assert (finding["rule"], finding["file"], finding["line"], finding["column"]) == (
        "PM001",
        "repo/p/trasig.yaml",
        2,
        1,
    )


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    filler = b"# " + b"x" * 1000 + b"\n"
    make_repo(tmp_path / "repo", "stor", b"id: stor\n" + filler * 11_000)
    run = procmodel("check", "repo", cwd=tmp_path)
    assert run.returncode == 2
    assert "repo/p/stor.yaml: error PM001 yaml-syntax: file is larger than 10 MB" in run.stdout
    assert "Traceback" not in run.stderr


def test_swedish_ids_and_file_names(tmp_path: Path) -> None:
    """å, ä, ö in ids, folder and file names; output stays UTF-8 even in the C locale."""
    root = tmp_path / "repo"
    make_repo(root, "närvaro-åtgärder", GOOD.format(id="närvaro-åtgärder").encode())
    (root / "p" / "öppen förskola").mkdir()
    (root / "p" / "öppen förskola" / "inskolning-är-öppen.yaml").write_text(
        GOOD.format(id="inskolning-är-öppen"), encoding="utf-8"
    )
    run = procmodel("check", "repo", cwd=tmp_path, env={"LC_ALL": "C", "LANG": "C"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "All checks passed (3 processes" in run.stdout
    (root / "p" / "öppen förskola" / "inskolning-är-öppen.yaml").write_text(
        GOOD.format(id="inskolning-är-öppen").replace(
            "role: rektor}\n  - {id: slut", "role: rektorn}\n  - {id: slut"
        ),
        encoding="utf-8",
    )
    run = procmodel("check", "repo", cwd=tmp_path, env={"LC_ALL": "C", "LANG": "C"})
    assert run.returncode == 1
    assert "repo/p/öppen förskola/inskolning-är-öppen.yaml:9:50: error PM101 unknown-role: " in run.stdout
    assert "Did you mean 'rektor'?" in run.stdout


def test_nfd_file_names_and_ids_match_nfc(tmp_path: Path) -> None:
    """A file saved on macOS (decomposed 'ä') and ids typed decomposed are the same as composed ones."""
    root = tmp_path / "repo"
    nfd = "ka\u0308nsla"  # 'känsla' with a + combining diaeresis
    make_repo(root, nfd, GOOD.format(id=nfd).encode())
    (root / "p" / "anropar.yaml").write_text(
        GOOD.format(id="anropar").replace(
            "{id: ring, title: Ring vårdnadshavare, role: rektor}",
            "{id: ring, type: subprocess, title: Känsla, role: rektor, calls: känsla}",
        ),
        encoding="utf-8",
    )
    run = procmodel("check", "repo", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    assert "All checks passed (3 processes" in run.stdout


def test_missing_path_file_path_and_unreadable_repository_exit_2(tmp_path: Path) -> None:
    run = procmodel("check", "finns-inte", cwd=tmp_path)
    assert run.returncode == 2
    assert "finns-inte: no such file or directory" in run.stderr
    (tmp_path / "fil.yaml").write_text("id: x\n", encoding="utf-8")
    run = procmodel("check", "fil.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
