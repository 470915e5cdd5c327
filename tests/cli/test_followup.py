"""``procmodel followup report`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.followup.conftest import FIXTURE
from tests.helpers import run_procmodel

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "processes"


@pytest.mark.parametrize("period", ["2025-ht", "2026-vt"])
def test_json_lists_every_units_level_per_goal(period: str) -> None:
    """Done when: `followup report --format json` for a period lists every unit's levels per goal."""
    run = run_procmodel("followup", "report", str(LIBRARY), "--period", period, "--format", "json", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["period"] == period
    organisation = yaml.safe_load((LIBRARY / "organisation.yaml").read_text(encoding="utf-8"))
    assert [u["id"] for u in report["units"]] == [u["id"] for u in organisation["units"]]
    for unit in report["units"]:
        path = LIBRARY / "uppföljning" / unit["id"] / f"{period}.yaml"
        written = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {"assessments": []}
        assert {g: cell["level"] for g, cell in unit["levels"].items()} == {
            a["goal"]: str(a["level"]) for a in written["assessments"]
        }, unit["id"]
        assert (unit["file"] is not None) == path.exists()
    columns = {g["id"] for g in report["goals"]}
    assert columns == {g for unit in report["units"] for g in unit["levels"]}
    assert len([u for u in report["units"] if u["levels"]]) >= 4


def test_text_and_markdown_name_the_units_and_goals(tmp_path: Path) -> None:
    text = run_procmodel("followup", "report", str(FIXTURE), "--lang", "en", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "Follow-up Hösten 2025 (2025-ht), assessments due 2026-01-31" in text.stdout
    assert "Lindskolan  uppfyllt uppfyllt" in text.stdout
    assert "1.2 Kränkningar upptäcks tidigt (inga-kränkningar)" in text.stdout
    assert "Askskolan (due 2026-01-31, past)" in text.stdout
    assert (
        "Lindskolan: 'Rastvärdar i korridoren' (rektor), due 2026-02-01, 28 days ago, in progress"
        in text.stdout
    )
    out = tmp_path / "rapport.md"
    md = run_procmodel(
        "followup",
        "report",
        str(FIXTURE),
        "--format",
        "markdown",
        "-o",
        str(out),
        "--lang",
        "sv",
        cwd=tmp_path,
    )
    assert md.returncode == 0 and md.stdout == ""
    table = out.read_text(encoding="utf-8")
    assert "| Enhet | 1.1 Alla elever känner sig trygga | 1.2 Kränkningar upptäcks tidigt |" in table
    assert "| Ekskolan | – | delvis |" in table


def test_an_unknown_period_is_a_usage_error_naming_the_known_ones(tmp_path: Path) -> None:
    run = run_procmodel(
        "followup", "report", str(FIXTURE), "--period", "2025-vt", "--lang", "en", cwd=tmp_path
    )
    assert run.returncode == 2
    assert "unknown period '2025-vt' (known: 2025-ht, 2026-vt)" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_help_in_both_languages(lang: str, tmp_path: Path) -> None:
    run = run_procmodel("--lang", lang, "followup", "report", "--help", cwd=tmp_path)
    assert run.returncode == 0
    words = {"sv": "Uppföljningen av en period", "en": "The follow-up of one period"}
    assert words[lang] in run.stdout
