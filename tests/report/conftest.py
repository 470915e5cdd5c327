"""Check results for the format tests: the example library and a broken fixture repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.report import CheckResult

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
BROKEN = HERE / "fixtures" / "broken"
EXAMPLE = ROOT / "processes"


def _result(path: Path) -> CheckResult:
    repo = load_repository(path)
    return CheckResult(repo, check_repository(repo))


@pytest.fixture(scope="session")
def broken() -> CheckResult:
    """The broken fixture: errors of several rules, Swedish letters, ',' ':' '%' in names."""
    return _result(BROKEN)


@pytest.fixture(scope="session")
def example() -> CheckResult:
    """The example library in processes/."""
    return _result(EXAMPLE)


@pytest.fixture(params=["example", "broken"])
def result(request: pytest.FixtureRequest) -> CheckResult:
    """Each of the two repositories in turn."""
    return request.getfixturevalue(request.param)
