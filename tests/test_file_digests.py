"""The file digests ``procmodel check`` keeps between runs: reused only while a file is unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from procmodel.check_cache import CACHE_DIR, check_inputs, file_digests
from procmodel.cli import cli
from procmodel.file_digests import DIGESTS, FORMAT, RACY_SECONDS, FileDigests
from procmodel.signed_json import _mac

SECRET = b"k" * 32


def aged(path: Path, text: str) -> None:
    """Write ``path`` with a modification time long past (its change time stays now)."""
    path.write_text(text, encoding="utf-8")
    old = time.time() - 10 * RACY_SECONDS
    os.utime(path, (old, old))


def content(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes()).hexdigest()


def planted(index: Path, secret: bytes, rel: str, st: os.stat_result, digest: str) -> None:
    body = json.dumps({rel: [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, digest]})
    index.write_text(json.dumps({"format": FORMAT, "mac": _mac(secret, body), "body": body}))


def test_a_kept_digest_is_used_while_the_stat_is_unchanged(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("id: a\n", encoding="utf-8")
    index = tmp_path / DIGESTS
    planted(index, SECRET, "a.yaml", f.stat(), "kept")  # as an earlier run would have kept it
    assert FileDigests(index, SECRET).digest("a.yaml", f, f.stat()) == "kept"  # same stat: not read
    f.write_text("id: b\n", encoding="utf-8")  # the same size, new times
    assert FileDigests(index, SECRET).digest("a.yaml", f, f.stat()) == content(f)


def test_an_index_signed_with_another_key_is_ignored(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("id: a\n", encoding="utf-8")
    st = f.stat()
    index = tmp_path / DIGESTS
    planted(index, b"x" * 32, "a.yaml", st, "forged")
    assert FileDigests(index, SECRET).digest("a.yaml", f, st) == content(f)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        json.dumps({"format": FORMAT}),
        json.dumps({"format": FORMAT, "mac": 1, "body": "{}"}),
    ],
)
def test_an_unreadable_index_reads_as_empty(tmp_path: Path, text: str) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("id: a\n", encoding="utf-8")
    index = tmp_path / DIGESTS
    index.write_text(text)
    assert FileDigests(index, SECRET).digest("a.yaml", f, f.stat()) == content(f)


def test_a_file_changed_within_the_racy_window_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("procmodel.file_digests.RACY_SECONDS", 0.2)
    f = tmp_path / "a.yaml"
    f.write_text("id: a\n", encoding="utf-8")
    index = tmp_path / DIGESTS

    def kept() -> dict[str, list[object]]:
        return json.loads(json.loads(index.read_text())["body"]) if index.exists() else {}

    digests = FileDigests(index, SECRET)
    assert digests.digest("a.yaml", f, f.stat()) == content(f)
    digests.save()
    assert "a.yaml" not in kept()  # just written: a write in the same tick would go unseen
    time.sleep(0.3)
    digests = FileDigests(index, SECRET)
    assert digests.digest("a.yaml", f, f.stat()) == content(f)
    digests.save()
    assert kept()["a.yaml"][-1] == content(f)  # settled: kept with its stat


def test_the_check_key_is_the_same_with_kept_digests_and_without(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    for name in ("procmodel.yaml", "p.yaml", "q.yaml"):
        aged(root / name, f"# {name}\n")

    def inputs(digests: FileDigests | None = None) -> str:
        found = check_inputs(root, fmt="text", colour=False, lang=None, env={}, digests=digests)
        assert found is not None
        return found.key

    fresh = inputs()
    digests = FileDigests(root / CACHE_DIR / DIGESTS, SECRET)
    first = inputs(digests)
    digests.save()
    again = inputs(FileDigests(root / CACHE_DIR / DIGESTS, SECRET))
    assert fresh == first == again
    (root / "p.yaml").write_text("# changed\n", encoding="utf-8")
    assert inputs(FileDigests(root / CACHE_DIR / DIGESTS, SECRET)) != fresh


def test_procmodel_check_keeps_its_digests_and_sees_every_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROCMODEL_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr("procmodel.file_digests.RACY_SECONDS", 0.2)
    root = tmp_path / "processes"
    shutil.copytree(Path(__file__).parent / "site" / "fixtures" / "basic", root)
    time.sleep(0.3)  # every file settled
    monkeypatch.chdir(tmp_path)

    def check() -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["check", "processes"])
        assert isinstance(result.exception, SystemExit | None), result.exception
        return result.exit_code, result.stdout

    cold = check()
    index = root / CACHE_DIR / DIGESTS
    assert index.exists()
    assert check() == cold
    assert "roles.yaml" in json.loads(json.loads(index.read_text())["body"])
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("id: mentor\n", "id: mentorn\n"), "utf-8")
    edited = check()
    assert edited != cold and "mentor" in edited[1]
    assert edited[1] == CliRunner().invoke(cli, ["check", "processes", "--no-cache"]).stdout
    assert file_digests(root).path == index
