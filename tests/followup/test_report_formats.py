"""The follow-up report as text, Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from procmodel import load_repository
from procmodel.followup.report import followup_report
from procmodel.followup.report_formats import as_json, as_markdown, as_text


def test_json_holds_the_matrix_as_data(repo_dir: Path) -> None:
    data = json.loads(as_json(followup_report(load_repository("."), "2025-ht")))
    assert set(data) == {
        "period",
        "title",
        "due",
        "today",
        "periods",
        "scale",
        "goals",
        "units",
        "missing",
        "overdue",
    }
    lind = next(u for u in data["units"] if u["id"] == "lindskolan")
    assert lind["levels"]["trygga-elever"] == {
        "level": "uppfyllt", "label": "Uppfyllt", "rank": 2, "analysis": None, "evidence": [],
    }  # fmt: skip
    assert data["overdue"][0]["file"] == "uppföljning/lindskolan/2026-vt-plan.yaml"


def test_markdown_escapes_a_pipe_in_a_name(repo_dir: Path) -> None:
    org = repo_dir / "organisation.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("name: Ekskolan", "name: Ek | skolan"), encoding="utf-8"
    )
    md = as_markdown(followup_report(load_repository("."), "2025-ht"))
    assert "| Ek \\| skolan | – | delvis |" in md


def test_text_without_assessments_says_so(repo_dir: Path) -> None:
    text = as_text(followup_report(load_repository("."), "2026-vt"))
    assert "No unit has assessed this period yet." in text
    assert "Ekskolan (due 2026-06-30)" in text
