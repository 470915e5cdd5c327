"""The site never shows a summary or an unchecked text as official, nor a local deadline as law."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.site import generate_site

from .site_helpers import BASIC


@pytest.fixture(scope="module")
def staff(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("provenance") / "repo"
    shutil.copytree(BASIC, root)
    goals = root / "goals" / "skollagen.yaml"
    text = goals.read_text(encoding="utf-8")
    text = text.replace(
        "är skyldig att anmäla detta till rektorn.\n",
        "är skyldig att anmäla detta till rektorn.\n"
        "        wording: official\n"
        "        source: SFS 2010:800 i lydelse t.o.m. SFS 2025:729\n"
        "        changed: 2025-09-01\n"
        "        changed_by: SFS 2025:625\n",
        1,
    )
    text = text.replace(
        "utsätts för kränkande behandling.\n",
        "utsätts för kränkande behandling.\n        wording: summary\n",
        1,
    )
    goals.write_text(text, encoding="utf-8")
    km = root / "goals" / "km.yaml"
    km.write_text(
        km.read_text(encoding="utf-8").replace(
            "    title: Alla elever ska känna sig trygga\n",
            "    title: Alla elever ska känna sig trygga\n    text: Nämndens eget mål för tryggheten.\n",
            1,
        ),
        encoding="utf-8",
    )
    process = root / "flöden" / "anmälan.yaml"
    process.write_text(
        process.read_text(encoding="utf-8").replace(
            "    deadline: Samma dag\n",
            "    deadline: {text: Skyndsamt, basis: law, citation: 6 kap. 10 § skollagen}\n",
            1,
        ),
        encoding="utf-8",
    )
    return generate_site(load_repository(root), audience="staff")


def test_official_text_is_quoted_with_its_source(staff):
    page = staff.files["mål/sl-6-10.md"]
    assert "Officiell lydelse" in page
    assert '<blockquote class="pm-goal-text pm-goal-text--official"' in page
    assert "SFS 2010:800 i lydelse t.o.m. SFS 2025:729" in page
    assert "Sammanfattning" not in page and "Ej verifierad" not in page
    assert "Lydelsen senast ändrad:</span> 2025-09-01 (SFS 2025:625)" in page  # when the text changed


def test_a_goal_whose_text_never_changed_shows_no_date(staff):
    assert "Lydelsen senast ändrad" not in staff.files["mål/sl-6-7.md"]


def test_summary_is_labelled_and_not_set_as_a_quotation(staff):
    page = staff.files["mål/sl-6-7.md"]
    assert "Sammanfattning – inte lagtext" in page
    assert "Officiell lydelse" not in page
    assert "<blockquote" not in page
    assert '<div class="pm-goal-text pm-goal-text--summary"' in page


def test_text_without_a_wording_is_unverified(staff):
    page = staff.files["mål/sl-3-9.md"]
    assert "Ej verifierad" in page and "Officiell lydelse" not in page and "<blockquote" not in page


def test_municipal_goals_carry_no_wording_label(staff):
    page = staff.files["mål/km-trygg.md"]
    assert "Nämndens eget mål för tryggheten." in page and "pm-goal-text--own" in page
    assert "Ej verifierad" not in page and "Officiell lydelse" not in page


def test_law_and_local_deadlines_look_different(staff):
    anmälan = staff.files["processer/anmälan.md"]
    assert "Skyndsamt (" in anmälan and "Lagkrav</span>" not in anmälan
    assert "pm-deadline-basis--law" in anmälan and "Lagkrav: 6 kap. 10 § skollagen" in anmälan
    pages = "".join(v for k, v in staff.files.items() if k.startswith("processer/") and isinstance(v, str))
    local = [
        p for p in pages.split('class="pm-deadline"')[1:] if "pm-deadline-basis--local" in p.split("</p>")[0]
    ]
    assert local, "the fixture's plain-text deadlines are shown as local routines"
    assert all("Lokal rutin" in p.split("</p>")[0] and "Lagkrav" not in p.split("</p>")[0] for p in local)


def test_role_page_shows_the_basis_too(staff):
    mentor = staff.files["roller/mentor.md"]
    assert "Lagkrav: 6 kap. 10 § skollagen" in mentor


def test_example_library_has_no_unlabelled_official_claims():
    root = Path(__file__).resolve().parents[2] / "processes"
    repo = load_repository(root)
    for goal in repo.goals.values():
        if goal.wording.value == "official":
            assert goal.source, f"{goal.id} is official but names no source"
