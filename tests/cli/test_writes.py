"""`init`, `schemas` and `check -o` on folders they cannot write: a clear message, exit 2, nothing left."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from procmodel.cli import cli
from procmodel.schemas import schema_documents
from tests.bpmn.test_cli import run
from tests.bpmn.test_cli_writes import run_on_a_full_disk

HEL = Path(__file__).parent / "check-fixtures" / "hel"


def test_init_refuses_an_existing_schemas_folder_and_lists_every_file(tmp_path: Path) -> None:
    mine = tmp_path / "schemas" / "process.schema.json"
    mine.parent.mkdir()
    mine.write_text("{}", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("mitt\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already holds 2 of the files init writes" in result.output
    assert "  .gitignore\n" in result.output and "  schemas/process.schema.json\n" in result.output
    assert "Nothing was written" in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == [".gitignore", "process.schema.json", "schemas"]
    assert mine.read_text(encoding="utf-8") == "{}"
    assert CliRunner().invoke(cli, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert mine.read_text(encoding="utf-8") != "{}"


def test_init_on_a_full_disk_leaves_no_half_made_repository(tmp_path: Path) -> None:
    done = run_on_a_full_disk("init", str(tmp_path / "ny"))
    assert done.returncode == 2, done.stderr
    assert f"procmodel: cannot write {tmp_path / 'ny'}" in done.stderr and "File too large" in done.stderr
    assert "internal error" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("", encoding="utf-8")
    done = run("init", str(tmp_path / "fil" / "ny"))
    assert done.returncode == 2
    assert f"procmodel: cannot write {tmp_path / 'fil'}: Not a directory" in done.stderr


def test_schemas_on_a_full_disk_writes_none(tmp_path: Path) -> None:
    done = run_on_a_full_disk("schemas", "--out", str(tmp_path / "s"))
    assert done.returncode == 2 and "cannot write" in done.stderr and "internal error" not in done.stderr
    assert list(tmp_path.iterdir()) == []
    done = run("schemas", "--out", str(tmp_path / "s"))
    assert done.returncode == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(schema_documents())


def test_check_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    repo = tmp_path / "hel"
    shutil.copytree(HEL, repo)
    (tmp_path / "fil").write_text("", encoding="utf-8")
    done = run("check", str(repo), "-o", str(tmp_path / "fil" / "rapport.txt"))
    assert done.returncode == 2
    assert f"cannot write {tmp_path / 'fil' / 'rapport.txt'}: Not a directory" in done.stderr
    done = run_on_a_full_disk("check", str(repo), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert done.returncode == 2 and f"cannot write {tmp_path / 'r.json'}: File too large" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fil", "hel"]


def test_build_on_a_full_disk_keeps_the_old_site_and_leaves_no_partial_one(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    (tmp_path / "mkdocs.yml").unlink()  # the built-in configuration: the site goes to site/
    old = tmp_path / "site" / "gammal.html"
    old.parent.mkdir()
    old.write_text("gammal", encoding="utf-8")
    done = run_on_a_full_disk("build", "processes", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"procmodel: cannot write {tmp_path / 'site'}: File too large" in done.stderr
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["gammal.html"]
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
    done = run("build", "processes", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file() and not old.exists()
