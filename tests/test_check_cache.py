"""The result cache of ``procmodel check`` (.procmodel-cache/): never stale, never in the way."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from procmodel import load_repository
from procmodel.check_cache import CACHE_DIR, PARSED
from procmodel.check_state import STATE
from procmodel.cli import cli
from procmodel.cli.init import GITIGNORE
from procmodel.load.parse_cache import ParseCache, cache_secret

BASIC = Path(__file__).parent / "site" / "fixtures" / "basic"

#: kind of file → (file, text, replacement): each edit changes what check reports
EDITS = {
    "roles": ("roles.yaml", "id: mentor\n", "id: mentorn\n"),
    "catalog": ("goals/km.yaml", "id: km-närvaro\n", "id: km-närvaron\n"),
    "documents": ("documents.yaml", "id: anmälningsblankett\n", "id: anmälningsblanketten\n"),
    "configuration": ("procmodel.yaml", "today: 2026-06-01\n", "today: 2031-06-01\n"),
    "called process": ("flöden/utredning.yaml", "status: draft\n", "status: approved\n"),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PROCMODEL_NO_CACHE", raising=False)  # tests/conftest.py turns it off
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the secret key lives there
    root = tmp_path / "processes"
    shutil.copytree(BASIC, root)
    monkeypatch.chdir(tmp_path)
    return root


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "processes", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def entries(repo: Path) -> list[Path]:
    return sorted((repo / CACHE_DIR / "check").glob("*.json"))


def test_a_warm_run_prints_the_cold_output_byte_for_byte(repo: Path) -> None:
    cold = check()
    assert cold[0] == 1 and "PM" in cold[1]
    assert len(entries(repo)) == 1
    assert (repo / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert check() == cold == check("--no-cache")
    as_json = check("--format", "json")
    assert json.loads(as_json[1]) and as_json == check("--format", "json", "--no-cache")
    assert len(entries(repo)) == 2  # one report per format
    assert check() == cold


def test_a_warm_run_reads_the_cache_and_no_cache_does_not(repo: Path) -> None:
    status, _text = check()
    [entry] = entries(repo)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["text"] = "planted report\n"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert check() == (status, "planted report\n")
    assert check("--no-cache")[1] != "planted report\n"


def test_no_cache_writes_no_cache(repo: Path) -> None:
    check("--no-cache")
    assert not (repo / CACHE_DIR).exists()


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not text", b"{not json", b"[]", b'{"format": "procmodel-check-cache 1", "text": 1}', b""],
)
def test_a_corrupt_cache_file_is_ignored(repo: Path, content: bytes) -> None:
    cold = check()
    [entry] = entries(repo)
    entry.write_bytes(content)
    assert check() == cold
    assert json.loads(entry.read_text(encoding="utf-8"))["text"] == cold[1]  # written again


@pytest.mark.parametrize("kind", EDITS)
def test_a_change_to_a_file_a_finding_depends_on_invalidates_the_cache(repo: Path, kind: str) -> None:
    before = check()
    name, old, new = EDITS[kind]
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    after = check()
    assert after != before
    assert after == check("--no-cache")


def test_a_removed_document_file_invalidates_the_cache(repo: Path) -> None:
    before = check()
    (repo / "mallar" / "rutin.md").unlink()  # documents.yaml names it by path
    after = check()
    assert after != before and after == check("--no-cache")


def test_the_cache_folder_is_ignored_by_git_in_a_new_repository() -> None:
    assert f"{CACHE_DIR}/" in GITIGNORE.splitlines()
    root = Path(__file__).resolve().parents[1]
    assert f"{CACHE_DIR}/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


def parsed_entries(repo: Path) -> dict[str, str]:
    data = json.loads((repo / CACHE_DIR / PARSED).read_text(encoding="utf-8"))
    return data["entries"]


def test_after_one_change_only_that_file_is_parsed_again(repo: Path) -> None:
    check()
    yaml_files = [p for p in repo.rglob("*.yaml") if CACHE_DIR not in p.parts]
    first = parsed_entries(repo)
    assert len(first) == len(yaml_files)  # every YAML file parsed, none failed
    path = repo / "flöden" / "frånvaro.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    cache = ParseCache(repo / CACHE_DIR / PARSED, cache_secret())
    load_repository(repo, cache)
    assert cache.parsed == 1
    second = parsed_entries(repo)
    assert len(second) == len(first) and len(second.keys() - first.keys()) == 1
    assert check() == check("--no-cache")


def test_entries_made_without_this_users_secret_are_never_used(repo: Path) -> None:
    cold = check()
    shutil.rmtree(repo / CACHE_DIR / "check")
    (repo / CACHE_DIR / STATE).unlink()  # so the whole repository is loaded again, through the parse cache
    entries = parsed_entries(repo)
    forged = {
        hashlib.blake2b(p.read_bytes(), digest_size=20).hexdigest(): '{"id": "förfalskad"}'
        for p in repo.rglob("*.yaml")
    }
    (repo / CACHE_DIR / PARSED).write_text(
        json.dumps({"format": "procmodel-parse-cache 1", "entries": {**forged}}), encoding="utf-8"
    )
    assert check() == cold
    assert parsed_entries(repo).keys() == entries.keys()  # the forged ones dropped, the real ones back


@pytest.mark.parametrize("content", [b"\xff", b"[" * 100_000, b'{"format": "procmodel-parse-cache 1"}'])
def test_a_corrupt_parse_cache_is_ignored(repo: Path, content: bytes) -> None:
    cold = check()
    shutil.rmtree(repo / CACHE_DIR / "check")
    (repo / CACHE_DIR / PARSED).write_bytes(content)
    assert check() == cold
