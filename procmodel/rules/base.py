"""The rule framework: one small class per rule, registered by id.

A rule has a stable id (``PM203``) and name (``unreachable-step``) that never
change meaning, a default severity, and a docstring whose first line is its
one-line doc; the rest of the docstring (Why / Fix) becomes the rule's page
in ``docs/rules.md``. Rules of problems found while reading a file (family
``load``, and PM106) are reported by the loader; their :meth:`Rule.check` yields nothing.

A rule's :meth:`Rule.check` takes the run's :class:`~procmodel.rules.context.CheckContext`.
Severities are resolved here, with the registry (:func:`resolve_severities`): the class
default, unless ``rules:`` in ``procmodel.yaml`` overrides it for a configurable rule.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from procmodel.findings import Finding, SourceRef
from procmodel.model import Config, Severity

if TYPE_CHECKING:
    from procmodel.rules.context import CheckContext

RULES: dict[str, Rule] = {}
RULES_BY_NAME: dict[str, Rule] = {}

#: Rule families, in the order of ``docs/rules.md``: family → section title. A rule must name one.
FAMILIES = {
    "load": "Reading files",
    "references": "References",
    "flow": "Flow",
    "subprocesses": "Subprocesses",
    "governance": "Governance",
    "red-thread": "Red thread",
    "coverage": "Coverage",
    "units": "Units and variants",
    "followup": "Follow-up",
}


class Rule:
    """Base class; subclasses set the class attributes and implement :meth:`check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.error
    family: ClassVar[str]  # a key of FAMILIES (its section in docs/rules.md)
    #: False for load problems: a file that cannot be read cannot be waved through.
    configurable: ClassVar[bool] = True

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        """Yield findings for ``ctx.repo``; load rules are reported by the loader instead."""
        return ()

    @classmethod
    def summary(cls) -> str:
        """The one-line doc (first docstring line)."""
        return (inspect.getdoc(cls) or "").splitlines()[0]

    @classmethod
    def details(cls) -> str:
        """The docstring after its first line."""
        return "\n".join((inspect.getdoc(cls) or "").splitlines()[1:]).strip()

    def finding(
        self,
        message: str,
        ref: SourceRef | None = None,
        *,
        hint: str | None = None,
        subject: str | None = None,
    ) -> Finding:
        """A finding of this rule at its default severity (the runner applies the config)."""
        return Finding(self.id, self.name, self.severity, message, hint, ref, subject=subject)


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry.

    Ids and names must be unique, and the family one of :data:`FAMILIES`, so that every rule
    that runs has its section in ``docs/rules.md``.
    """
    family = getattr(cls, "family", None)
    if family not in FAMILIES:
        raise ValueError(
            f"rule {cls.id} {cls.name}: family {family!r} is not one of {', '.join(FAMILIES)}; "
            "set `family` on the class (or add the family to FAMILIES in procmodel/rules/base.py)"
        )
    rule = cls()
    if cls.id in RULES or cls.name in RULES_BY_NAME:
        raise ValueError(f"rule {cls.id} {cls.name} registered twice")
    RULES[cls.id] = rule
    RULES_BY_NAME[cls.name] = rule
    return cls


def rule_for(key: str) -> Rule | None:
    """Look a rule up by id (``PM203``) or name (``unreachable-step``)."""
    return RULES.get(key.upper()) or RULES_BY_NAME.get(key)


def effective_severity(config: Config, rule_id: str) -> Severity:
    """A rule's severity after the repository configuration's overrides (``rules:``)."""
    rule = RULES[rule_id]
    if not rule.configurable:
        return rule.severity
    for key, severity in config.rules.items():
        if rule_for(key) is rule:
            return severity
    return rule.severity


def resolve_severities(config: Config) -> dict[str, Severity]:
    """Rule id → its effective severity, for every registered rule."""
    return {rule_id: effective_severity(config, rule_id) for rule_id in RULES}
