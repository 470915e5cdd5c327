"""`procmodel goals import-curriculum`: Skolverket's Syllabus API into a catalog, by file or over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from tests.cli.goals_helpers import copy_processes, goals_by_id, run_goals
from tests.local_http import closed_port_url, serve

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "curriculum" / "fixtures"


def run(*args: str) -> tuple[int, str, str]:
    return run_goals("import-curriculum", *args)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_processes(FIXTURES / "repo", tmp_path)


def with_inserted_item(tmp_path: Path) -> Path:
    """The fixture answer with a new first item in the Mål list of 2.1 (as when Skolverket adds one)."""
    doc = json.loads((FIXTURES / "lgr22.json").read_text(encoding="utf-8"))
    section = doc["curriculum"]["sections"][0]
    section["content"] = section["content"].replace(
        "<p>Skolans mål är att varje elev</p><ul>",
        "<p>Skolans mål är att varje elev</p><ul><li><p>tar ansvar för sin egen hälsa,</p></li>",
    )
    path = tmp_path / "lgr22-ny.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_matches_by_text_adds_with_text_ids_and_keeps_comments(repo: Path) -> None:
    catalog = repo / "goals" / "lgr22.yaml"
    code, out, _ = run(str(FIXTURES / "lgr22.json"), "--catalog", str(catalog))
    assert code == 0, out
    text = catalog.read_text(encoding="utf-8")
    assert text.startswith("# Lgr22 i liten skala: den här kommentaren ska stå kvar efter importen.\n")
    assert "      # Vår kommentar till första målet.\n      - id: lgr22-2.1-mal-01\n" in text  # style kept
    got = goals_by_id(catalog)
    two = got["lgr22-2.1-mal-02"]  # same text (list punctuation aside): same id
    assert two["text"] == "respekterar andra människors egenvärde," and two["wording"] == "official"
    assert two["source"].startswith("SKOLFS 2010:37 i lydelse enligt SKOLFS 2022:13")
    one = got["lgr22-2.1-mal-01"]  # reworded ('personliga' → 'egna'): matched by similarity, id and note kept
    assert (
        one["text"].endswith("samt egna erfarenheter,")
        and one["note"] == "Lokal anmärkning som ska stå kvar."
    )
    assert "changed" not in one  # it was not official before: not a change of the curriculum
    assert got["lgr22-2.1-mal-05"]["number"] == "2.1 mål 4"  # the label follows the place; the id does not
    new = [gid for gid in got if gid.startswith("lgr22-2.1-mal-") and len(gid) == len("lgr22-2.1-mal-") + 6]
    assert len(new) == 1 and got[new[0]]["text"].startswith("tar avstånd från")
    assert got["lgr22-2.1-mal-09"]["wording"] == "unverified"  # no longer in the curriculum: not official
    assert got["lgr22-2.8-rl-rektorn"]["title"] == "Rektorns ansvar"
    assert "reworded in the curriculum" in out and "lgr22-2.1-mal-09" in out
    load_repository(repo)  # still a valid repository, the process's goals still resolve
    assert not [f for f in check_repository(load_repository(repo)) if f.rule == "PM102"]


def test_an_inserted_item_changes_no_id(repo: Path, tmp_path: Path) -> None:
    catalog = repo / "goals" / "lgr22.yaml"
    run(str(FIXTURES / "lgr22.json"), "--catalog", str(catalog))
    before = {gid: g.get("text") for gid, g in goals_by_id(catalog).items()}
    code, out, _ = run(str(with_inserted_item(tmp_path)), "--catalog", str(catalog))
    assert code == 0, out
    after = goals_by_id(catalog)
    for gid, text in before.items():
        assert after[gid].get("text") == text  # every id still holds the same text
    (added,) = set(after) - set(before)
    assert after[added]["text"] == "tar ansvar för sin egen hälsa," and after[added]["number"] == "2.1 mål 1"
    assert after["lgr22-2.1-mal-02"]["number"] == "2.1 mål 3"
    code, out, _ = run(str(with_inserted_item(tmp_path)), "--catalog", str(catalog), "--dry-run")
    assert code == 0 and "nothing to change" in out


def test_a_changed_official_item_is_dated_for_pm406(repo: Path, tmp_path: Path) -> None:
    catalog = repo / "goals" / "lgr22.yaml"
    run(str(FIXTURES / "lgr22.json"), "--catalog", str(catalog))
    doc = json.loads((FIXTURES / "lgr22.json").read_text(encoding="utf-8"))
    section = doc["curriculum"]["sections"][0]
    section["content"] = section["content"].replace(
        "respekterar andra människors egenvärde,", "respekterar andra människors lika värde och egenvärde,"
    )
    doc["curriculum"]["version"] = 8
    changed = tmp_path / "lgr22-v8.json"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(str(changed), "--catalog", str(catalog), "--changed-on", "2026-11-20")
    assert code == 0 and "official text changed" in out
    goal = goals_by_id(catalog)["lgr22-2.1-mal-02"]
    assert goal["text"] == "respekterar andra människors lika värde och egenvärde,"
    assert str(goal["changed"]) == "2026-11-20"
    found = [f for f in check_repository(load_repository(repo)) if f.rule == "PM407"]
    assert len(found) == 1 and "lgr22-2.1-mal-02" in found[0].message and "2026-01-10" in found[0].message


def test_fetch_by_code_over_http_and_clear_errors(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = repo / "goals" / "lgr22.yaml"
    body = (FIXTURES / "lgr22.json").read_bytes()
    with serve({"/syllabus/v1/curriculums/LGR22": (200, body)}) as (base, asked):
        monkeypatch.setenv("PROCMODEL_SYLLABUS_URL", f"{base}/syllabus/v1")
        monkeypatch.chdir(repo.parent)
        code, out, err = run("LGR22")  # the catalog found by its id/short
        assert code == 0, err
        assert asked == ["/syllabus/v1/curriculums/LGR22"] and "processes/goals/lgr22.yaml: updated." in out
        before = catalog.read_bytes()
        code, _, err = run("GY11", "--catalog", str(catalog))
        assert code == 1 and "HTTP 404" in err and "curriculums/GY11" in err
    monkeypatch.setenv("PROCMODEL_SYLLABUS_URL", closed_port_url())
    code, _, err = run("LGR22", "--catalog", str(catalog), "--timeout", "5")
    assert code == 1 and "cannot reach 127.0.0.1" in err and "Traceback" not in err
    code, _, err = run("inte/en/kod", "--catalog", str(catalog))
    assert code == 1 and "not a curriculum code" in err
    assert catalog.read_bytes() == before


def test_a_bad_file_names_itself(repo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "svar.json"
    bad.write_text('{"curriculum": ', encoding="utf-8")
    code, _, err = run(str(bad), "--catalog", str(repo / "goals" / "lgr22.yaml"))
    assert code == 2 and "svar.json:1:16: not valid JSON" in err
