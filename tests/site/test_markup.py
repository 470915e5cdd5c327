"""Escaping: a text with nothing to escape is passed through as it is, any other is escaped in full."""

from __future__ import annotations

import html

import pytest

from procmodel.site.markup import esc

TEXTS = ["Anmäl till rektor", "", "a & b", "<script>", 'sa "hej"', "elevens's", "1 > 0", 7, None, "\t\n"]


@pytest.mark.parametrize("text", TEXTS)
def test_esc_is_html_escape_with_quotes(text: object) -> None:
    assert esc(text) == html.escape(str(text), quote=True)
