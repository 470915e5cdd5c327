"""A page per unit ("Så gör vi på …") and the list of units, for both audiences."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from procmodel import load_repository
from procmodel.site.pages import generate_site
from procmodel.site.unit_page import unit_path
from procmodel.units_report import full_report
from tests.rules.test_rule_cases import copy_case

LIBRARY = Path(__file__).parents[2] / "processes"
CASES = Path(__file__).parents[1] / "rules" / "cases"


def test_each_unit_has_a_page_with_its_people_and_variants() -> None:
    repo = load_repository(LIBRARY)
    site = generate_site(repo, audience="staff", lang="sv")
    assert "enheter/index.md" in site.files
    assert {unit_path(u) for u in repo.units} <= set(site.files)
    page = html.unescape(site.files[unit_path("ekbackegymnasiet")])
    assert "Så gör vi på Ekbackegymnasiet" in page
    assert "Jon Jäsning" in page and "gymnasieskola" in page
    assert "Utelämnat steg 'veckogenomgång': Närvaroteamets dagliga genomgång" in page
    assert 'href="../../processer/fr%C3%A5nvarohantering/"' in page  # the central process
    assert 'href="../../processer/fr%C3%A5nvarohantering%40ekbackegymnasiet/">vår variant</a>' in page
    assert "Vi följer alla centrala processer som de är." in site.files[unit_path("strandgymnasiet")]
    assert {"Enheter": "enheter/index.md"} in site.nav


def test_a_staff_only_variant_is_absent_from_the_public_build(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CASES / "PM704-variant-drops-required-goal" / "valid", root)
    central = root / "p" / "kränkning.yaml"
    central.write_text(central.read_text(encoding="utf-8") + "audience: staff\n", encoding="utf-8")
    repo = load_repository(root)
    staff = html.unescape(generate_site(repo, audience="staff", lang="en").files[unit_path("ekskolan")])
    public = html.unescape(generate_site(repo, audience="public", lang="en").files[unit_path("ekskolan")])
    assert "kränkning@ekskolan" in repo.variants
    assert "Step 'anmäl': own role, instructions" in staff
    assert "anmäl" not in public and "We follow every central process as it is." in public


def test_a_repository_without_units_has_no_unit_pages(tmp_path: Path) -> None:
    repo = load_repository(copy_case(CASES / "PM203-unreachable-step" / "valid", tmp_path / "repo"))
    site = generate_site(repo, audience="staff", lang="en")
    assert not [p for p in site.files if p.startswith("enheter/")]


def test_the_likvärdighet_page_shows_the_matrix_for_each_audience() -> None:
    repo = load_repository(LIBRARY)
    staff = generate_site(repo, audience="staff", lang="sv")
    public = generate_site(repo, audience="public", lang="sv")
    for site in (staff, public):
        assert {"Likvärdighet": "likvärdighet.md"} in site.nav
        page = html.unescape(site.files["likvärdighet.md"])
        assert '<table class="pm-likv pm-sortable"' in page and 'scope="row"' in page
        assert 'processer/fr%C3%A5nvarohantering%40ekbackegymnasiet/"' in site.files["likvärdighet.md"]
        assert "pm-cell--goal" in page  # Ekbacke's frånvaro variant changes goal-serving steps
        assert "pm-cell--not-applicable" in page and "pm-cell--missing" in page
    staff_page, public_page = staff.files["likvärdighet.md"], public.files["likvärdighet.md"]
    assert "beredskap-vid-v%C3%A5ld%40norrbyskolan" in staff_page
    assert "beredskap-vid-v%C3%A5ld" not in public_page  # a staff-only process and its variant
    index = html.unescape(staff.files["enheter/index.md"])
    lillhagen = {r.id: r for r in full_report(repo).units}["lillhagenskolan"].coverage
    assert f"<td>{len(lillhagen.served)}/{lillhagen.required}</td>" in index
    unit = html.unescape(staff.files[unit_path("lillhagenskolan")])
    assert f"Vi arbetar mot {len(lillhagen.served)} av {lillhagen.required} obligatoriska mål." in unit
    assert "vår variant, 2 steg ändrade" in unit and "inte fastställd än" in unit
    process = html.unescape(staff.files["processer/övergång-förskola-skola.md"])
    assert "<dt>Gäller</dt><dd>förskola; förskoleklass</dd>" in process
