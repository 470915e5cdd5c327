"""DOT quoting: a text with nothing to escape is quoted as it is, any other is escaped in full."""

from __future__ import annotations

import re

import pytest

from procmodel.render.dot import quote


def _escaped_in_full(text: str) -> str:
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


TEXTS = ["Anmäl till rektor", "", 'sa "hej"', "a\\b", "rad 1\nrad 2", "a\r\nb\rc", "tab\there", "ring\x07"]
TEXTS += ["\x7f", "\x00 nul"]


@pytest.mark.parametrize("text", TEXTS)
def test_quote_escapes_what_dot_needs_and_passes_the_rest(text: str) -> None:
    assert quote(text) == _escaped_in_full(text)
