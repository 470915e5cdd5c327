"""How official a text is, in HTML: a goal's wording and a step's deadline.

Text that is not official is never shown as if it were: a goal's wording is labelled
"Officiell lydelse", "Sammanfattning – inte lagtext" or "Ej verifierad", and a deadline
says whether the law or a local routine sets it.
"""

from __future__ import annotations

import re

from procmodel.model import Deadline, DeadlineBasis, Goal, Wording
from procmodel.site.i18n import Words
from procmodel.site.markup import esc, tag
from procmodel.site.sanitize import safe_url


def wording_label(w: Words, goal: Goal) -> str:
    """The badge above a goal's text: official, summary or unverified."""
    kind = goal.wording.value
    return tag(
        "p",
        f'<span class="pm-wording pm-wording--{kind}">{esc(w(f"goal.wording.{kind}"))}</span> '
        f'<span class="pm-wording__why">{esc(w(f"goal.wording.{kind}_note"))}</span>',
        class_="pm-goal-wording",
    )


def source_html(source: str) -> str:
    """A source as a link when it is an address, else as the citation text."""
    url = safe_url(source)
    return tag("a", esc(url), href=url, rel="noopener noreferrer") if url else esc(source)


def deadline_html(w: Words, deadline: Deadline) -> str:
    """The deadline text followed by who sets it: the law (with the citation) or a local routine."""
    text = deadline.text
    if deadline.basis is DeadlineBasis.law:
        where = deadline.citation or deadline.goal or ""
        law = esc(w("step.deadline_law"))
        basis = f'<span class="pm-deadline-basis pm-deadline-basis--law">{law}: {esc(where)}</span>'
    else:
        local = w("step.deadline_local")
        basis = f'<span class="pm-deadline-basis pm-deadline-basis--local">{esc(local)}</span>'
        # "Senast 15 september (lokal rutin)" says it already: the badge says it once
        text = re.sub(rf"\s*\(\s*{re.escape(local)}\s*\)", "", text, flags=re.IGNORECASE).strip()
    return f"{esc(text)} ({basis})"


__all__ = ["Wording", "deadline_html", "source_html", "wording_label"]
