"""The follow-up on the site: the unit × goal matrix, the units' nulägesanalys and work plans,
charts with their tables, "Mina åtgärder", and the follow-up's dates on the annual wheel."""

from __future__ import annotations

import html
import re
import shutil
from functools import cache
from pathlib import Path

import icalendar
from lxml import etree

from procmodel import load_repository
from procmodel.site import urls
from procmodel.site.calendar_page import ics_path, wheel_path
from procmodel.site.followup_urls import (
    chart_path,
    followup_index,
    followup_unit_path,
    indicator_path,
    matrix_path,
    plan_path,
)
from procmodel.site.pages import GeneratedSite, generate_site
from procmodel.site.unit_page import unit_path

FIXTURE = Path(__file__).parent / "fixtures" / "followup"


@cache
def _site(audience: str = "public", lang: str = "sv") -> GeneratedSite:
    return generate_site(load_repository(FIXTURE), audience=audience, lang=lang)  # type: ignore[arg-type]


def _page(path: str, audience: str = "public") -> str:
    content = _site(audience).files[path]
    assert isinstance(content, str)
    return html.unescape(content)


def test_the_follow_up_is_in_the_menu_with_a_matrix_per_period() -> None:
    site = _site()
    assert {"Uppföljning": followup_index()} in site.nav
    index = _page(followup_index())
    for period in ("2025-ht", "2026-vt", "2026-ht"):
        assert matrix_path(period) in site.files
    assert 'href="matris-2026-vt/"' in index and 'href="arbetsplaner/ekskolan/"' in index
    assert 'href="indikatorer/trygghet/"' in index


def test_the_matrix_has_units_as_rows_goal_areas_as_columns_and_levels_as_colour_and_text() -> None:
    page = _page(matrix_path("2026-vt"))
    table = page[page.index("<table") : page.index("</table>")]
    # goal areas head the goals they hold
    assert re.search(
        r'<th scope="colgroup" colspan="1" class="pm-goal-area" data-goal-area="km-trygghet">1 Trygghet',
        table,
    )
    assert '<th scope="col" rowspan="2">Enhet</th>' in table
    rows = re.findall(
        r'<tr data-area="(\w*)" data-skolform="([\w\s-]*)" data-unit="(\w+)">', table.replace("ö", "o")
    )
    assert [r[2] for r in rows] == ["ekskolan", "bjorkskolan"]
    assert rows[1][:2] == ("soder", "grundskola anpassad-grundskola")
    # Ekskolan rated km-trygga 2 (of 1–4): the second colour, the value and its label as text,
    # linked to the assessment on the unit's page
    cell = re.search(
        r'<td class="pm-level (pm-level--\d)" data-goal-area="km-trygghet"><a href="([^"]+)">'
        r'<span class="pm-level__value">2</span> <span class="pm-level__label">Delvis uppfyllt</span>',
        table,
    )
    assert cell is not None and cell.group(1) == "pm-level--1"
    assert cell.group(2) == "../enheter/ekskolan/#2026-vt~km-trygga"
    # Björkskolan did not rate km-godkända: an empty cell that says so to a screen reader
    assert '<span class="pm-sr">inte bedömt</span>' in table
    # filters: hidden until the script shows them; areas and school forms of the units
    form = page[page.index('<form class="pm-filter"') : page.index("</form>")]
    assert 'data-filter-for="matris-2026-vt" hidden' in form
    assert '<option value="söder">Område Söder</option>' in form
    assert '<option value="anpassad-grundskola">anpassad grundskola</option>' in form
    assert '<option value="km-lärande">2 Lärande</option>' in form


def test_a_period_without_assessments_lists_who_is_missing() -> None:
    page = _page(matrix_path("2026-ht"))
    assert "Ingen enhet har bedömt perioden än." in page
    missing = page[page.index("Nulägesanalys saknas") :]
    assert "Ekskolan" in missing and "Björkskolan" in missing and "efter sista dag" not in missing


