"""The built sites in headless Chromium (Debian's, driven by Playwright): search, diagrams,
role and goal pages, what a public build hides, hostile input, accessibility, print."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from procmodel import load_repository
from procmodel.graph import RACI_RELS, role_node, sources
from procmodel.site.goal_page import serving_steps
from procmodel.site.pages import generate_site
from procmodel.site.visibility import audience_view

from .site_helpers import AXE, BASIC, EXAMPLE

pytestmark = pytest.mark.browser

RESULT_LINKS = "[data-pm-results] .pm-hit__title"


def url_of(server, path: str) -> str:
    return server.url + quote(path)


def search(page, server, query: str) -> list[str]:
    """Type a question into the start page's box; the site paths of the results, best first."""
    page.goto(server.url)
    box = page.locator("#pm-ask-q")
    box.click()
    box.type(query, delay=10)
    # the result list says which query it shows once the index has answered
    page.wait_for_function(
        "q => document.querySelector('[data-pm-results]').dataset.query === q",
        arg=query.strip(),
        timeout=15_000,
    )
    hrefs = page.locator(RESULT_LINKS).evaluate_all("els => els.map(e => e.href)")
    return [unquote(h).split("?", 1)[0].removeprefix(server.url) for h in hrefs]


# search ----------------------------------------------------------------------------------

EXAMPLE_QUERIES = [
    ("kränkning", "kränkande-behandling"),
    ("frånvaro", "frånvarohantering"),
    ("åtgärdsprogram", "särskilt-stöd"),
    ("kränk", "kränkande-behandling"),
    ("6 kap 10", "kränkande-behandling"),
    ("4:8", "klagomålshantering"),
    ("Hur gör vi när en elev är frånvarande?", "frånvarohantering"),
    ("utvecklingssamtal", "utvecklingssamtal-och-iup"),
]


@pytest.mark.parametrize(("query", "expected"), EXAMPLE_QUERIES)
def test_start_page_search_finds_the_right_process_first(page, example_server, query, expected):
    if not list(EXAMPLE.rglob(f"{expected}.yaml")):
        pytest.skip(f"the example library has no process {expected!r} (yet)")
    results = search(page, example_server, query)
    assert results, f"no results for {query!r}"
    assert results[0] == f"processer/{expected}/", f"{query!r} → {results[:3]}"


def test_prefix_with_å_finds_åtgärdsprogram(page, example_server):
    results = search(page, example_server, "åtgärd")
    assert "processer/särskilt-stöd/" in results[:3], results[:5]


def test_search_works_in_the_fixture_too(page, basic_server):
    assert search(page, basic_server, "kränkning")[0] == "processer/anmälan/"
    assert search(page, basic_server, "7:17")[0] == "processer/frånvaro/"
    assert search(page, basic_server, "hemligrutin") == []


# diagrams ----------------------------------------------------------------------------------


def test_clicking_a_step_in_the_diagram_lands_on_that_step(page, example_server):
    pid, sid = "kränkande-behandling", "anmäl-till-rektor"
    if not list(EXAMPLE.rglob(f"{pid}.yaml")):
        pytest.skip("no kränkande-behandling process in the example library")
    page.goto(url_of(example_server, f"processer/{pid}/"))
    anchor = f"#steg-{quote(sid)}"
    node = page.locator(f'.pm-diagram--process svg a[*|href="{anchor}"]').first
    assert node.count() > 0, "the process page has no diagram with a link to the step"
    node.click()
    page.wait_for_function("h => location.hash === h", arg=anchor)
    heading = page.locator(f"[id='steg-{sid}']")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert page.url.split("#")[0].endswith(quote(f"processer/{pid}/"))
    # the step is highlighted as the target
    highlighted = page.evaluate(
        "() => getComputedStyle(document.querySelector(':target').closest('li')).boxShadow"
    )
    assert highlighted != "none"


def test_process_map_links_to_process_pages(page, example_server):
    page.goto(example_server.url)
    links = page.locator(".pm-diagram--map svg a")
    assert links.count() > 0, "the start page has no process map with links"
    href = links.first.get_attribute("xlink:href") or links.first.get_attribute("href")
    links.first.click()
    page.wait_for_load_state()
    assert "/processer/" in unquote(page.url)
    assert unquote(page.url).endswith(unquote(href))


# role and goal pages -------------------------------------------------------------------------


def _public_repo(path):
    return audience_view(load_repository(path), "public")


def test_role_page_lists_exactly_the_role_s_steps(page, example_server):
    repo = _public_repo(EXAMPLE)
    rid = "rektor" if "rektor" in repo.roles else sorted(repo.roles)[0]

    def steps_of(role: str) -> set[str]:
        found = set()
        for rel in RACI_RELS:
            for src in sources(repo.graph, role_node(role), rel):
                data = repo.graph.nodes[src]
                found.add(f"{data['process']}/{data['obj'].id}")
        return found

    page.goto(url_of(example_server, f"roller/{rid}/"))
    shown = page.locator("li.pm-task:not(.pm-task--group)").evaluate_all(
        "els => els.map(e => e.dataset.step)"
    )
    assert len(shown) == len(set(shown))
    assert set(shown) == steps_of(rid)
    # then each group the role belongs to, with exactly that group's steps
    for group in repo.roles[rid].member_of:
        listed = page.locator(f"li.pm-task--group[data-group='{group}']").evaluate_all(
            "els => els.map(e => e.dataset.step)"
        )
        assert set(listed) == steps_of(group), group
    # each entry links to its step on the process page
    first = page.locator("li.pm-task a").first
    first.click()
    page.wait_for_load_state()
    target = page.evaluate("() => decodeURIComponent(location.hash)")
    assert target.startswith("#steg-") and page.locator(f"[id='{target[1:]}']").count() == 1


