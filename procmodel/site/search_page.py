"""The search results page, and the words the site's search script shows.

"No answer is also an answer": when a search finds nothing the page shows the common
questions, every process from A to Ö and who to ask (``contact`` in procmodel.yaml).
"""

from __future__ import annotations

from procmodel.collation import sort_key
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.i18n import Words
from procmodel.site.markup import esc, html_block, page_head, tag
from procmodel.site.start_page import QUESTIONS_ON_START, relevance

#: Keys under ``site.search.`` that the script shows (filled into it as JSON).
SCRIPT_TEXTS = (
    "title",
    "label",
    "placeholder",
    "open",
    "close",
    "count_one",
    "count_other",
    "none",
    "searching",
    "failed",
    "all_results",
    "step",
)


def script_texts(words: Words, directory_urls: bool) -> dict[str, str]:
    """The script's words in the site's language, and where the results page is (from the root)."""
    texts = {key: words(f"search.{key}") for key in SCRIPT_TEXTS}
    texts["_page"] = urls.Urls(directory_urls).url(urls.SEARCH)
    return texts


def search_form(ctx: SiteContext, page: str, *, id_: str, classes: str) -> str:
    """A search form that works without script too: it opens the results page."""
    w = ctx.words
    action = ctx.urls.link(page, urls.SEARCH)
    return "".join(
        [
            f'<form class="{classes}" role="search" method="get" action="{esc(action)}" data-pm-search>',
            f'<label class="pm-search__label" for="{id_}">{esc(w("search.label"))}</label>',
            '<div class="pm-search__row">',
            f'<input class="pm-search__input" id="{id_}" name="q" type="search" autocomplete="off"'
            f' placeholder="{esc(w("search.placeholder"))}">',
            f'<button class="md-button md-button--primary" type="submit">{esc(w("search.button"))}</button>',
            "</div>",
            "</form>",
        ]
    )


def no_answer(ctx: SiteContext, page: str) -> str:
    """Common questions, the A–Ö list and who to ask: shown when a search finds nothing."""
    w = ctx.words
    processes = ctx.sorted_processes()
    top = sorted(processes, key=lambda p: relevance(ctx, p))[:QUESTIONS_ON_START]
    common = "".join(tag("li", ctx.process_link(page, p.id, text=p.question or p.title)) for p in top)
    a_to_z = "".join(
        tag("li", ctx.process_link(page, p.id)) for p in sorted(processes, key=lambda p: sort_key(p.title))
    )
    contact = ctx.repo.config.contact
    if contact is None:
        ask = tag("p", esc(w("search.no_contact")))
    else:
        lines = [tag("strong", esc(contact.name))]
        if contact.email:
            lines.append(tag("a", esc(contact.email), href=f"mailto:{contact.email}"))
        if contact.phone:
            lines.append(tag("a", esc(contact.phone), href="tel:" + "".join(contact.phone.split())))
        if contact.url and contact.url.startswith(("https://", "http://")):
            lines.append(tag("a", esc(contact.url), href=contact.url))
        if contact.note:
            lines.append(esc(contact.note))
        ask = tag("p", "<br>".join(lines), class_="pm-contact")
    return "".join(
        [
            '<div class="pm-no-answer" data-pm-no-answer>',
            tag("p", esc(w("search.no_answer")), class_="pm-no-answer__lead"),
            tag("h2", esc(w("search.common")), id="vanliga-fragor"),
            tag("ul", common, class_="pm-questions"),
            tag("h2", esc(w("search.ask")), id="fraga-oss"),
            ask,
            tag("h2", esc(w("search.a_to_z")), id="a-o"),
            tag("ul", a_to_z, class_="pm-a-z"),
            "</div>",
        ]
    )


def search_page(ctx: SiteContext) -> str:
    """``/sök/``: the question box, the results (filled in by the script) and the no-answer block."""
    page = urls.SEARCH
    w = ctx.words
    return page_head(w("search.title"), hide=["navigation", "toc"], search={"exclude": True}) + html_block(
        search_form(ctx, page, id_="pm-results-q", classes="pm-search pm-search--page"),
        '<p class="pm-search__status" role="status" aria-live="polite" data-pm-status></p>',
        '<ol class="pm-results" data-pm-results></ol>',
        no_answer(ctx, page),
    )