def test_the_public_unit_page_has_levels_and_indicators_but_not_the_analysis() -> None:
    public = _page(followup_unit_path("ekskolan"))
    staff = _page(followup_unit_path("ekskolan"), "staff")
    for page in (public, staff):
        assert 'id="2026-vt~km-trygga"' in page  # where the matrix's cell leads
        assert "2 Delvis uppfyllt" in page and "Tryggare raster" in page
        assert '<a href="#diagram-trygghet">Andel trygga elever</a>' in page
    secret = (
        "Hemlig analys",
        "Hemligt sammanfattande",
        "Hemlig beskrivning",
        "intranät.example",
        "Anna Påhittad",
    )
    assert not [s for s in secret if s in public]
    assert all(s in staff for s in secret)


def test_the_work_plan_shows_who_does_what_by_when_and_what_is_overdue() -> None:
    public = _page(plan_path("ekskolan"))
    staff = _page(plan_path("ekskolan"), "staff")
    assert "Arbetsplan: Ekskolan" in public and "Tryggheten först." in public
    overdue = public[public.index('id="2026-ht~~rastvärdar"') - 60 :][:900]
    assert "pm-activity--overdue" in overdue and "försenad" in overdue and "pågår" in overdue
    assert '<time datetime="2026-11-15">2026-11-15</time>' in overdue and "Rektor" in overdue
    done = public[public.index('id="2026-ht~~vandring"') :][:600]
    assert "klar" in done and "försenad" not in done
    assert "Hemlig Person" not in public and "Hemlig Person" in staff
    assert "Hemligt skäl" not in public and "Hemligt skäl" in staff
    assert plan_path("björkskolan") not in _site().files  # no plan, no page


def test_my_actions_on_the_role_pages_are_the_open_ones() -> None:
    rektor = _page(urls.role_path("rektor"))
    mine = rektor[rektor.index("Mina åtgärder") :]
    assert "Rastvärdar vid matsalen" in mine and "Trygghetsvandring" not in mine
    assert (
        'href="../../uppföljning/arbetsplaner/ekskolan/#2026-ht~~rastvärdar"'.replace("ö", "%C3%B6").replace(
            "ä", "%C3%A4"
        )
        in mine
    )
    lärare = _page(urls.role_path("lärare"))
    assert "Värdegrundslektioner" in lärare and "Struken aktivitet" not in lärare


