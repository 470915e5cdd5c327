"""The error panel and live-reload script `procmodel serve` puts into every page."""

from __future__ import annotations

from procmodel.site.preview_page import SHOWN_ERRORS, PreviewView, error_panel, inject, placeholder

HOSTILE = {
    "where": "p/<x>.yaml:3:5",
    "rule": "PM101",
    "name": "unknown-role",
    "message": "unknown role '<script>alert(1)</script>'",
    "hint": 'Use "<img src=x onerror=alert(1)>"',
    "new": True,
}


def test_nothing_to_say_gives_no_panel():
    assert error_panel(PreviewView()) == ""


def test_new_errors_open_a_panel_with_every_text_escaped():
    panel = error_panel(PreviewView(errors=[HOSTILE], error_count=1, held=True, lang="en"))
    assert 'role="alert"' in panel and "last good version" in panel
    assert "<script>alert" not in panel and "<img" not in panel and "<x>" not in panel
    assert "&lt;script&gt;" in panel and "p/&lt;x&gt;.yaml:3:5" in panel and "PM101 unknown-role" in panel


def test_errors_already_there_sit_in_a_closed_panel():
    panel = error_panel(PreviewView(errors=[{**HOSTILE, "new": False}], error_count=1))
    assert panel.count("<details") == 1 and "open" not in panel.split(">", 2)[1]
    assert 'role="alert"' not in panel
    assert "1 fel i processfilerna" in panel  # Swedish by default


def test_a_failed_build_says_so_and_long_lists_are_cut():
    errors = [{**HOSTILE, "where": f"f.yaml:{i}:1"} for i in range(SHOWN_ERRORS + 5)]
    panel = error_panel(
        PreviewView(errors=errors, error_count=len(errors) + 10, failure="mkdocs.yml: <bad>", lang="en")
    )
    assert "could not be rebuilt" in panel and "mkdocs.yml: &lt;bad&gt;" in panel
    assert panel.count("<li>") == SHOWN_ERRORS and "and 15 more" in panel


def test_inject_goes_before_the_last_body_end():
    page = b"<html><body><p>a</p><pre></body></pre></body></html>"
    out = inject(page, PreviewView(version=7))
    assert out.endswith(b"</body></html>") and out.startswith(b"<html><body><p>a</p><pre></body></pre>")
    assert b"var v=7;" in out and b"/.procmodel/wait" in out


def test_the_placeholder_page_reloads_itself():
    page = placeholder(PreviewView(version=0, lang="sv"), building=True).decode()
    assert "Bygger förhandsvisningen" in page and "var v=0;" in page
