"""The standalone page generator, without MkDocs: which pages, what they say, what they hide."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from procmodel import load_repository
from procmodel.site import generate_site, urls
from procmodel.site.diagrams import Diagrams
from procmodel.site.steps import listed_steps, step_numbers

from .site_helpers import BASIC, EXAMPLE


@pytest.fixture(scope="module")
def repo():
    return load_repository(BASIC)


@pytest.fixture(scope="module")
def public(repo):
    return generate_site(repo, audience="public")


@pytest.fixture(scope="module")
def staff(repo):
    return generate_site(repo, audience="staff")


def test_one_page_per_process_role_goal_and_the_overview_pages(repo, staff):
    pages = set(staff.pages())
    for pid in repo.processes:
        assert urls.process_path(pid) in pages
    for rid in repo.roles:
        assert urls.role_path(rid) in pages
    for gid in repo.goals:
        assert urls.goal_path(gid) in pages
    for page in (
        "index.md",
        "processer/index.md",
        "roller/index.md",
        "mål/index.md",
        "täckning.md",
        "granskning.md",
    ):
        assert page in pages
    assert "assets/procmodel/procmodel.css" in staff.files
    assert "__TEXTS__" not in staff.files["assets/procmodel/procmodel.js"]
    assert "sök.md" in staff.files and "assets/procmodel/sokord.json" in staff.files


def test_public_build_holds_no_trace_of_staff_processes(public):
    assert "processer/intern-rutin.md" not in public.files
    for path, content in public.files.items():
        text = content if isinstance(content, str) else content.decode("utf-8", "replace")
        for secret in ("intern-rutin", "Hemligrutin", "hemligrutin", "Hemligstegets", "hemligt-steg"):
            assert secret not in text, f"{secret!r} leaks into {path}"


def test_public_role_page_of_a_staff_only_role_lists_no_tasks(public):
    page = public.files["roller/hemlig-roll.md"]
    assert "inga uppgifter" in page


def test_staff_build_shows_staff_processes(staff):
    assert "processer/intern-rutin.md" in staff.files
    assert "Hemligrutin" in staff.files["roller/hemlig-roll.md"]


def test_process_page_leads_with_the_question_and_lists_numbered_steps(staff, repo):
    page = staff.files["processer/anmälan.md"]
    assert page.startswith("---\n")
    assert '<p class="pm-question">Hur gör vi när en elev har blivit kränkt?</p>' in page
    process = repo.processes["anmälan"]
    assert [s.id for s in listed_steps(process)] == [
        "start",
        "anmäl",
        "utreda",
        "utredning",
        "internt",
        "klart",
    ]
    for s in listed_steps(process):
        assert f'id="steg-{s.id}"' in page
    assert page.index('id="steg-anmäl"') < page.index('id="steg-utreda"')
    # start and end are in the list but are not steps anyone does: no number
    assert step_numbers(process) == {"anmäl": 1, "utreda": 2, "utredning": 3, "internt": 4}
    start = page[page.index('id="steg-start"') - 200 : page.index('id="steg-anmäl"')]
    assert "pm-step--marker" in start and "pm-step__no" not in start
    anmäl = page[page.index('id="steg-anmäl"') : page.index('id="steg-utreda"')]
    assert '<span class="pm-step__no">1.</span>' in anmäl


def test_step_shows_raci_deadline_instructions_goals_documents(staff):
    page = staff.files["processer/anmälan.md"]
    step = page[page.index('id="steg-anmäl"') : page.index('id="steg-utreda"')]
    assert 'Utför:</span> <a href="../../roller/mentor/"' in step
    assert 'Ansvarar:</span> <a href="../../roller/rektor/"' in step
    assert 'Informeras:</span> <a href="../../roller/v%C3%A5rdnadshavare/"' in step
    assert "Samma dag" in step
    assert '<a href="https://www.skolverket.se" rel="noopener noreferrer">Skolverket</a>' in step
    assert 'href="../../m%C3%A5l/sl-6-10/"' in step
    assert 'href="https://intranat.example.se/anmalan"' in step
    assert 'href="../../dokument/rutinbeskrivning/"' in step


def test_decision_outcomes_link_to_the_steps_they_lead_to(staff):
    page = staff.files["processer/anmälan.md"]
    step = page[page.index('id="steg-utreda"') : page.index('id="steg-utredning"')]
    assert (
        '<span class="pm-outcome__label">Ja</span> → <a href="#steg-utredning">steg 3: Utred händelsen</a>'
        in step
    )
    assert '<span class="pm-outcome__label">Nej</span> → <a href="#steg-klart">Slut: Klart</a>' in step


def test_subprocess_links_and_used_by_backlinks(staff, public):
    assert 'Startar delprocessen:</span> <a href="../utredning/">' in staff.files["processer/anmälan.md"]
    used_by = staff.files["processer/utredning.md"].split("Används av", 1)[1]
    assert "../anm%C3%A4lan/#steg-utredning" in used_by
    assert "../intern-rutin/#steg-anropa" in used_by
    public_used_by = public.files["processer/utredning.md"].split("Används av", 1)[1]
    assert "intern-rutin" not in public_used_by
    # a public process calling a staff-only one says so without naming it
    assert "Fortsätter i en intern rutin." in public.files["processer/anmälan.md"]


def test_draft_and_overdue_processes_are_marked(staff):
    page = staff.files["processer/utredning.md"]
    assert "pm-draft" in page and "Utkast" in page
    assert "pm-overdue" in page and "2025-01-15" in page  # reviewed 2024-01-15 + 12 months
    assert "pm-draft" not in staff.files["processer/anmälan.md"]


def test_review_page_groups_due_processes_by_owner(staff):
    page = staff.files["granskning.md"]
    assert "Läget den 2026-06-01." in page  # `today` from procmodel.yaml
    assert "## Rektor" in page
    assert "utredning/" in page and "Försenad" in page


def test_role_page_lists_steps_with_raci_grouped_by_process(staff):
    page = staff.files["roller/rektor.md"]
    assert page.index("## Anmälan av kränkande behandling") < page.index(
        "## Utredning av kränkande behandling"
    )
    anm = page.split("## Anmälan av kränkande behandling", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r'data-step="anmälan/([^"]+)"', anm)
    assert steps == ["anmäl", "utreda", "utredning", "internt"]
    assert 'title="Ansvarar">A</abbr>' in anm  # rektor is accountable for 'anmäl'
    kurator = staff.files["roller/kurator.md"]
    assert re.findall(r'data-step="([^"]+)"', kurator) == ["anmälan/utredning", "utredning/samtal"]


def test_goal_page_shows_text_red_thread_and_serving_steps(staff):
    page = staff.files["mål/sl-6-10.md"]
    assert "6 kap. 10 §" in page
    assert "En lärare som får kännedom" in page
    assert "Kommunala mål som bidrar till målet" in page and 'href="../km-trygg/"' in page
    # directly, and through the municipal goal km-trygg that supports it; in process title order
    assert re.findall(r'class="pm-serving-step" data-step="([^"]+)"', page) == [
        "anmälan/anmäl",
        "intern-rutin/hemligt-steg",
        "utredning/åtgärdsprogram",
    ]
    assert page.count("pm-via") == 2


def test_uncovered_goal_says_so_plainly(public):
    uncovered = sorted(
        p for p, c in public.files.items() if p.startswith("mål/") and "Inget steg i någon" in str(c)
    )
    assert uncovered == ["mål/sl-5-3.md"]  # served by nobody; sections are summarised instead
    section = public.files["mål/sl-5.md"]
    assert "0 av 1 delmål har minst ett steg" in section and "(inte täckt)" in section
    assert "2 av 2 delmål" in public.files["mål/sl-3.md"]


def test_coverage_page_has_numbers_matrix_and_gaps(staff):
    page = staff.files["täckning.md"]
    assert "## Siffror" in page and "## Luckor" in page
    assert "Skollagen" in page and "Nämndens mål" in page
    # sl-6-7 is served by the draft 'utredning' and by the approved staff-only 'intern-rutin'
    assert "m%C3%A5l/sl-6-7/" not in page.split("## Luckor", 1)[1]


def test_public_coverage_ignores_staff_processes(public):
    gaps = public.files["täckning.md"].split("## Luckor", 1)[1]
    assert "m%C3%A5l/sl-6-7/" in gaps  # only the staff process (approved) served it


def test_search_tags_carry_question_keywords_and_statute_tokens(public):
    from mkdocs.utils.meta import get_data

    from procmodel.site.search import MAX_STATUTE_WEIGHT

    _, meta = get_data(public.files["processer/anmälan.md"])
    assert meta["tags"][0] == "Hur gör vi när en elev har blivit kränkt?"
    assert "kränkning" in meta["tags"]
    # the process of the library that works most with 6 kap. 10 § carries its token in full
    assert " ".join(["6kap10"] * MAX_STATUTE_WEIGHT) in meta["tags"]
    assert meta["search"] == {"boost": 2.0}


def test_hostile_text_is_escaped_or_sanitised(public):
    from mkdocs.utils.meta import get_data

    page, meta = get_data(public.files["processer/elak.md"])
    assert not set('<>&"') & set("".join(meta["tags"]))
    assert "<" not in meta["title"]
    assert "<script" not in page.replace("&lt;script", "")
    assert "javascript:" not in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert "<iframe" not in page and "<b onmouseover" not in page
    assert "data:text/html" not in page
    assert "&lt;svg onload=window.__pwned_note=true&gt;" in page
    doc = public.files["dokument/rutinbeskrivning.md"]
    assert "<script" not in doc and "<strong>ring</strong>" in doc


def test_english_pages(repo):
    site = generate_site(repo, audience="public", lang="en")
    assert "Step by step" in site.files["processer/anmälan.md"]
    assert "My tasks: Rektor" in site.files["roller/rektor.md"]
    assert site.nav[0] == {"Home": "index.md"}


def test_unknown_language_and_audience_are_refused(repo):
    with pytest.raises(ValueError, match="language"):
        generate_site(repo, lang="de")
    with pytest.raises(ValueError, match="audience"):
        generate_site(repo, audience="everyone")  # type: ignore[arg-type]


def test_links_do_not_depend_on_directory_urls(repo):
    flat = generate_site(repo, audience="staff", directory_urls=False)
    assert 'href="../roller/rektor.html"' in flat.files["processer/anmälan.md"]


def test_today_decides_what_is_overdue(repo):
    early = generate_site(repo, audience="staff", today=dt.date(2024, 6, 1))
    assert "pm-overdue" not in early.files["processer/utredning.md"]


def test_diagrams_are_inlined_with_step_links_to_the_same_page(repo):
    site = generate_site(repo, audience="public", diagrams=Diagrams(enabled=True))
    page = site.files["processer/anmälan.md"]
    assert "<svg" in page, "the process page has no diagram (the embedded engine is a dependency)"
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<?xml" not in page
    assert 'xlink:href="#steg-anm%C3%A4l"' in svg or 'href="#steg-anm%C3%A4l"' in svg
    assert "intern-rutin" not in svg and "Hemligrutin" not in svg
    start = site.files["index.md"]
    assert "processer/anm%C3%A4lan/" in start


@pytest.mark.parametrize("audience", ["public", "staff"])
def test_pages_made_later_are_the_pages_made_at_once(audience):
    """``later=True`` leaves the process, role and goal pages to be made when asked for (a build
    in two processes makes each where it is built): made, they are the same pages, the follow-up
    sections added to them included."""
    repo = load_repository(EXAMPLE)
    today = dt.date(2026, 12, 1)
    now = generate_site(repo, audience=audience, diagrams=Diagrams(enabled=False), today=today)
    later = generate_site(repo, audience=audience, diagrams=Diagrams(enabled=False), today=today, later=True)
    assert sorted(later.files) == sorted(now.files)
    waiting = set(later.later)
    assert {path.split("/")[0] for path in waiting} == {urls.PROCESSES, urls.ROLES, urls.GOALS}
    assert any("{#resultat}" in later.files[path] for path in waiting)  # a follow-up section, added
    for path in sorted(waiting):
        assert later.make(path) == now.files[path], path
    assert later.later == {}
    assert {p: c for p, c in later.files.items() if p not in waiting} == {
        p: c for p, c in now.files.items() if p not in waiting
    }
