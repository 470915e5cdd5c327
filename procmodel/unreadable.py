"""Which findings mean that files could not be read: one definition for every command.

A file that is not readable YAML or XML, not UTF-8, empty, or not a regular file never
reaches the model, so a report made without it is incomplete. ``procmodel check`` exits 2
on such files (1 on other errors), and every command that reports on a repository prints
what it could and then exits 2 too, naming the files (see :mod:`procmodel.cli.common`).
A file read but not valid (PM010 schema) is an error ``check`` finds, not an unreadable file;
but what it holds is left out of the model all the same (whole, or the part that is not valid),
so a report lacks it as it lacks an unreadable file's (:func:`left_out`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from procmodel.findings import Finding
from procmodel.model import Severity


@cache
def unreadable_rules() -> frozenset[str]:
    """The load rules whose errors mean files could not be read (they cannot be turned off)."""
    from procmodel.rules import RULES

    return frozenset(
        rid for rid, r in RULES.items() if r.family == "load" and not r.configurable and rid != "PM010"
    )


def unreadable(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of ``findings`` that name a file that could not be read."""
    rules = unreadable_rules()
    return [f for f in findings if f.severity is Severity.error and f.rule in rules]


#: a file read but not valid against the schema: left out of the model, whole or in part
NOT_VALID = "PM010"


def left_out(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of files whose content a report made from the repository lacks: files that
    could not be read, and files (or parts of files) not valid against the schema."""
    rules = unreadable_rules() | {NOT_VALID}
    return [f for f in findings if f.severity is Severity.error and f.rule in rules]
