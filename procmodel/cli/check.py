"""``procmodel check``: validate a repository (the CI command)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from procmodel.cache_entries import caches_off
from procmodel.check_cache import (
    CACHE_DIR,
    FINDINGS,
    CachedReport,
    CheckInputs,
    check_inputs,
    file_digests,
    parse_cache,
    read_report,
    write_report,
)
from procmodel.cli.common import (
    default_path,
    load_or_exit,
    output_option,
    path_argument,
    progress_option,
    speak_repository_language,
    use_colour,
    write_output,
)
from procmodel.file_digests import FileDigests
from procmodel.i18n import say
from procmodel.i18n.cli import language_option, requested_language_option
from procmodel.load.discovery import RepositoryError, find_root
from procmodel.progress import Progress, progress_mode
from procmodel.report.formats import format_names, formatter


@click.command()
@path_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(format_names("check")),
    default="text",
    show_default=True,
    help="Output format (json: see docs/output-formats.md).",
)
@output_option
@click.option(
    "--changed-since",
    metavar="REV",
    help="Pull-request mode: only findings in files changed since git REV, plus the coverage delta.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check everything again; do not read or write the result cache in .procmodel-cache/.",
)
@progress_option
@language_option
def check(
    path: str | None,
    fmt: str,
    output: str | None,
    changed_since: str | None,
    no_cache: bool,
    progress: bool | None,
) -> None:
    """Check a process repository: schema, references, flow, governance, coverage.

    PATH is the folder holding procmodel.yaml (default: processes/ if present).
    Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable files.
    """
    with Progress("procmodel check", progress_mode(progress)) as shown:
        _check(path, fmt, output, changed_since, no_cache, shown)


def _check(
    path: str | None, fmt: str, output: str | None, changed_since: str | None, no_cache: bool, shown: Progress
) -> None:
    colour = use_colour(output)
    no_cache = no_cache or caches_off()
    root = None if no_cache or changed_since else _repository_root(path)
    digests = None if root is None else file_digests(root)
    inputs = None if root is None or digests is None else _check_inputs(root, fmt, colour, digests)
    if root is not None and inputs is not None:
        cached = read_report(root, inputs.key)
        if cached is not None:
            if digests is not None:
                digests.save()
            write_output(cached.text, output)
            shown.finish(say("progress.check.cached"))
            sys.exit(cached.status)
    # what a check needs, imported only now: a cached report above needs none of it
    from procmodel.check import RuleParts, check_repository
    from procmodel.check_state import QUICK_FORMATS, kept_state, quick_check, save_quick, write_state
    from procmodel.cli.changes import pull_request_result
    from procmodel.findings_cache import FindingsCache
    from procmodel.load.parse_cache import cache_secret
    from procmodel.report.result import CheckResult
    from procmodel.unreadable import unreadable

    quick = state = None
    shown.step(say("progress.reading"))
    if root is not None and inputs is not None:
        state = kept_state(root, inputs, cache_secret())
        quick = quick_check(root, inputs, state) if fmt in QUICK_FORMATS else None
    parts = RuleParts()
    if quick is not None:
        speak_repository_language(quick.repo)
        result = CheckResult(quick.repo, quick.findings, counted=quick.stats)
        findings: FindingsCache | None = quick.cache
    else:
        parsed = None
        findings = None
        if root is not None and inputs is not None:
            parsed = parse_cache(root)
            findings = FindingsCache(root / CACHE_DIR / FINDINGS, inputs)
        repo = load_or_exit(path, parsed)
        shown.step(say("progress.check.rules"))
        if changed_since:
            result = pull_request_result(repo, changed_since)
        else:
            result = CheckResult(repo, check_repository(repo, cache=findings, parts=parts))
    text = formatter("check", fmt)(result, colour=colour)
    shown.clear()
    write_output(text, output)
    errors = [f for f in result.findings if f.severity.value == "error"]
    status = 0 if not errors else 2 if unreadable(errors) else 1
    warnings = result.counts["warning"]
    stats = result.stats  # worked out from the whole repository at each reading
    counts = {"files": stats["files"], "processes": stats["processes"]}
    shown.finish(say("progress.check.done", errors=len(errors), warnings=warnings, **counts))
    if root is not None and inputs is not None:
        after = _check_inputs(root, fmt, colour, digests)
        if after is not None and after.key == inputs.key:  # only if no file changed meanwhile
            write_report(root, inputs.key, CachedReport(text, status))
            if findings is not None:
                findings.save()
            if digests is not None:
                digests.save()
            if quick is not None:
                save_quick(root, quick, cache_secret())
            elif findings is not None:
                write_state(root, inputs, result.repo, parts, findings, cache_secret(), state)
    sys.exit(status)


def _repository_root(path: str | None) -> Path | None:
    """The repository folder the cache is kept in (``None``: no repository; the load says why)."""
    try:
        return find_root(path or default_path())
    except RepositoryError:
        return None


def _check_inputs(root: Path, fmt: str, colour: bool, digests: FileDigests | None) -> CheckInputs | None:
    """The hashed inputs of this check (``None``: some entry cannot be read)."""
    env = dict(os.environ)
    lang = requested_language_option()
    return check_inputs(root, fmt=fmt, colour=colour, lang=lang, env=env, digests=digests)


COMMANDS = [check]
