"""The check runner: one :class:`~procmodel.rules.context.CheckContext`, every rule, severities applied."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.load.repository import gc_paused
from procmodel.model import Severity
from procmodel.rules import RULES
from procmodel.rules.base import resolve_severities
from procmodel.rules.context import CheckContext

if TYPE_CHECKING:
    from procmodel.changes import ChangeSet
    from procmodel.findings_cache import FindingsCache
    from procmodel.repository import Repository


def check_repository(
    repo: Repository,
    changes: ChangeSet | None = None,
    cache: FindingsCache | None = None,
    parts: RuleParts | None = None,
) -> list[Finding]:
    """All findings for ``repo`` (load findings included), located and sorted; 'off' rules dropped.

    ``changes`` (pull-request mode, :func:`procmodel.changes.changes_since`): the coverage
    changes since its revision are reported too (PM608–PM610). Filtering the findings down to
    the changed files is :meth:`~procmodel.changes.ChangeSet.relevant`'s job. ``cache``: the
    per-process findings of earlier runs (``procmodel check``), reused where still valid.
    ``parts``: see :func:`run_rules`.
    """
    return run_rules(check_context(repo, changes), cache, parts)


def check_context(repo: Repository, changes: ChangeSet | None = None) -> CheckContext:
    """The one context of a check run: severities resolved from the configuration, once."""
    if changes is None:
        return CheckContext(repo, resolve_severities(repo.config))
    return CheckContext(
        repo, resolve_severities(repo.config), changes.changes, changes.rev, changes.processes
    )


@dataclass
class RuleParts:
    """What a check's findings were made of, before they are finished (:func:`finish`): the
    load findings and the findings of the rules run over the whole repository (not those of
    the per-process findings cache). ``procmodel check`` keeps them for the next run
    (:mod:`procmodel.check_state`)."""

    load: list[Finding] = field(default_factory=list)
    across: list[Finding] = field(default_factory=list)


def run_rules(
    ctx: CheckContext, cache: FindingsCache | None = None, parts: RuleParts | None = None
) -> list[Finding]:
    """The findings of every enabled rule over ``ctx``, plus the repository's load findings.

    ``parts``: filled in with the load findings and those of the rules outside ``cache``.
    """
    repo = ctx.repo
    load = list(repo.findings)
    across: list[Finding] = []
    with gc_paused():
        cached = set() if cache is None else cache.rules
        for rule in RULES.values():
            if ctx.enabled(rule.id) and rule.id not in cached:
                across.extend(rule.check(ctx))
        own = [] if cache is None else cache.findings(ctx)
    if parts is not None:
        parts.load, parts.across = load, across
    central_of = {vid: info.base for vid, info in repo.variants.items()}
    return finish(ctx, [*load, *across, *own], central_of)


def finish(ctx: CheckContext, findings: list[Finding], central_of: Mapping[str, str]) -> list[Finding]:
    """The findings as reported: a variant's inherited ones left out, severities applied, 'off'
    rules dropped, located and sorted. ``central_of``: each unit variant's central process."""
    with gc_paused():
        kept = []
        for f in once_per_central(central_of, findings):
            f.severity = ctx.severity(f.rule)
            if f.severity is not Severity.off:
                kept.append(f)
        kept.sort(key=lambda f: f.file or "")  # locate file by file: each file is composed once
        ctx.repo.sources.resolve(kept)
    kept.sort(key=Finding.sort_key)
    return kept


_QUOTED_ID = re.compile(r"'([^'@\s]+@[^'\s]+)'")


def once_per_central(central_of: Mapping[str, str], findings: list[Finding]) -> list[Finding]:
    """The findings with those a unit variant only inherits from its central process left out.

    A variant is checked as a whole process, so a finding about the central file (a missing
    owner, an unreachable step) would show again for every variant. Such a finding is the
    same rule at the same place with the same message once the variant's id is read as its
    central process's (``central_of``: variant id → central process id): it is kept once, on
    the central process. A finding the variant's own change causes points into the variant
    file, or is one the central process does not have, so it stays.
    """
    if not central_of:
        return findings

    def central_id(match: re.Match[str]) -> str:
        base = central_of.get(match.group(1))
        return f"'{base}'" if base is not None else match.group(0)

    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        message = f.message
        if "@" in message:
            message = _QUOTED_ID.sub(central_id, message)
        where: object = f.ref if f.ref is not None else f.location
        slot = (f.rule, where, message)
        if where is not None and slot in seen:
            continue
        seen.add(slot)
        out.append(f)
    return out
