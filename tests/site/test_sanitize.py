"""Markdown in process files becomes safe HTML (nh3)."""

from __future__ import annotations

import pytest

from procmodel.site.markup import md_text, plain_title
from procmodel.site.sanitize import markdown_html, safe_url


def test_markdown_is_rendered():
    html = markdown_html("Fyll i **blanketten**.\n\nSkriv:\n- vem\n- vad")
    assert "<strong>blanketten</strong>" in html
    assert "<ul>" in html and "<li>vem</li>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<iframe src="javascript:alert(1)"></iframe>',
        "[x](data:text/html,<script>alert(1)</script>)",
        '<b onmouseover="alert(1)">x</b>',
        "[x]( JaVaScRiPt:alert(1))",
    ],
)
def test_raw_html_and_script_links_are_neutralised(hostile):
    html = markdown_html(hostile).lower()
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "<iframe" not in html and "onmouseover" not in html and "data:text" not in html


def test_safe_links_keep_working():
    html = markdown_html("[Skolverket](https://www.skolverket.se) och <mailto:rektor@skola.se>")
    assert 'href="https://www.skolverket.se"' in html
    assert 'rel="noopener noreferrer"' in html


def test_document_urls():
    assert safe_url("https://a.se/x") == "https://a.se/x"
    assert safe_url(" javascript:alert(1)") is None
    assert safe_url("vbscript:x") is None
    assert safe_url("relativ/sökväg") is None


def test_markdown_headings_carry_no_markup():
    assert md_text("a *b* <i>c</i> {#x}") == r"a \*b\* &lt;i\>c&lt;/i\> \{\#x\}"
    assert plain_title('Elak <script>"x"</script>') == "Elak ‹script›”x”‹/script›"
