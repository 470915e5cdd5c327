"""Dates are range-checked where they are read: a located finding, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_procmodel as procmodel
from tests.load.test_broken_input import GOOD, make_repo


@pytest.mark.parametrize(
    ("reviewed", "interval"),
    [("9999-06-01", 12), ("9990-01-01", 120), ("9989-12-31", 1000)],
    ids=["year-9999", "overflow-by-the-interval", "interval-too-long"],
)
def test_a_review_date_too_far_ahead_is_a_located_error_in_check_and_build(
    reviewed: str, interval: int, tmp_path: Path
) -> None:
    text = GOOD.format(id="långt").replace(
        "reviewed: 2026-01-15\n", f"reviewed: {reviewed}\nreview_interval_months: {interval}\n"
    )
    make_repo(tmp_path / "repo", "långt", text.encode())
    check = procmodel("check", "repo", cwd=tmp_path)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "internal error" not in check.stderr
    assert "repo/p/långt.yaml:6:" in check.stdout or "repo/p/långt.yaml:7:" in check.stdout, check.stdout
    assert " error PM010 schema: " in check.stdout
    build = procmodel("build", "repo", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert "internal error" not in build.stderr, build.stderr
    assert build.returncode in (0, 1), build.stderr
    assert "repo/p/långt.yaml:" in build.stderr and "PM010" in build.stderr


def test_the_last_review_date_allowed_still_has_a_next_review(tmp_path: Path) -> None:
    """9989-12-31 plus the longest interval is 9999-12-31, the last date there is (no overflow)."""
    text = GOOD.format(id="sist").replace(
        "reviewed: 2026-01-15\n", "reviewed: 9989-12-31\nreview_interval_months: 120\n"
    )
    make_repo(tmp_path / "repo", "sist", text.encode())
    check = procmodel("check", "repo", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
