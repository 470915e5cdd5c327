"""The check runner: one :class:`~procmodel.rules.context.CheckContext`, every rule, severities applied."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.load.repository import gc_paused
from procmodel.model import Severity
from procmodel.repository import Repository
from procmodel.rules import RULES
from procmodel.rules.base import resolve_severities
from procmodel.rules.context import CheckContext

if TYPE_CHECKING:
    from procmodel.changes import ChangeSet
    from procmodel.findings_cache import FindingsCache


def check_repository(
    repo: Repository, changes: ChangeSet | None = None, cache: FindingsCache | None = None
) -> list[Finding]:
    """All findings for ``repo`` (load findings included), located and sorted; 'off' rules dropped.

    ``changes`` (pull-request mode, :func:`procmodel.changes.changes_since`): the coverage
    changes since its revision are reported too (PM608–PM610). Filtering the findings down to
    the changed files is :meth:`~procmodel.changes.ChangeSet.relevant`'s job. ``cache``: the
    per-process findings of earlier runs (``procmodel check``), reused where still valid.
    """
    return run_rules(check_context(repo, changes), cache)


def check_context(repo: Repository, changes: ChangeSet | None = None) -> CheckContext:
    """The one context of a check run: severities resolved from the configuration, once."""
    if changes is None:
        return CheckContext(repo, resolve_severities(repo.config))
    return CheckContext(
        repo, resolve_severities(repo.config), changes.changes, changes.rev, changes.processes
    )


def run_rules(ctx: CheckContext, cache: FindingsCache | None = None) -> list[Finding]:
    """The findings of every enabled rule over ``ctx``, plus the repository's load findings."""
    repo = ctx.repo
    findings = list(repo.findings)
    with gc_paused():
        cached = set() if cache is None else cache.rules
        for rule in RULES.values():
            if ctx.enabled(rule.id) and rule.id not in cached:
                findings.extend(rule.check(ctx))
        if cache is not None:
            findings.extend(cache.findings(ctx))
        kept = []
        for f in once_per_central(repo, findings):
            f.severity = ctx.severity(f.rule)
            if f.severity is not Severity.off:
                kept.append(f)
        kept.sort(key=lambda f: f.file or "")  # locate file by file: each file is composed once
        repo.sources.resolve(kept)
    kept.sort(key=Finding.sort_key)
    return kept


_QUOTED_ID = re.compile(r"'([^'@\s]+@[^'\s]+)'")


def once_per_central(repo: Repository, findings: list[Finding]) -> list[Finding]:
    """The findings with those a unit variant only inherits from its central process left out.

    A variant is checked as a whole process, so a finding about the central file (a missing
    owner, an unreachable step) would show again for every variant. Such a finding is the
    same rule at the same place with the same message once the variant's id is read as its
    central process's: it is kept once, on the central process. A finding the variant's own
    change causes points into the variant file, or is one the central process does not
    have, so it stays.
    """
    if not repo.variants:
        return findings
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        message = f.message
        if "@" in message:
            message = _QUOTED_ID.sub(lambda m: _central_id(repo, m), message)
        where: object = f.ref if f.ref is not None else f.location
        slot = (f.rule, where, message)
        if where is not None and slot in seen:
            continue
        seen.add(slot)
        out.append(f)
    return out


def _central_id(repo: Repository, match: re.Match[str]) -> str:
    info = repo.variants.get(match.group(1))
    return f"'{info.base}'" if info is not None else match.group(0)
