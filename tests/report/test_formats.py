"""The one format table: every check and coverage format, reachable by (kind, name) and from the CLI."""

from __future__ import annotations

import pytest

from procmodel.cli.check import check as check_command
from procmodel.cli.coverage import coverage as coverage_command
from procmodel.report import CheckResult
from procmodel.report.coverage_report import coverage_report
from procmodel.report.formats import FORMATS, format_names, formatter


def _choices(command) -> list[str]:
    option = next(p for p in command.params if p.name == "fmt")
    return sorted(option.type.choices)


def test_the_command_line_offers_exactly_the_formats_of_the_table() -> None:
    assert _choices(check_command) == format_names("check")
    assert _choices(coverage_command) == format_names("coverage")
    assert {"text", "json", "markdown", "junit", "github", "sarif"} == set(format_names("check"))
    assert {"text", "json", "markdown", "junit", "github"} == set(format_names("coverage"))


@pytest.mark.parametrize(("kind", "name"), sorted(FORMATS))
def test_every_format_writes_text_for_a_broken_repository(kind: str, name: str, broken: CheckResult) -> None:
    data = broken if kind == "check" else coverage_report(broken.repo)
    out = formatter(kind, name)(data)  # type: ignore[arg-type]
    assert isinstance(out, str) and out.endswith("\n") and out.strip()


def test_an_unknown_format_names_the_ones_there_are() -> None:
    with pytest.raises(KeyError, match="no coverage format 'sarif'; use one of github, json"):
        formatter("coverage", "sarif")


def test_every_format_in_the_table_is_a_function_of_its_module() -> None:
    for kind, name in FORMATS:
        assert callable(formatter(kind, name))
    assert format_names("check") == ["github", "json", "junit", "markdown", "sarif", "text"]
