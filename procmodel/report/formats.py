"""Every output format of ``procmodel check`` and ``procmodel coverage``, in one table.

Keyed by ``(kind, name)``: kind ``check`` formats take a
:class:`~procmodel.report.result.CheckResult`, kind ``coverage`` formats a
:class:`~procmodel.report.coverage_report.CoverageReport`; each returns the text to write.
An explicit table (as ruff's ``codes.rs``), not registration on import: adding a format is
writing its function beside its siblings and adding its line here. A format's module is
imported when the format is asked for (``--help`` and a cached report import none).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the modules of the table below, imported by name when a format is asked for
    from procmodel.report import coverage, github, json_format, junit, markdown, sarif, text  # noqa: F401

Kind = Literal["check", "coverage"]
Format = Callable[..., str]

#: (kind, name) → (module of procmodel.report, function)
FORMATS: dict[tuple[Kind, str], tuple[str, str]] = {
    ("check", "text"): ("text", "format_text"),
    ("check", "json"): ("json_format", "format_json"),
    ("check", "markdown"): ("markdown", "format_markdown"),
    ("check", "junit"): ("junit", "format_junit"),
    ("check", "github"): ("github", "format_github"),
    ("check", "sarif"): ("sarif", "format_sarif"),
    ("coverage", "text"): ("coverage", "coverage_text"),
    ("coverage", "json"): ("coverage", "coverage_json"),
    ("coverage", "markdown"): ("markdown", "coverage_markdown"),
    ("coverage", "junit"): ("junit", "coverage_junit"),
    ("coverage", "github"): ("github", "coverage_github"),
}


def format_names(kind: Kind) -> list[str]:
    """The names of the formats of one kind, sorted (for ``--format``)."""
    return sorted(name for k, name in FORMATS if k == kind)


def formatter(kind: Kind, name: str) -> Format:
    """The format function; a ``KeyError`` names the kind and the formats there are."""
    try:
        module, function = FORMATS[kind, name]
    except KeyError:
        raise KeyError(f"no {kind} format {name!r}; use one of {', '.join(format_names(kind))}") from None
    fn: Format = getattr(importlib.import_module(f"procmodel.report.{module}"), function)
    return fn
