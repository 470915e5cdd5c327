"""Rule severities are overridable in procmodel.yaml; load rules are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.model import Severity
from procmodel.rules import RULES
from procmodel.rules.base import effective_severity

CASES = Path(__file__).parent / "cases"


def write_repo(root: Path, rules: str) -> Path:
    """A repository with an overdue review (PM402) and an unreachable step (PM203)."""
    (root / "p").mkdir(parents=True)
    (root / "procmodel.yaml").write_text(f"today: 2026-03-01\n{rules}", encoding="utf-8")
    (root / "roles.yaml").write_text("roles:\n  - id: rektor\n    name: Rektor\n", encoding="utf-8")
    (root / "p" / "frånvaro.yaml").write_text(
        "id: frånvaro\ntitle: Frånvaro\nquestion: Hur gör vi när en elev är frånvarande?\n"
        "status: approved\nowner: rektor\nreviewed: 2020-01-01\nsteps:\n"
        "  - {id: start, type: start, next: slut}\n"
        "  - {id: glömd, title: Glömt steg, role: rektor}\n"
        "  - {id: slut, type: end}\n",
        encoding="utf-8",
    )
    return root


def by_rule(root: Path) -> dict[str, Severity]:
    return {f.rule: f.severity for f in check_repository(load_repository(root))}


def test_defaults(tmp_path: Path) -> None:
    found = by_rule(write_repo(tmp_path, ""))
    assert found == {"PM402": Severity.warning, "PM203": Severity.error}


def test_overrides_by_id_and_by_name(tmp_path: Path) -> None:
    found = by_rule(write_repo(tmp_path, "rules:\n  PM402: error\n  unreachable-step: 'off'\n"))
    assert found == {"PM402": Severity.error}


def test_override_to_info_and_warning(tmp_path: Path) -> None:
    found = by_rule(write_repo(tmp_path, "rules:\n  review-overdue: info\n  PM203: warning\n"))
    assert found == {"PM402": Severity.info, "PM203": Severity.warning}


@pytest.mark.parametrize("rule_id", sorted(r for r, rule in RULES.items() if not rule.configurable))
def test_load_rules_stay_errors(rule_id: str, tmp_path: Path) -> None:
    """A file that cannot be read cannot be waved through by configuration."""
    root = write_repo(tmp_path, f"rules:\n  {rule_id}: 'off'\n  {RULES[rule_id].name}: warning\n")
    repo = load_repository(root)
    assert effective_severity(repo.config, rule_id) is RULES[rule_id].severity
    (root / "p" / "trasig.yaml").write_bytes(b"id: trasig\n\ttitle: tab\n")
    findings = check_repository(load_repository(root))
    if rule_id == "PM001":
        assert [f.severity for f in findings if f.rule == "PM001"] == [Severity.error]


def test_unknown_rule_in_config_is_reported_not_applied(tmp_path: Path) -> None:
    found = check_repository(load_repository(write_repo(tmp_path, "rules:\n  unreachable-stepp: 'off'\n")))
    assert {f.rule for f in found} == {"PM011", "PM402", "PM203"}
    pm011 = next(f for f in found if f.rule == "PM011")
    assert pm011.hint == "Did you mean 'unreachable-step'?"
