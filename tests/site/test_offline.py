"""Nothing external: the built site loads no font, script, style or image from another host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from .site_helpers import BASIC, build

# the address build() gives as --site-url: links to it are links to the site itself
OWN_HOST = "skolor.example.se"

# attributes that make a browser fetch something (not <a href>, which is only a link)
_LOADING_TAG = re.compile(r"<(script|img|iframe|source|video|audio|embed|object|link)\b[^>]*>", re.I)
_LOADING_ATTR = re.compile(r"\b(src|srcset|data|poster|href)\s*=\s*[\"']([^\"']*)[\"']", re.I)
_LINK_REL = re.compile(r"\brel\s*=\s*[\"']([^\"']*)[\"']", re.I)
_CSS_URL = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])((?:https?:)?//[^\"')\s]+)", re.I)
# <link rel=…> values that only name a page (canonical, next, …), never fetch it
_LINK_ONLY_RELS = {"canonical", "next", "prev", "alternate", "author", "license", "help", "search"}


def _foreign(url: str) -> bool:
    if not re.match(r"(?:https?:)?//", url, re.I):
        return False
    return urlsplit(url if ":" in url.split("/", 1)[0] else "https:" + url).hostname != OWN_HOST


def external_loads(site: Path) -> list[str]:
    """Every ``file: url`` in the built site that a browser would fetch from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            for m in _LOADING_TAG.finditer(text):
                element = m.group(0)
                if m.group(1).lower() == "link":
                    rel = _LINK_REL.search(element)
                    rels = set((rel.group(1) if rel else "").lower().split())
                    if rels and rels <= _LINK_ONLY_RELS:
                        continue
                for attr, value in _LOADING_ATTR.findall(element):
                    urls = [value]
                    if attr.lower() == "srcset":
                        urls = [u.strip().split(" ")[0] for u in value.split(",")]
                    found += [f"{path.relative_to(site)}: {u}" for u in urls if _foreign(u)]
            found += [f"{path.relative_to(site)}: {u}" for u in _CSS_URL.findall(text) if _foreign(u)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(site)}: {u}" for u in _CSS_URL.findall(text) if _foreign(u)]
    return found


def test_example_site_loads_nothing_from_other_hosts(example_site):
    assert external_loads(example_site) == []


def test_built_in_configuration_loads_nothing_from_other_hosts(tmp_path):
    site = build(BASIC, tmp_path / "site", "staff")
    assert external_loads(site) == []


def test_the_check_sees_a_google_font(tmp_path):
    """The static check itself: a page that loads a web font is caught, a plain link is not."""
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://other.example/">'
        '<a href="https://www.skolverket.se/">Skolverket</a><img src="/local.png">',
        encoding="utf-8",
    )
    (tmp_path / "a.css").write_text("@import 'https://cdn.example/x.css'; b{background:url(y.png)}")
    assert external_loads(tmp_path) == [
        "a.css: https://cdn.example/x.css",
        "index.html: https://fonts.googleapis.com/css?family=Roboto",
    ]


# in the browser -----------------------------------------------------------------------

PAGES = [
    ("start", ""),
    ("process", "processer/särskilt-stöd/"),
    ("role", "roller/lärare/"),
    ("goal", "mål/sl-6/"),
    ("coverage", "täckning/"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("what", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_render_with_every_external_request_blocked(browser, example_server, example_site, what, path):
    assert (example_site / path / "index.html").is_file(), f"the example site has no {path}"
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    tried: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(example_server.url):
            route.continue_()
        else:
            tried.append(url)
            route.abort()

    context.route("**/*", only_local)
    try:
        pg = context.new_page()
        pg.goto(example_server.url + quote(path), wait_until="load")
        pg.wait_for_timeout(300)  # scripts that fetch on start (search index, fonts) have run
        assert pg.locator("h1").first.is_visible()
        assert pg.locator(".md-content").inner_text().strip()
        # the theme's own stylesheet applied: the header is laid out, not an unstyled list
        assert pg.locator(".md-header").evaluate("e => getComputedStyle(e).position") in ("sticky", "fixed")
    finally:
        context.close()
    assert tried == [], f"the {what} page tried to reach other hosts: {tried}"
