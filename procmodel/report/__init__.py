"""Output formats for check and coverage results.

A check format is a function ``(CheckResult, colour=False) -> str``; a coverage format takes a
:class:`procmodel.report.coverage_report.CoverageReport` instead. Every format is listed in
the one table :data:`procmodel.report.formats.FORMATS`, keyed by ``(kind, name)``.
"""

from procmodel.report.result import CheckResult

__all__ = ["CheckResult"]
