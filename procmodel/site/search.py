"""The site's search: a Pagefind index with Swedish query understanding.

How it works (see docs/site.md, "Search"):

- After MkDocs has written the site, the plugin runs Pagefind over it
  (:mod:`procmodel.site.search_index`): a static index split into small chunks, with
  Swedish stemming, that the browser loads a few kB of per query. Only pages marked for
  search carry ``data-pagefind-body``; the start, coverage, review and search pages do not.
  A public build holds only public pages, so its index cannot name a staff-only process.
- A process page weighs its title, question, keywords and statute tokens above the step
  text (``data-pagefind-weight``); each step heading has an id, so Pagefind returns the
  steps as sub-results and the site links the best-matching one.
- The site's script (``assets/procmodel/procmodel.js``) understands the query before it
  asks the index: statute references become one token (``6 kap. 10 §`` → ``6kap10``),
  stop words and bare context words (*elev*) are dropped, unaccented words get their
  å, ä, ö back from the site's own vocabulary, one-letter typos are corrected against it,
  and everyday words are widened with the repository's synonym file ``sökord.yaml``.
  :func:`search_data` writes what it needs (``assets/procmodel/sokord.json``).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable

from procmodel.model import Goal, Process
from procmodel.repository import Repository

#: A statute reference as people type it: chapter, "kap"/":", paragraph (optional letter).
STATUTE_QUERY_PATTERN = r"(\d+)\s*(?:kap(?:itlet)?\.?\s*|:\s*)(\d+)(?:\s?([a-z])\b)?(?:\s*§)?"

#: Words that never decide a ranking: question words and Swedish function words.
STOP_WORDS = [
    *[
        "hur",
        "gör",
        "göra",
        "gjorde",
        "görs",
        "gör",
        "vi",
        "när",
        "en",
        "ett",
        "är",
        "var",
        "vad",
        "vem",
        "vilka",
        "vilken",
        "vilket",
        "varför",
        "som",
        "och",
        "att",
    ],
    *[
        "i",
        "på",
        "av",
        "för",
        "med",
        "om",
        "till",
        "den",
        "det",
        "de",
        "jag",
        "du",
        "man",
        "ska",
        "skall",
        "kan",
        "blir",
        "får",
        "måste",
        "sig",
        "sin",
        "sitt",
    ],
    *[
        "hen",
        "han",
        "hon",
        "ni",
        "oss",
        "dem",
        "där",
        "här",
        "eller",
        "men",
        "så",
        "också",
        "inte",
        "min",
        "mitt",
        "mina",
        "vår",
        "vårt",
        "våra",
        "er",
    ],
    *[
        "ditt",
        "din",
        "dina",
        "vill",
        "behöver",
        "någon",
        "något",
        "några",
        "hos",
        "från",
        "efter",
        "under",
        "mot",
        "ut",
        "upp",
        "in",
    ],
    *["har", "hade", "ha", "bli", "vara", "nu", "då", "sen", "vid", "åt", "alla", "mycket", "ofta"],
]
#: Words that say where, not what: dropped when the query holds other words.
CONTEXT_WORDS = [
    *[
        "elev",
        "elever",
        "eleven",
        "eleverna",
        "elevens",
        "barn",
        "barnet",
        "barnen",
        "barnets",
        "skola",
        "skolan",
        "skolans",
    ],
    *["sl", "skollag", "skollagen", "skollagens", "kap", "kapitel", "paragraf"],
    *[
        "klass",
        "klassen",
        "klassrummet",
        "rast",
        "rasten",
        "skolgården",
        "lektion",
        "lektionen",
        "hemma",
        "hemmet",
    ],
    *["son", "sonen", "dotter", "dottern"],  # who a parent asks about, not what happened
]
_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")

_STATUTE_NUMBER = re.compile(r"^\s*(\d+)\s*kap\.?\s*(?:(\d+)\s*([a-z])?\s*§)?", re.IGNORECASE)
_BOOST_PROCESS = 2.0
_BOOST_GOAL = 0.5


def statute_token(chapter: str, paragraph: str | None = None, letter: str | None = None) -> str:
    """The compact token for a chapter or paragraph reference: ``6kap10``, ``3kap5a``, ``6kap``."""
    token = f"{int(chapter)}kap"
    if paragraph:
        token += f"{int(paragraph)}{(letter or '').lower()}"
    return token


def statute_tokens(goal: Goal) -> list[str]:
    """Compact tokens for a goal numbered like a statute ("6 kap. 10 §"); empty otherwise."""
    if not goal.number:
        return []
    m = _STATUTE_NUMBER.match(goal.number)
    if not m:
        return []
    chapter, paragraph, letter = m.groups()
    if paragraph:
        return [statute_token(chapter, paragraph, letter)]
    return [statute_token(chapter)]


def fold(text: str) -> str:
    """Lower case without accents: ``Åtgärd`` → ``atgard``, ``idé`` → ``ide``."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text, lower case (numbering such as ``2.8`` kept in one piece)."""
    return [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def rewrite_statutes(query: str) -> str:
    """Statute references as compact tokens: ``SL 6:10`` → ``SL 6kap10`` (as the script does)."""

    def sub(m: re.Match[str]) -> str:
        return statute_token(m.group(1), m.group(2), m.group(3))

    return re.sub(STATUTE_QUERY_PATTERN, sub, query, flags=re.IGNORECASE)


def query_words(query: str) -> list[str]:
    """The words of a query that may decide a ranking (the script's first step, for tests and docs).

    Statute references become tokens; stop words go; context words go unless nothing else
    is left; a query of nothing but stop words is kept as it is.
    """
    all_words = words(rewrite_statutes(query))
    stop, context = set(STOP_WORDS), set(CONTEXT_WORDS)
    content = [w for w in all_words if w not in stop]
    kept = [w for w in content if w not in context]
    return kept or content or all_words


def rewrite_query(query: str) -> str:
    """The query words joined by spaces."""
    return " ".join(query_words(query))


def site_script(template: str, texts: dict[str, str] | None = None) -> str:
    """The site's JavaScript with its words (in the site's language) filled in."""
    return template.replace("__TEXTS__", json.dumps(texts or {}, ensure_ascii=False))


def vocabulary(repo: Repository) -> list[str]:
    """The words people may look for, taken from what the pages say most: titles, questions,
    keywords, summaries, step titles, role names, goal titles and the synonym file."""
    texts: list[str] = []
    for p in repo.processes.values():
        texts += [p.title, p.question or "", p.summary or "", *p.keywords]
        texts += [s.title for s in p.steps]
    texts += [r.name for r in repo.roles.values()]
    texts += [g.title for g in repo.goals.values() if g.title]
    for word, typed in repo.synonyms.items():
        texts += [word, *typed]
    return sorted({w for t in texts for w in words(t) if len(w) > 1 and not w.isdigit()})


def search_data(repo: Repository) -> str:
    """``sokord.json`` for the site's script: stop and context words, synonyms, vocabulary."""
    synonyms: dict[str, list[str]] = {}
    for word, typed in repo.synonyms.items():
        for t in typed:
            key = " ".join(words(t))
            if key:
                synonyms.setdefault(key, [])
                if word.lower() not in synonyms[key]:
                    synonyms[key].append(" ".join(words(word)))
    data = {
        "stop": sorted(set(STOP_WORDS)),
        "context": sorted(set(CONTEXT_WORDS)),
        "synonyms": synonyms,
        "words": vocabulary(repo),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def process_goal_ids(process: Process) -> list[str]:
    """Goals of a process and of all its steps, in order of first mention."""
    seen: dict[str, None] = dict.fromkeys(process.goals)
    for step in process.steps:
        seen.update(dict.fromkeys(step.goals))
    return list(seen)


def statute_references(repo: Repository, goal_ids: Iterable[str]) -> list[tuple[str, Goal]]:
    """(catalog short name, goal) for the statute-numbered goals among ``goal_ids``."""
    out = []
    for gid in goal_ids:
        goal = repo.goals.get(gid)
        if goal is not None and statute_tokens(goal):
            cat = repo.catalogs[repo.goal_catalog[gid]]
            out.append((cat.short or cat.title, goal))
    return out


def process_tags(repo: Repository, process: Process) -> list[str]:
    """Search tags of a process page: question, keywords and statute tokens.

    A statute token is repeated in proportion to how many places (the process and its steps)
    name the goal, relative to the process that names it most (at most
    :data:`MAX_STATUTE_WEIGHT` times), so the process that works most with a paragraph ranks
    first when several cite it, whatever their lengths.
    """
    tags: list[str] = []
    if process.question:
        tags.append(process.question)
    tags.extend(process.keywords)
    weight = _goal_weights(process)
    most = _most_goal_weights(repo)
    for _, goal in statute_references(repo, process_goal_ids(process)):
        share = weight.get(goal.id, 1) / most.get(goal.id, 1)
        repeat = max(1, math.ceil(MAX_STATUTE_WEIGHT * share))
        for token in statute_tokens(goal):
            tags.append(" ".join([token] * repeat))
    clean = [" ".join(_TAG_UNSAFE.sub(" ", t).split()) for t in tags]
    return list(dict.fromkeys(t for t in clean if t))


MAX_STATUTE_WEIGHT = 5


def _goal_weights(process: Process) -> dict[str, int]:
    """How many places in a process (the process itself and each step) name each goal."""
    counts: dict[str, int] = dict.fromkeys(process.goals, 1)
    for step in process.steps:
        for gid in step.goals:
            counts[gid] = counts.get(gid, 0) + 1
    return counts


_MOST: dict[int, tuple[object, dict[str, int]]] = {}


def _most_goal_weights(repo: Repository) -> dict[str, int]:
    """For each goal, the most places any one process of ``repo`` names it (cached per repository)."""
    cached = _MOST.get(id(repo))
    if cached is not None and cached[0] is repo:
        return cached[1]
    most: dict[str, int] = {}
    for p in repo.processes.values():
        for gid, n in _goal_weights(p).items():
            most[gid] = max(most.get(gid, 0), n)
    _MOST.clear()
    _MOST[id(repo)] = (repo, most)
    return most


_TAG_UNSAFE = re.compile(r"[<>&\"`]")


def process_search_meta(repo: Repository, process: Process) -> dict[str, object]:
    """Front matter for a process page: boost and tags."""
    return {"search": {"boost": _BOOST_PROCESS}, "tags": process_tags(repo, process)}


def goal_search_meta() -> dict[str, object]:
    """Front matter for a goal page: found, but after the processes that serve it."""
    return {"search": {"boost": _BOOST_GOAL}}


def search_terms(meta: dict[str, object]) -> str:
    """The hidden, heavily weighted text a page gives the index: its search tags."""
    tags = meta.get("tags")
    return " ".join(str(t) for t in tags) if isinstance(tags, list) else ""
