"""Atomic writes: the whole new content or the old file, and no temporary file left behind."""

from __future__ import annotations

import pytest

from procmodel.files import write_atomic


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
