"""Atomic writes: the whole new content or the old file, and no temporary file left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from procmodel.files import WriteError, remove_stale_temps, staged_folder, write_atomic, write_files


def test_writes_text_as_utf8_and_replaces_old_content(tmp_path):
    target = tmp_path / "roller.yaml"
    target.write_text("gammalt\n", encoding="utf-8")
    write_atomic(target, "# kommentar\nroller: [rektor, lärare]\n")
    assert target.read_text(encoding="utf-8") == "# kommentar\nroller: [rektor, lärare]\n"
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["roller.yaml"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "mål"
    target.mkdir()  # a folder where the file should go: the rename fails
    (target / "inne.txt").write_text("kvar", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(target, "nytt")
    assert (target / "inne.txt").read_text(encoding="utf-8") == "kvar"
    assert [p.name for p in tmp_path.iterdir()] == ["mål"]


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "roles.yaml"
    target.write_text("roles: []\n", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, "roles:\n  - id: rektor\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_several_files_are_written_all_or_none(tmp_path):
    (tmp_path / "fil").write_text("", encoding="utf-8")
    old = tmp_path / "gammal.txt"
    old.write_text("gammal", encoding="utf-8")
    with pytest.raises(WriteError) as caught:
        write_files({tmp_path / "ny" / "a.txt": "a", old: "ny", tmp_path / "fil" / "b.txt": "b"})
    assert str(caught.value) == (
        f"cannot write {tmp_path / 'fil'}: Not a directory (a part of the path is a file, not a folder)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fil", "gammal.txt"]
    assert old.read_text(encoding="utf-8") == "gammal"


def test_temporary_files_of_dead_processes_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".a.yaml.tmp-{dead.pid}"
    stale.write_text("halv", encoding="utf-8")
    alive = tmp_path / f".b.yaml.tmp-{os.getppid()}"
    alive.write_text("pågår", encoding="utf-8")
    other = tmp_path / ".tmp-egen"
    other.write_text("", encoding="utf-8")
    write_atomic(tmp_path / "c.yaml", "c")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name, "c.yaml"])
    assert remove_stale_temps(tmp_path / "saknas") == []


def test_a_staged_folder_replaces_the_old_one_only_when_complete(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "gammal.html").write_text("gammal", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_folder(target) as stage:
        (stage / "ny.html").parent.mkdir(parents=True)
        (stage / "ny.html").write_text("ny", encoding="utf-8")
        raise RuntimeError("the build failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in target.iterdir()] == ["gammal.html"]
    with staged_folder(target) as stage:
        stage.mkdir()
        (stage / "ny.html").write_text("ny", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in target.iterdir()] == ["ny.html"]
