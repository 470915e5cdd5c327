"""The Markdown summary, rendered with Python-Markdown to check structure and escaping."""

from __future__ import annotations

import markdown as md_lib

from procmodel.report import CheckResult
from procmodel.report.coverage_report import coverage_report
from procmodel.report.formats import formatter
from procmodel.report.markdown import md


def render(text: str) -> str:
    return md_lib.markdown(text, extensions=["tables"])


def test_summary_headline_table_and_coverage(result: CheckResult) -> None:
    text = formatter("check", "markdown")(result)
    c = result.counts
    assert text.startswith("## ")
    html = render(text)
    if result.findings:
        assert f"{c['error']} error(s), {c['warning']} warning(s)" in text
        rows = [line for line in text.splitlines() if line.startswith("| ") and " PM" in line]
        assert len(rows) == len(result.findings)
    assert "<table>" in html and "Goal coverage" in html
    for cat in result.repo.catalogs.values():
        assert md(cat.short or cat.title) in text


def test_file_text_cannot_inject_html(broken: CheckResult) -> None:
    for text in (
        formatter("check", "markdown")(broken),
        formatter("coverage", "markdown")(coverage_report(broken.repo)),
    ):
        html = render(text)
        assert "<script>" not in html and "<b>fetstil</b>" not in html
        assert 'href="javascript' not in html


def test_escaping_keeps_one_table_cell() -> None:
    cell = md("a | b\nc <i>x</i> [l](javascript:y)")
    html = render(f"| h |\n|---|\n| {cell} |")
    assert html.count("<td>") == 1 and "<i>" not in html and "<a " not in html
    assert "a | b c &lt;i&gt;x&lt;/i&gt;" in html


def test_coverage_summary_lists_gaps(broken: CheckResult) -> None:
    text = formatter("coverage", "markdown")(coverage_report(broken.repo))
    assert "required goal(s) not served" in text and "nat-1-2" in text
    assert "<details>" in text
