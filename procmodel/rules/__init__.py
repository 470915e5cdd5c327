"""Checks as rules; importing this package registers every rule."""

from procmodel.rules import (  # noqa: F401 - imported to register the rules
    bpmn,
    coverage,
    flow,
    followup,
    governance,
    load,
    policy,
    redthread,
    references,
    subprocesses,
    units,
)
from procmodel.rules.base import RULES, RULES_BY_NAME, Rule, register, rule_for

__all__ = ["RULES", "RULES_BY_NAME", "Rule", "register", "rule_for"]
