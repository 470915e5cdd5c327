"""`procmodel coverage`: per catalog and section, served and unserved goals, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from procmodel.cli import cli
from procmodel.cli.init import scaffold
from procmodel.report.formats import format_names

ROOT = Path(__file__).parents[2]
BROKEN = ROOT / "tests" / "report" / "fixtures" / "broken"


def run(*args: str) -> tuple[int, str, str]:
    # English: procmodel init's repository says 'language: sv', which the report would otherwise speak
    result = CliRunner().invoke(cli, ["--lang", "en", "coverage", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_lists_catalogs_sections_and_servers() -> None:
    code, out, _ = run(str(BROKEN))
    assert code == 0
    assert "Lag (nat): 1 of 3 goals served (33 %); required: 1 of 2; minimum 80 %" in out
    assert "  1 kap. Första kapitlet" in out  # a section, as a heading
    assert "✓ 1 kap. 1 §" in out and "← åtgärd" in out
    assert "✗ 1 kap. 2 § Uppföljning (nat-1-2) [required]" in out
    assert "1 required goal(s) not served:" in out and "Lag 1 kap. 2 § (nat-1-2)" in out


def test_via_municipal_goal_is_shown(tmp_path: Path) -> None:
    scaffold(tmp_path, "T")
    code, out, _ = run(str(tmp_path / "processes"))
    assert code == 0
    assert "Every required goal is served." in out
    line = next(x for x in out.splitlines() if "(sl-6-10)" in x)
    assert (
        line.lstrip().startswith("✓ 6 kap. 10 §") and "kränkande-behandling" in line and "[required]" in line
    )
    js = json.loads(run(str(tmp_path / "processes"), "--format", "json")[1])
    goal = next(g for c in js["catalogs"] for g in c["goals"] if g["id"] == "sl-6-10")
    assert {s["via"] for s in goal["services"]} == {None, "km-inga-kränkningar"}


def test_json_shape() -> None:
    code, out, _ = run(str(BROKEN), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["version"] == 1 and doc["tool"]["name"] == "procmodel"
    assert doc["summary"] == {
        "goals": 5,
        "served": 1,
        "required": 2,
        "required_served": 1,
        "gaps": ["nat-1-2"],
    }
    nat = next(c for c in doc["catalogs"] if c["id"] == "nat")
    assert (nat["served"], nat["total"], nat["share"], nat["minimum"]) == (1, 3, 33.3, 80)
    ids = [g["id"] for g in nat["goals"]]
    assert ids == ["nat-1", "nat-1-1", "nat-1-2", "nat-2"]
    assert next(g for g in nat["goals"] if g["id"] == "nat-1-1")["services"] == [
        {"process": "åtgärd", "step": "gör", "via": None}
    ]


@pytest.mark.parametrize("fmt", format_names("coverage"))
def test_every_format_writes_a_file_atomically(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"coverage.{fmt}"
    code, out, _ = run(str(BROKEN), "--format", fmt, "--output", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").strip()
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_fail_on_gaps_and_usage_errors(tmp_path: Path) -> None:
    assert run(str(BROKEN), "--fail-on-gaps")[0] == 1
    code, _, err = run(str(tmp_path / "missing"))
    assert code == 2 and "no such file or directory" in err
    assert run(str(BROKEN), "--format", "pdf")[0] == 2


def test_unreadable_files_are_named_after_the_report_and_exit_2(tmp_path: Path) -> None:
    scaffold(tmp_path, "T")
    repo = tmp_path / "processes"
    (repo / "trasig.yaml").write_text("id: trasig\nsteps: [\n", encoding="utf-8")
    for extra in ((), ("--fail-on-gaps",), ("--format", "json")):
        code, out, err = run(str(repo), *extra)
        assert code == 2, (extra, err)
        assert out.strip() and "Traceback" not in err  # the report of the files that could be read
        assert "trasig.yaml:3:1: error PM001 yaml-syntax:" in err
        assert "1 file could not be read" in err.splitlines()[-1]


def test_errors_in_readable_files_are_not_unreadable_files() -> None:
    code, _, err = run(str(BROKEN))  # a file name that does not match its id, unknown roles ...
    assert code == 0 and err == ""