def test_goal_page_lists_the_steps_that_serve_it(page, example_server):
    repo = _public_repo(EXAMPLE)
    site = generate_site(load_repository(EXAMPLE), audience="public")
    gid = "sl-6-10" if "sl-6-10" in repo.goals else next(iter(repo.goals))
    ctx_steps = _expected_serving(repo, gid)
    page.goto(url_of(example_server, f"mål/{gid}/"))
    shown = page.locator("li.pm-serving-step").evaluate_all("els => els.map(e => e.dataset.step)")
    assert shown == ctx_steps
    assert page.locator("h1").inner_text().strip().startswith("Skollagen 6 kap. 10 §") or gid != "sl-6-10"
    assert site.files[f"mål/{gid}.md"]  # the page exists in the generator's output too


def _expected_serving(repo, gid):
    from procmodel.site.context import SiteContext
    from procmodel.site.diagrams import Diagrams
    from procmodel.site.i18n import Words
    from procmodel.site.urls import Urls

    ctx = SiteContext(
        repo=repo,
        audience="public",
        words=Words("sv"),
        urls=Urls(),
        today=repo.config.today or __import__("datetime").date.today(),
        diagrams=Diagrams(enabled=False),
    )
    return [f"{s.process}/{s.step}" for s in serving_steps(ctx, gid)]


def test_uncovered_goal_says_so(page, basic_server):
    page.goto(url_of(basic_server, "mål/sl-5-3/"))
    assert "Inget steg i någon process arbetar" in page.locator("article").inner_text()


# what a public build hides -------------------------------------------------------------------


def test_public_example_build_contains_no_staff_only_process(page, example_server, example_site):
    repo = load_repository(EXAMPLE)
    staff_only = [p for p in repo.processes.values() if p.audience.value == "staff"]
    if not staff_only:
        pytest.skip("the example library has no staff-only process")
    text = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in example_site.rglob("*")
        if p.suffix in (".html", ".json", ".xml")
    )
    for p in staff_only:
        assert f"processer/{p.id}/" not in text and quote(f"processer/{p.id}/") not in text
        assert f">{p.title}</a>" not in text  # the words may occur elsewhere; never as a link
        response = page.goto(url_of(example_server, f"processer/{p.id}/"))
        assert response is not None and response.status == 404
        found = search(page, example_server, p.title.split()[0])
        assert all(p.id not in r for r in found)


def test_public_fixture_build_shows_no_staff_process_in_search_or_pages(page, basic_server):
    response = page.goto(url_of(basic_server, "processer/intern-rutin/"))
    assert response is not None and response.status == 404
    page.goto(url_of(basic_server, "roller/rektor/"))
    assert "Hemligrutin" not in page.content()


# hostile input -------------------------------------------------------------------------------

PWNED = "() => Object.keys(window).filter(k => k.startsWith('__pwned'))"


def test_script_and_javascript_links_in_a_process_run_nothing(page, basic_server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url_of(basic_server, "processer/elak/"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate(PWNED) == []
    assert (
        page.locator("script:not([src])").evaluate_all(
            "els => els.filter(e => e.textContent.includes('pwned')).length"
        )
        == 0
    )
    # click every link in the instructions and summary: none may run code
    for link in page.locator(".pm-instructions a, .pm-summary a").all():
        assert link.get_attribute("href") is None
        link.click()
    page.locator(".pm-step__title").first.hover()
    assert page.evaluate(PWNED) == []
    assert dialogs == []
    # the text is shown, as text
    assert "<script>window.__pwned_step=true</script>" in page.locator(".pm-step__title").first.inner_text()
    page.goto(url_of(basic_server, "dokument/rutinbeskrivning/"))
    assert page.evaluate(PWNED) == []


# accessibility -------------------------------------------------------------------------------

AXE_RUN = """async () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.mark.parametrize(
    ("site", "path"),
    [
        ("example_server", ""),
        ("example_server", "processer/kränkande-behandling/"),
        ("example_server", "roller/rektor/"),
        ("example_server", "mål/sl-6-10/"),
        ("example_server", "täckning/"),
        ("example_staff_server", "granskning/"),  # the review page is in the staff build only
    ],
)
@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)])
def test_axe_finds_no_serious_or_critical_violations(browser, request, site, path, viewport):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm install --prefix tests/node)")
    server = request.getfixturevalue(site)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    try:
        response = page.goto(url_of(server, path))
        if response is not None and response.status == 404:
            pytest.skip(f"{path} is not in the example library")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
    finally:
        context.close()


# print ---------------------------------------------------------------------------------------


def test_process_page_prints_as_a_checklist(page, basic_server):
    page.goto(url_of(basic_server, "processer/anmälan/"))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.pm-diagram', '.md-footer',
                                   '.md-search']
        .map(s => document.querySelector(s)).filter(Boolean)
        .map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    steps = page.locator("li.pm-step")
    assert steps.count() == 6 and steps.first.is_visible()
    box = page.evaluate(
        "() => getComputedStyle(document.querySelector('li.pm-step'), '::before').borderTopStyle"
    )
    assert box == "solid"  # the tick box
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_english_build_has_english_furniture(browser, tmp_path):
    from .site_helpers import SiteServer, build

    site = build(BASIC, tmp_path / "site", "public", lang="en")
    server = SiteServer(site)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url_of(server, "processer/anmälan/"))
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h2#steg").inner_text().startswith("Step by step")
    finally:
        context.close()
        server.close()
