"""One definition of 'files that could not be read', for check and every report."""

from __future__ import annotations

from procmodel.findings import Finding
from procmodel.model import Severity
from procmodel.rules import RULES
from procmodel.unreadable import left_out, unreadable, unreadable_rules


def finding(rule: str, severity: Severity = Severity.error) -> Finding:
    return Finding(rule, RULES[rule].name, severity, "m")


def test_files_not_read_are_unreadable_and_errors_in_read_files_are_not() -> None:
    read_not = [finding(r) for r in ("PM001", "PM002", "PM004", "PM008", "PM012")]
    read = [finding("PM010"), finding("PM106"), finding("PM101"), finding("PM011")]
    assert unreadable([*read, *read_not]) == read_not


def test_only_load_rules_that_cannot_be_turned_off() -> None:
    for rid in unreadable_rules():
        assert RULES[rid].family == "load" and not RULES[rid].configurable
    assert "PM010" not in unreadable_rules()  # a file read but not valid: an error check finds (exit 1)
    assert unreadable([finding("PM001", Severity.warning)]) == []


def test_a_report_lacks_what_unreadable_and_not_valid_files_hold() -> None:
    read_not = [finding(r) for r in ("PM001", "PM004")]
    not_valid = [finding("PM010")]
    loaded = [finding("PM106"), finding("PM101"), finding("PM010", Severity.warning)]
    assert left_out([*loaded, *not_valid, *read_not]) == [*not_valid, *read_not]
