"""`procmodel goals import-sfs` and `procmodel goals changes`, on small fixtures and the real skollag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procmodel import load_repository
from tests.cli.goals_helpers import copy_processes, goals_by_id, run_goals

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "cli" / "goals-fixture"
LAWS = ROOT / "tests" / "statutes" / "fixtures"
STATUTES = ROOT / ".." / "shared" / "statutes"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_processes(FIXTURE, tmp_path)


def test_import_sets_official_text_in_place_and_keeps_comments_and_local_fields(repo: Path) -> None:
    catalog = repo / "goals" / "minilag.yaml"
    code, out, _ = run_goals("import-sfs", str(LAWS / "minilag.md"), "--catalog", str(catalog))
    assert code == 0, out
    text = catalog.read_text(encoding="utf-8")
    assert text.startswith("# Övningslagen – de paragrafer vi bygger på.\n")
    assert "# Rektorns uppdrag: vår egen kommentar ska stå kvar." in text
    goals = goals_by_id(catalog)
    two = goals["ml-1-2"]
    assert two["wording"] == "official" and two["source"] == "SFS 2099:1 i lydelse t.o.m. SFS 2099:9"
    assert two["text"] == (
        "Varje kommun ska ha en övningsskola. Skolan ska ledas av en rektor.\n\n"
        "Rektorn ska särskilt verka för att utbildningen utvecklas. Lag (2099:7)."
    )
    assert two["note"] == "Vår lokala anmärkning." and two["title"] == "Rektor"
    assert list(two) == ["id", "number", "title", "text", "wording", "source", "note"]
    assert goals["ml-1-2a"]["text"].startswith(
        "Rektorn får inte överlåta beslut om\n1. avstängning enligt 3 §,"
    )
    assert goals["ml-1"]["title"] == "Inledande bestämmelser"  # the chapter heading corrected
    # 2 kap. 3 § has two versions in the file: not imported, and no longer claimed official
    assert (
        goals["ml-2-3"]["wording"] == "unverified"
        and goals["ml-2-3"]["text"] == "Huvudmannen tar emot klagomål."
    )
    assert goals["ml-2-9"]["text"] == "Finns inte i lagen." and "wording" not in goals["ml-2-9"]
    assert "several versions" in out and "ml-2-3" in out and "not in the statute file" in out
    load_repository(repo)  # still a valid catalog


def test_import_twice_changes_nothing_and_dry_run_reports(repo: Path) -> None:
    catalog = repo / "goals" / "minilag.yaml"
    law = str(LAWS / "minilag.md")
    assert run_goals("import-sfs", law, "--catalog", str(catalog), "--dry-run")[0] == 1
    assert "would change" in run_goals("import-sfs", law, "--catalog", str(catalog), "--dry-run")[1]
    run_goals("import-sfs", law, "--catalog", str(catalog))
    before = catalog.read_bytes()
    code, out, _ = run_goals("import-sfs", law, "--catalog", str(catalog), "--dry-run")
    assert code == 0 and "nothing to change" in out
    assert catalog.read_bytes() == before


def test_import_adds_a_paragraph_under_its_chapter(repo: Path) -> None:
    catalog = repo / "goals" / "minilag.yaml"
    code, out, _ = run_goals(
        "import-sfs", str(LAWS / "minilag.v2.md"), "--catalog", str(catalog), "--add", "1 kap. 2 b §"
    )
    assert code == 0, out
    goals = goals_by_id(catalog)
    new = goals["ml-1-2b"]
    assert new["number"] == "1 kap. 2 b §" and new["wording"] == "official"
    assert new["text"] == "Elevrådet ska höras. Lag (2100:3)."
    assert "ml-1-2b" in [g["id"] for g in goals["ml-1"]["goals"]]
    code, _, err = run_goals(
        "import-sfs", str(LAWS / "minilag.v2.md"), "--catalog", str(catalog), "--add", "9 kap. 1 §"
    )
    assert code == 2 and "is not in the statute file" in err


def test_import_finds_the_catalog_by_its_reference(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.parent)
    code, out, _ = run_goals("import-sfs", str(LAWS / "minilag.md"))
    assert code == 0 and "processes/goals/minilag.yaml: updated." in out
    code, _, err = run_goals("import-sfs", str(LAWS / "utan-kapitel.md"))
    assert code == 2 and "no catalog" in err and "reference: SFS 2098:2" in err


def test_bad_input_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    not_a_law = tmp_path / "anteckning.md"
    not_a_law.write_text("# Bara text\n", encoding="utf-8")
    code, _, err = run_goals("import-sfs", str(not_a_law), "--catalog", str(repo / "goals" / "minilag.yaml"))
    assert code == 2 and "anteckning.md:1:1: no front matter" in err and "Traceback" not in err
    broken = tmp_path / "trasig.yaml"
    broken.write_text("id: x\ngoals: [\n", encoding="utf-8")
    code, _, err = run_goals("import-sfs", str(LAWS / "minilag.md"), "--catalog", str(broken))
    assert code == 2 and "trasig.yaml:3:1: not valid YAML" in err


def test_changes_lists_changed_added_and_repealed_with_serving_steps(repo: Path) -> None:
    code, out, _ = run_goals(
        "changes", str(LAWS / "minilag.md"), str(LAWS / "minilag.v2.md"), "--processes", str(repo)
    )
    assert code == 0
    assert "1 kap. 2 §  ändrad\n  mål ml-1-2 (minilag)\n    ledning / led" in out
    assert "1 kap. 2 a §  upphävd\n  mål ml-1-2a (minilag)\n    inget steg" in out
    assert "1 kap. 2 b §  ny\n  inget mål i katalogen" in out
    assert "2 kap. 3 §  ändrad" in out  # two versions became one
    assert "2 kap. 4 §" not in out and "1 kap. 1 §" not in out  # whitespace only, and unchanged
    assert "Processer att granska: ledning" in out


def test_changes_json_and_markdown(repo: Path) -> None:
    args = ("changes", str(LAWS / "minilag.md"), str(LAWS / "minilag.v2.md"), "--processes", str(repo))
    data = json.loads(run_goals(*args, "--format", "json")[1])
    assert data["statute"] == "2099:1" and data["old"]["file"] == "minilag.md"
    by = {c["paragraph"]: c for c in data["changes"]}
    assert set(by) == {"1 kap. 2 §", "1 kap. 2 a §", "1 kap. 2 b §", "2 kap. 3 §"}
    assert by["1 kap. 2 §"]["goals"][0]["steps"] == [{"process": "ledning", "step": "led", "via": None}]
    assert by["1 kap. 2 b §"]["change"] == "added" and by["1 kap. 2 b §"]["old"] == []
    md = run_goals(*args, "--format", "markdown")[1]
    assert "| 1 kap. 2 § | ändrad | `ml-1-2` | ledning / led |" in md
    assert "**Processer att granska:** ledning" in md


def test_changes_refuses_two_different_statutes(repo: Path) -> None:
    code, _, err = run_goals(
        "changes", str(LAWS / "minilag.md"), str(LAWS / "utan-kapitel.md"), "--processes", str(repo)
    )
    assert code == 2 and "same statute" in err


def test_changes_between_the_two_real_skollag_versions() -> None:
    old, new = STATUTES / "sfs-2010-800.2025-07-01.md", STATUTES / "sfs-2010-800.md"
    code, out, _ = run_goals("changes", str(old), str(new), "--processes", str(ROOT / "processes"))
    assert code == 0
    assert "\n2 kap. 1 §  ändrad\n" in out
    assert "\n28 kap. 3 §  " in out
    assert "Processer att granska: " in out or "Ingen process arbetar mot en ändrad paragraf." in out
