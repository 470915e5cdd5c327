"""Swedish search tuning: statute tokens, query rewriting, the separator."""

from __future__ import annotations

import re

import pytest

from procmodel.model import Goal
from procmodel.site.search import SEPARATOR, rewrite_query, statute_tokens


@pytest.mark.parametrize(
    ("number", "tokens"),
    [
        ("6 kap. 10 §", ["6kap10"]),
        ("3 kap. 5 a §", ["3kap5a"]),
        ("6 kap.", ["6kap"]),
        ("2.8", []),
        (None, []),
    ],
)
def test_statute_tokens_from_official_numbering(number, tokens):
    assert statute_tokens(Goal(id="g", number=number)) == tokens


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("6 kap 10", "6kap10"),
        ("6 kap. 10 §", "6kap10"),
        ("6:10", "6kap10"),
        ("4:8", "4kap8"),
        ("4 kap 8 klagomål", "4kap8^1 klagomål"),
        ("3 kap. 5 a §", "3kap5a"),
        ("06 kap 010", "6kap10"),
        ("kränk", "kränk"),
        ("Hur gör vi när en elev är frånvarande?", "elev^1 frånvarande?"),
        ("hur", "hur"),  # nothing but question words: left alone
    ],
)
def test_query_rewrite(typed, sent):
    assert rewrite_query(typed) == sent


def test_separator_splits_words_and_keeps_decimal_numbering():
    sep = re.compile(SEPARATOR)
    assert [t for t in sep.split("6 kap. 10 § skollagen: anmäl/utred") if t] == [
        "6",
        "kap",
        "10",
        "skollagen",
        "anmäl",
        "utred",
    ]
    assert [t for t in sep.split("Lgr22 2.8 rektorns ansvar.") if t] == ["Lgr22", "2.8", "rektorns", "ansvar"]
    assert [t for t in sep.split("”åtgärdsprogram” (ÅP)") if t] == ["åtgärdsprogram", "ÅP"]
