"""The rule registry: every rule that runs is one docs/rules.md documents."""

from __future__ import annotations

import pytest

from procmodel.rules import RULES, Rule, register
from procmodel.rules.base import FAMILIES
from procmodel.rules.docs import rules_markdown


def test_a_rule_without_a_family_is_refused() -> None:
    class NoFamily(Rule):
        """A rule that names no family."""

        id = "PM999"
        name = "no-family"

    with pytest.raises(ValueError, match="PM999 no-family: family None is not one of load"):
        register(NoFamily)
    assert "PM999" not in RULES


def test_a_rule_with_an_unknown_family_is_refused() -> None:
    class Misfiled(Rule):
        """A rule in a family the docs do not have."""

        id = "PM998"
        name = "misfiled"
        family = "general"

    with pytest.raises(ValueError, match="family 'general' is not one of"):
        register(Misfiled)
    assert "PM998" not in RULES and "misfiled" not in {r.name for r in RULES.values()}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_registered_rule_has_its_section_in_the_docs(rule_id: str) -> None:
    rule = RULES[rule_id]
    page = rules_markdown()
    assert rule.family in FAMILIES
    assert f"\n### {rule_id}\n" in page
    assert f"| [{rule_id}](#{rule_id.lower()}) | `{rule.name}` |" in page
