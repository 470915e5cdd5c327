"""Findings as JSON; the shape is documented in docs/output-formats.md and versioned."""

from __future__ import annotations

import json

from procmodel import __version__
from procmodel.findings import Finding
from procmodel.i18n import current_language, localize
from procmodel.report.result import CheckResult

SCHEMA_VERSION = 1


def finding_dict(f: Finding) -> dict[str, object]:
    """One finding in the stable JSON shape."""
    loc = f.location
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity.value,
        "message": localize(f.message),
        "hint": localize(f.hint),
        "file": f.file,
        "line": loc.line if loc and loc.line else None,
        "column": loc.column if loc and loc.line else None,
        "end_column": loc.end_column if loc and loc.end_column else None,
        "subject": f.subject,
    }


def format_json(result: CheckResult, colour: bool = False) -> str:
    """``{"version", "tool", "summary", "findings": [...]}`` (see docs/output-formats.md)."""
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "procmodel", "version": __version__},
        "root": str(result.repo.root),
        "language": current_language(),
        "summary": {**result.counts, **result.stats},
        "findings": [finding_dict(f) for f in result.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