def test_charts_are_svg_with_a_table_on_the_indicator_goal_and_unit_pages() -> None:
    site = _site()
    svg = site.files[chart_path("trygghet")]
    assert isinstance(svg, str)
    root = etree.fromstring(svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(t for t in root.itertext())
    assert "Ekskolan" in texts and "Björkskolan" in texts and "Årshjulskommunen, alla enheter" in texts
    assert "<dc:date>" not in svg  # no build date: the same bytes every build
    assert (
        svg
        == generate_site(load_repository(FIXTURE), audience="public", lang="sv").files[chart_path("trygghet")]
    )
    pages = [
        (indicator_path("trygghet"), None),
        (urls.goal_path("km-trygga"), None),
        (unit_path("ekskolan"), "ekskolan"),
        (followup_unit_path("ekskolan"), "ekskolan"),
    ]
    for page, unit in pages:
        text = _page(page)
        figure = text[text.index('<figure class="pm-chart" id="diagram-trygghet">') :]
        figure = figure[: figure.index("</figure>")]
        assert chart_path("trygghet", unit).split("/")[-1] in figure.replace("%C3%A4", "ä")
        assert 'alt="Linjediagram över Andel trygga elever' in figure
        assert "<details" in figure and "<table" in figure and "Exempeldata" in figure
        assert "<td>81,5</td>" in figure and "<td>84</td>" in figure
        if unit is not None:
            assert "Björkskolan" not in figure and "Årshjulskommunen, alla enheter" in figure
    unit_svg = site.files[chart_path("trygghet", "ekskolan")]
    assert isinstance(unit_svg, str) and "Björkskolan" not in unit_svg
    assert chart_path("frånvaro", "björkskolan") not in site.files  # no values for it


def test_the_follow_up_dates_are_on_the_wheels() -> None:
    site = _site()
    whole = _page(wheel_path())
    assert "Nulägesanalys Hösten 2026 ska vara klar" in whole
    assert 'href="../uppföljning/matris-2026-ht/"'.replace("ö", "%C3%B6") in whole
    assert "Rastvärdar vid matsalen" not in whole  # a unit's action is on its own wheel
    own = _page(wheel_path("ekskolan"))
    assert "Rastvärdar vid matsalen" in own and "Värdegrundslektioner" in own
    assert "Struken aktivitet" not in own
    assert "Rastvärdar vid matsalen" not in _page(wheel_path("björkskolan"))
    cal = icalendar.Calendar.from_ical(site.files[ics_path("ekskolan")])
    by_title = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    action = by_title["Rastvärdar vid matsalen"]
    assert "rrule" not in action and str(action["dtstart"].to_ical().decode()) == "20261115"
    assert "Nulägesanalys Hösten 2025 ska vara klar" in by_title  # past ones stay in the calendar


def test_the_follow_up_in_english() -> None:
    site = generate_site(load_repository(FIXTURE), audience="public", lang="en")
    page = html.unescape(str(site.files[matrix_path("2026-vt")]))
    assert "Units and goals: Våren 2026" in page and "not assessed" in page
    assert {"Follow-up": followup_index()} in site.nav


def _wheel_links(site: GeneratedSite) -> list[str]:
    """The follow-up pages that link to an annual wheel."""
    return [
        path
        for path, content in site.files.items()
        if isinstance(content, str) and "pm-followup-links" in content and "rshjul/" in content
    ]


def _without_lines(path: Path, needle: str) -> None:
    text = path.read_text("utf-8")
    path.write_text("".join(line for line in text.splitlines(True) if needle not in line), "utf-8")


def test_a_follow_up_page_links_the_wheel_only_when_the_build_has_one(tmp_path: Path) -> None:
    assert _wheel_links(_site())  # the fixture's dated plan and periods make wheels, linked
    # nothing dated left: no due dates, no scheduled step, every activity struck off
    root = shutil.copytree(FIXTURE, tmp_path / "repo")
    config = root / "procmodel.yaml"
    config.write_text(re.sub(r", due: [0-9-]+\}", "}", config.read_text("utf-8")), "utf-8")
    for process in (root / "p").glob("*.yaml"):
        _without_lines(process, "schedule:")
    (root / "enheter" / "ekskolan" / "kvalitet.yaml").unlink()  # a variant that only reschedules
    plan = root / "uppföljning" / "ekskolan" / "2026-ht-plan.yaml"
    plan.write_text(re.sub(r"status: \w+", "status: struken", plan.read_text("utf-8")), "utf-8")
    repo = load_repository(root)
    assert [f.message for f in repo.findings if f.severity.value == "error"] == []
    site = generate_site(repo, audience="public")
    assert wheel_path() not in site.files and plan_path("ekskolan") in site.files
    assert _wheel_links(site) == []


def test_an_activity_named_like_its_goal_keeps_every_element_id_apart(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    plan = root / "uppföljning" / "ekskolan" / "2026-ht-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    goal = re.search(r"goal: ([\w-]+)", text)
    assert goal is not None
    plan.write_text(text.replace("id: rastvärdar", f"id: {goal.group(1)}", 1), encoding="utf-8")
    site = generate_site(load_repository(root), audience="staff", lang="sv")
    for path, content in site.files.items():
        if isinstance(content, str) and path.endswith(".md"):
            ids = re.findall(r'\bid="([^"]+)"', content)
            assert len(ids) == len(set(ids)), (path, sorted(i for i in ids if ids.count(i) > 1))
