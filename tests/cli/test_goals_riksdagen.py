"""`procmodel goals import-sfs` on Riksdagen's open data: files, --fetch over real HTTP, and 'changed'."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from tests.cli.goals_helpers import copy_processes, goals_by_id, run_goals
from tests.local_http import closed_port_url, serve

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "cli" / "goals-fixture"
LAWS = ROOT / "tests" / "statutes" / "fixtures"
RIKSDAGEN = LAWS / "riksdagen"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_processes(FIXTURE, tmp_path)


@pytest.mark.parametrize("name", ["sfs-2099-1.text", "sfs-2099-1.json"])
def test_import_from_a_riksdagen_file_equals_the_markdown_import(
    repo: Path, tmp_path: Path, name: str
) -> None:
    catalog = repo / "goals" / "minilag.yaml"
    other = tmp_path / "minilag-md.yaml"
    shutil.copy(catalog, other)
    assert (
        run_goals("import-sfs", str(RIKSDAGEN / name), "--catalog", str(catalog), "--as-of", "2026-12-01")[0]
        == 0
    )
    assert run_goals("import-sfs", str(LAWS / "minilag.md"), "--catalog", str(other))[0] == 0
    ours, theirs = goals_by_id(catalog), goals_by_id(other)
    for gid in ("ml-1-2", "ml-1-2a"):
        assert ours[gid]["text"] == theirs[gid]["text"] and ours[gid]["wording"] == "official"
        assert ours[gid]["source"] == "SFS 2099:1 i lydelse t.o.m. SFS 2099:9"
    # Riksdagen marks which version of 2 kap. 3 § is in force: that one is imported
    assert ours["ml-2-3"]["text"] == "Huvudmannen ska ta emot och utreda klagomål. Lag (2099:5)."
    assert ours["ml-2-3"]["wording"] == "official"
    assert "# Rektorns uppdrag: vår egen kommentar ska stå kvar." in catalog.read_text(encoding="utf-8")


def test_fetch_by_sfs_number_over_http(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (RIKSDAGEN / "sfs-2099-1.json").read_bytes()
    with serve({"/dokument/sfs-2099-1.json": (200, body)}) as (base, asked):
        monkeypatch.setenv("PROCMODEL_RIKSDAGEN_URL", f"{base}/dokument")
        code, out, err = run_goals(
            "import-sfs", "--fetch", "2099:1", "--catalog", str(repo / "goals" / "minilag.yaml")
        )
    assert code == 0, err
    assert asked == ["/dokument/sfs-2099-1.json"]
    assert goals_by_id(repo / "goals" / "minilag.yaml")["ml-1-2"]["wording"] == "official"
    assert "updated." in out


def test_fetch_errors_are_clear_and_leave_the_catalog_alone(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = repo / "goals" / "minilag.yaml"
    before = catalog.read_bytes()
    monkeypatch.setenv("PROCMODEL_RIKSDAGEN_URL", closed_port_url())
    code, _, err = run_goals("import-sfs", "--fetch", "2099:1", "--catalog", str(catalog), "--timeout", "5")
    assert code == 1 and "cannot reach 127.0.0.1" in err and "give the file instead" in err
    assert "Traceback" not in err
    with serve({"/dokument/sfs-2099-2.json": (200, b"<html>Sidan finns inte</html>")}) as (base, _):
        monkeypatch.setenv("PROCMODEL_RIKSDAGEN_URL", f"{base}/dokument")
        code, _, err = run_goals("import-sfs", "--fetch", "2099:1", "--catalog", str(catalog))
        assert code == 1 and "HTTP 404" in err and "sfs-2099-1.json" in err
        code, _, err = run_goals("import-sfs", "--fetch", "2099:2", "--catalog", str(catalog))
        assert code == 1 and "sfs-2099-2.json:1:1: not valid JSON" in err
    code, _, err = run_goals("import-sfs", "--fetch", "tvåtusen", "--catalog", str(catalog))
    assert code == 1 and "give an SFS number like 2010:800" in err
    code, _, err = run_goals("import-sfs", str(RIKSDAGEN / "sfs-2099-1.json"), "--fetch", "2099:1")
    assert code == 2 and "either FILE or --fetch" in err
    assert catalog.read_bytes() == before


def test_a_changed_official_text_is_dated_and_reviewed_processes_get_pm406(repo: Path) -> None:
    catalog = repo / "goals" / "minilag.yaml"
    assert run_goals("import-sfs", str(LAWS / "minilag.md"), "--catalog", str(catalog))[0] == 0
    first = goals_by_id(catalog)["ml-1-2"]
    assert "changed" not in first  # a summary became official: not a change of the law
    code, out, _ = run_goals(
        "import-sfs", str(LAWS / "minilag.v2.md"), "--catalog", str(catalog), "--changed-on", "2100-02-01"
    )
    assert code == 0 and "official text changed" in out and "ml-1-2 " in out
    goal = goals_by_id(catalog)["ml-1-2"]
    assert str(goal["changed"]) == "2100-02-01" and goal["changed_by"] == "SFS 2100:3"
    assert list(goal)[-3:] == ["changed", "changed_by", "note"]  # placed after 'source', local note kept
    process = repo / "rutiner" / "ledning.yaml"
    process.write_text(
        process.read_text(encoding="utf-8").replace(
            "owner: rektor\n", "owner: rektor\nreviewed: 2026-01-10\n"
        ),
        encoding="utf-8",
    )
    found = [f for f in check_repository(load_repository(repo)) if f.rule == "PM407"]
    where = [(Path(f.file or "").parts[-2:], f.location.line if f.location else None) for f in found]
    assert where == [(("rutiner", "ledning.yaml"), 13)]  # the step's goals entry
    assert (
        "changed on 2100-02-01 (SFS 2100:3), after the process was reviewed on 2026-01-10" in found[0].message
    )


def test_changes_compares_a_riksdagen_file_with_a_markdown_file(repo: Path) -> None:
    code, out, _ = run_goals(
        "changes", str(RIKSDAGEN / "sfs-2099-1.json"), str(LAWS / "minilag.v2.md"), "--processes", str(repo)
    )
    assert code == 0
    assert "1 kap. 2 §  ändrad\n  mål ml-1-2 (minilag)\n    ledning / led" in out
    assert "1 kap. 2 b §  ny" in out
