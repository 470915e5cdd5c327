"""Search tuned for Swedish, on top of mkdocs-material's offline lunr search.

How it works (see docs/site.md):

- Material indexes each page in the browser with lunr and the Swedish stop words
  (``lang: sv``); every query word is matched as a prefix, so "kränk" and "åtgärd"
  find "kränkningar" and "åtgärdsprogram".
- :data:`SEPARATOR` splits words on spaces, punctuation, ``§`` and ``:`` but keeps
  decimal numbering such as ``2.8`` (Lgr22) in one piece.
- A process page carries its question, keywords and statute references as search
  *tags*, which Material weighs far above titles and text: the process whose question
  or keywords match comes first.
- Statute references are indexed as one compact token (``6 kap. 10 §`` → ``6kap10``),
  and the site's script rewrites what people type ("6 kap 10", "6:10", "4 kap. 8 §")
  into the same token before the query reaches the search worker
  (:data:`STATUTE_QUERY_PATTERN` is the shared pattern, tested in both languages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from procmodel.model import Goal, Process
from procmodel.repository import Repository

#: Word separator for lunr (a JavaScript regular expression).
SEPARATOR = r"[\s\-,;:!?=\[\]()\"'/§–—«»“”‘’…*]+|\.(?!\d)"

#: A statute reference as people type it: chapter, "kap"/":", paragraph (optional letter).
STATUTE_QUERY_PATTERN = r"(\d+)\s*(?:kap(?:itlet)?\.?\s*|:\s*)(\d+)(?:\s?([a-z])\b)?(?:\s*§)?"

#: Words left out of queries: question words and Swedish function words. Every query word
#: is matched as a prefix, so "en" would otherwise find "enkät" and "när" "närvaro".
QUESTION_WORDS = [
    "hur",
    "gör",
    "göra",
    "gjorde",
    "görs",
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
]

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


def rewrite_query(query: str) -> str:
    """What the site's script does to a query (the same rules, in Python, for tests and docs).

    Statute references become compact tokens; question words are left out unless nothing
    else is left; words before the last must match whole words (``^1``), the last one is
    matched as a prefix by mkdocs-material.
    """

    def sub(m: re.Match[str]) -> str:
        return statute_token(m.group(1), m.group(2), m.group(3))

    q = re.sub(STATUTE_QUERY_PATTERN, sub, query, flags=re.IGNORECASE)
    words = q.split()
    stop = set(QUESTION_WORDS)
    kept = [w for w in words if w.lower().rstrip('?!.,;:"”“') not in stop]
    if not kept:
        return q
    out = []
    for i, w in enumerate(kept):
        bare = w.rstrip('?!.,;"”“')
        complete = i < len(kept) - 1 and bare and not any(c in bare for c in "*~^+-:")
        out.append(f"{bare}^1" if complete else w)
    return " ".join(out)


def site_script(template: str) -> str:
    """The site's JavaScript with the shared word list filled in."""
    return template.replace("__QUESTION_WORDS__", " ".join(QUESTION_WORDS))


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

    A statute token is repeated once per step that serves the goal (at most
    :data:`MAX_STATUTE_WEIGHT` times), so the process that works most with a paragraph
    ranks first when several cite it.
    """
    tags: list[str] = []
    if process.question:
        tags.append(process.question)
    tags.extend(process.keywords)
    weight = _goal_weights(process)
    for _, goal in statute_references(repo, process_goal_ids(process)):
        for token in statute_tokens(goal):
            tags.append(" ".join([token] * min(weight.get(goal.id, 1), MAX_STATUTE_WEIGHT)))
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


_TAG_UNSAFE = re.compile(r"[<>&\"`]")


def process_search_meta(repo: Repository, process: Process) -> dict[str, object]:
    """Front matter for a process page: boost and tags."""
    return {"search": {"boost": _BOOST_PROCESS}, "tags": process_tags(repo, process)}


def goal_search_meta() -> dict[str, object]:
    """Front matter for a goal page: found, but after the processes that serve it."""
    return {"search": {"boost": _BOOST_GOAL}}
