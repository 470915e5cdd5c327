"""JUnit XML output, read back with junitparser (the parser CI systems' plugins resemble)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from junitparser import Failure, JUnitXml

from procmodel.model import Severity
from procmodel.report import CheckResult
from procmodel.report.coverage_report import coverage_report
from procmodel.report.formats import formatter


def parse(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_check_report_parses_and_counts(result: CheckResult, tmp_path: Path) -> None:
    xml = parse(formatter("check", "junit")(result), tmp_path)
    suites = list(xml)
    assert len(suites) == len(set(result.repo.sources.files) | {f.file for f in result.findings})
    errors = [f for f in result.findings if f.severity is Severity.error]
    failures = [
        (s.name, case) for s in suites for case in s if any(isinstance(r, Failure) for r in case.result)
    ]
    assert len(failures) == len(errors) == sum(s.failures for s in suites)
    assert sum(s.tests for s in suites) == sum(len(list(s)) for s in suites)
    for suite in suites:
        assert suite.errors == 0


def test_failures_carry_rule_file_and_line(broken: CheckResult, tmp_path: Path) -> None:
    xml = parse(formatter("check", "junit")(broken), tmp_path)
    got = Counter()
    for suite in xml:
        for case in suite:
            for res in case.result:
                if isinstance(res, Failure):
                    rule = res.type.split()[0]
                    got[rule] += 1
                    assert case.classname == suite.name
                    assert case._elem.get("file") == suite.name
                    assert int(case._elem.get("line")) >= 1
                    assert res.message and res.text.startswith(suite.name)
    expected = Counter(f.rule for f in broken.findings if f.severity is Severity.error)
    assert got == expected


def test_swedish_and_special_characters_survive(broken: CheckResult, tmp_path: Path) -> None:
    xml = parse(formatter("check", "junit")(broken), tmp_path)
    names = {s.name.rsplit("/", 2)[-2] + "/" + s.name.rsplit("/", 1)[-1] for s in xml}
    assert "flöden/åtgärd.yaml" in names and "flöden/fel,namn:här.yaml" in names
    texts = [r.text for s in xml for c in s for r in c.result if isinstance(r, Failure)]
    assert any("<b>fetstil</b>" in t for t in texts)  # escaped in XML, intact when parsed


def test_coverage_report_has_a_case_per_required_goal(broken: CheckResult, tmp_path: Path) -> None:
    report = coverage_report(broken.repo)
    xml = parse(formatter("coverage", "junit")(report), tmp_path)
    suites = {s.name: s for s in xml}
    nat = suites["Lag (nat)"]
    cases = {c.name: c for c in nat}
    required = [r for c in report.catalogs for r in c.required]
    assert len([n for n in cases if "§" in n]) == len(required) == 2
    failed = {n for n, c in cases.items() if any(isinstance(r, Failure) for r in c.result)}
    assert any("1 kap. 2 §" in n for n in failed)  # not served; its exception has expired
    assert any("share of goals served" in n for n in failed)  # minimum 80 %, 1 of 3 served
    assert not any("1 kap. 1 §" in n for n in failed)
