"""Run every rule over a loaded repository and apply the configured severities."""

from __future__ import annotations

from procmodel.findings import Finding
from procmodel.load.repository import gc_paused
from procmodel.model import Severity
from procmodel.repository import Repository
from procmodel.rules import RULES, rule_for


def effective_severity(repo: Repository, rule_id: str) -> Severity:
    """A rule's severity after the repository configuration's overrides."""
    rule = RULES[rule_id]
    if not rule.configurable:
        return rule.severity
    for key, severity in repo.config.rules.items():
        if rule_for(key) is rule:
            return severity
    return rule.severity


def check_repository(repo: Repository) -> list[Finding]:
    """All findings for ``repo`` (load findings included), located and sorted; 'off' rules dropped."""
    findings = list(repo.findings)
    with gc_paused():
        for rule in RULES.values():
            if effective_severity(repo, rule.id) is Severity.off:
                continue
            findings.extend(rule.check(repo))
        kept = []
        for f in findings:
            f.severity = effective_severity(repo, f.rule)
            if f.severity is not Severity.off:
                kept.append(f)
        kept.sort(key=lambda f: f.file or "")  # locate file by file: each file is composed once
        repo.sources.resolve(kept)
    kept.sort(key=Finding.sort_key)
    return kept
