"""Findings as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Every rule of the registry is described in ``tool.driver.rules`` (id, name,
descriptions, help, default level); each finding is a ``result`` whose
artifact URI is relative to ``%SRCROOT%`` (the git work tree, else the
current folder), percent-encoded so Swedish letters survive.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from procmodel import __version__
from procmodel.findings import Finding
from procmodel.i18n import english, localize
from procmodel.model import Severity
from procmodel.report.result import CheckResult
from procmodel.rules import RULES
from procmodel.rules.base import effective_severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note", Severity.off: "none"}
SRCROOT = "%SRCROOT%"


def source_root(start: Path) -> Path:
    """The folder artifact paths are relative to: the enclosing git work tree, else the current folder."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd().resolve()


def artifact_path(result: CheckResult, file: str) -> str:
    """``file`` (as findings name it) relative to :func:`source_root`, with '/' separators."""
    path = result.repo.sources.path(file)
    root = source_root(result.repo.root.resolve())
    return Path(os.path.relpath(path.resolve(), root)).as_posix()


def _rule_descriptor(rule_id: str, result: CheckResult) -> dict[str, object]:
    rule = RULES[rule_id]
    severity = effective_severity(result.repo.config, rule_id)
    details = rule.details()
    config: dict[str, object] = {"level": LEVELS[severity]}
    if severity is Severity.off:
        config = {"enabled": False, "level": "none"}
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": (rule.summary() + "\n\n" + details).strip()},
        "help": {
            "text": details or rule.summary(),
            "markdown": f"**{rule.id} `{rule.name}`**: {rule.summary()}\n\n{details}".strip(),
        },
        "defaultConfiguration": config,
        "properties": {"tags": [rule.family], "precision": "very-high"},
    }


def _result(f: Finding, result: CheckResult, index: dict[str, int]) -> dict[str, object]:
    text = localize(f.message) + (f"\n{localize(f.hint)}" if f.hint else "")
    out: dict[str, object] = {
        "ruleId": f.rule,
        "level": LEVELS[f.severity],
        "message": {"text": text},
    }
    if f.rule in index:
        out["ruleIndex"] = index[f.rule]
    file = f.file or result.repo.config_file
    if file:
        uri = artifact_path(result, file)
        physical: dict[str, object] = {"artifactLocation": {"uri": quote(uri), "uriBaseId": SRCROOT}}
        loc = f.location
        if loc and loc.line and loc.file == file:
            region: dict[str, int] = {"startLine": loc.line}
            if loc.column:
                region["startColumn"] = loc.column
                if loc.end_column > loc.column:
                    region["endColumn"] = loc.end_column
            physical["region"] = region
        out["locations"] = [{"physicalLocation": physical}]
        key = f"{f.rule}|{uri}|{f.subject or ''}|{english(f.message)}"  # the same in every language
        out["partialFingerprints"] = {"procmodelFinding/v1": hashlib.sha256(key.encode()).hexdigest()[:32]}
    if f.extra:
        out["properties"] = {k: v for k, v in f.extra.items() if isinstance(v, str | int | float | bool)}
    return out


def format_sarif(result: CheckResult, colour: bool = False) -> str:
    """A SARIF 2.1.0 log with one run (see docs/output-formats.md)."""
    ordered = sorted(RULES)
    index = {rid: i for i, rid in enumerate(ordered)}
    root = source_root(result.repo.root.resolve())
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "procmodel",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://pypi.org/project/procmodel/",
                "rules": [_rule_descriptor(rid, result) for rid in ordered],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, result, index) for f in result.findings],
    }
    if result.changes is not None:
        run["properties"] = {"changedSince": result.changes.rev, "baseCommit": result.changes.commit}
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
