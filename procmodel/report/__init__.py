"""Output formats for check and coverage results.

A check format is a function ``(CheckResult, colour=False) -> str``; a coverage format takes a
:class:`procmodel.report.coverage_report.CoverageReport` instead. Every format is listed in
the one table :data:`procmodel.report.formats.FORMATS`, keyed by ``(kind, name)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from procmodel.report.result import CheckResult

__all__ = ["CheckResult"]


def __getattr__(name: str) -> Any:
    # imported when first used: the table of formats is read before any result exists
    if name == "CheckResult":
        from procmodel.report.result import CheckResult

        return CheckResult
    raise AttributeError(f"module 'procmodel.report' has no attribute {name!r}")
