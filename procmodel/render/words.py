"""The words in the diagrams (tooltips, lane headers, accessible names), from the message catalogs.

Diagrams speak the language of what procmodel makes: the repository's ``language``
(procmodel.yaml, Swedish by default), or the one a site build or ``--lang`` asks for.
"""

from __future__ import annotations

from functools import cache

from procmodel.i18n import Words, artefact_language
from procmodel.repository import Repository


def diagram_words(repo: Repository) -> Words:
    """The words for diagrams of ``repo``: ``words("diagram.lane_tooltip", role=…)``."""
    return _words(artefact_language(repo.config.language))


@cache
def _words(lang: str) -> Words:
    return Words(lang)
