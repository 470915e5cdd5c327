"""Search quality on the real example site, in headless Chromium, for both audiences.

Every query of :mod:`.search_queries` must find its process in the top 3; the mean
reciprocal rank must be at least 0.9. The figures are printed at the end of the run.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from .search_queries import QUERIES

pytestmark = pytest.mark.browser

AUDIENCES = ("public", "staff")
MRR_TARGET = 0.9
SUMMARY: list[str] = []

RANKS_JS = """async queries => {
  const out = [];
  for (const q of queries) out.push((await window.procmodelSearch(q)).map(h => h.url));
  return out;
}"""


def asked(audience: str) -> list:
    return [q for q in QUERIES if q.audience in ("both", audience)]


@pytest.fixture(scope="module")
def ranks(browser, example_server, example_staff_server) -> dict[str, dict[str, int | None]]:
    """audience → query → rank of the expected process (1 = first; None: not found)."""
    out: dict[str, dict[str, int | None]] = {}
    for audience, server in (("public", example_server), ("staff", example_staff_server)):
        context = browser.new_context(locale="sv-SE")
        page = context.new_page()
        try:
            page.goto(server.url)
            queries = asked(audience)
            found = page.evaluate(RANKS_JS, [q.text for q in queries])
        finally:
            context.close()
        out[audience] = {}
        for q, urls in zip(queries, found, strict=True):
            paths = [unquote(u) for u in urls]
            want = f"/processer/{q.expected}/"
            out[audience][q.text] = paths.index(want) + 1 if want in paths else None
    return out


def test_the_query_set_is_large_and_every_expected_process_exists():
    from procmodel import load_repository

    from .site_helpers import EXAMPLE

    repo = load_repository(EXAMPLE)
    assert len(QUERIES) >= 60
    assert len({q.text for q in QUERIES}) == len(QUERIES)
    for q in QUERIES:
        p = repo.processes[q.expected]
        assert (p.audience.value == "public") == (q.audience == "both"), q


CASES = [(a, q) for a in AUDIENCES for q in asked(a)]


@pytest.mark.parametrize(("audience", "query"), CASES, ids=[f"{a}-{q.text}" for a, q in CASES])
def test_query_finds_its_process_in_the_top_3(ranks, audience, query):
    rank = ranks[audience][query.text]
    assert rank is not None and rank <= 3, f"{query.text!r} → {query.expected} at rank {rank}"


@pytest.mark.parametrize("query", [q for q in QUERIES if q.audience == "staff"], ids=lambda q: q.text)
def test_public_site_never_finds_a_staff_only_process(browser, example_server, query):
    page = browser.new_page()
    try:
        page.goto(example_server.url)
        found = page.evaluate("q => window.procmodelSearch(q).then(h => h.map(x => x.url))", query.text)
    finally:
        page.close()
    assert all(query.expected not in unquote(u) for u in found)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_mean_reciprocal_rank_and_top_3_share(ranks, audience):
    got = ranks[audience]
    mrr = sum(1 / r for r in got.values() if r) / len(got)
    top3 = sum(1 for r in got.values() if r and r <= 3) / len(got)
    first = sum(1 for r in got.values() if r == 1)
    SUMMARY.append(
        f"search quality ({audience} site, {len(got)} queries): MRR {mrr:.3f}, top-3 {top3:.0%},"
        f" first {first}/{len(got)}"
    )
    assert mrr >= MRR_TARGET
    assert top3 == 1.0
