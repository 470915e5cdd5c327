"""JUnit XML, for GitLab test reports, Jenkins and other CI systems that read test results.

``check``: one ``<testsuite>`` per checked file; each error finding is a failed
test case, each warning or info a passing one with the text in ``<system-out>``;
a file without errors also gets a passing "no errors" case, so the count of
tests is the count of checks. ``coverage``: one suite per catalog, one case per
required goal (failed when not served, skipped when excused by an exception).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.i18n import localize, say, t
from procmodel.model import Severity
from procmodel.report.result import CheckResult
from procmodel.report.sarif import artifact_path

if TYPE_CHECKING:
    from procmodel.report.coverage_report import CoverageReport

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _clean(str(v)) for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = _clean(text)
    return el


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case_text(f: Finding, where: str) -> str:
    head = f"{where}: {f.severity.value} {f.rule} {f.name}: {localize(f.message)}"
    return head + (f"\n{localize(t('text.hint'))}: {localize(f.hint)}" if f.hint else "")


def format_junit(result: CheckResult, colour: bool = False) -> str:
    """``<testsuites name="procmodel check">`` with a suite per file (see docs/output-formats.md)."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_file[f.file or "<repository>"].append(f)
    files = sorted(set(result.repo.sources.files) | set(by_file))
    root = ET.Element("testsuites", name="procmodel check")
    totals = {"tests": 0, "failures": 0}
    for file in files:
        findings = by_file.get(file, [])
        path = artifact_path(result, file) if file != "<repository>" else file
        errors = [f for f in findings if f.severity is Severity.error]
        suite = _el(root, "testsuite", name=path, file=path)
        cases = 0
        for f in findings:
            loc = f.location
            where = str(loc) if loc else path
            case = _el(
                suite,
                "testcase",
                classname=path,
                name=f"{f.rule} {f.name}: {localize(f.message)}",
                file=path,
                line=loc.line if loc and loc.line else None,
            )
            text = _case_text(f, where.replace(loc.file, path, 1) if loc else where)
            if f.severity is Severity.error:
                _el(case, "failure", text, message=localize(f.message), type=f"{f.rule} {f.name}")
            else:
                _el(case, "system-out", text)
            cases += 1
        if not errors:
            _el(suite, "testcase", classname=path, name="no errors", file=path)
            cases += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(len(errors)))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        totals["tests"] += cases
        totals["failures"] += len(errors)
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    return _serialise(root)


def coverage_junit(report: CoverageReport, colour: bool = False) -> str:
    """``<testsuites name="procmodel coverage">``: a suite per catalog, a case per required goal."""
    root = ET.Element("testsuites", name="procmodel coverage")
    tests = failures = 0
    for cat in report.catalogs:
        required = cat.required
        suite = _el(root, "testsuite", name=f"{cat.short} ({cat.id})")
        fails = skips = 0
        for row in required:
            case = _el(suite, "testcase", classname=cat.id, name=f"{row.name} ({row.id})")
            if row.covered:
                _el(case, "system-out", say("junit.served_by", processes=", ".join(row.processes)))
            elif row.exception is not None:
                exc = row.exception
                _el(
                    case,
                    "skipped",
                    message=say("report.coverage.exception_tag", until=exc.until, reason=exc.reason),
                )
                skips += 1
            else:
                message = say("junit.not_served")
                _el(case, "failure", f"{row.title}", message=message, type="PM601 uncovered-goal")
                fails += 1
        if cat.minimum is not None:
            case = _el(suite, "testcase", classname=cat.id, name=f"share of goals served ≥ {cat.minimum:g} %")
            if cat.below_minimum:
                message = say("junit.share_served", share=f"{cat.share:.0f}")
                _el(case, "failure", message=message, type="PM603 coverage-below-minimum")
                fails += 1
        n = len(suite)
        for key, value in (("tests", n), ("failures", fails), ("errors", 0), ("skipped", skips)):
            suite.set(key, str(value))
        tests, failures = tests + n, failures + fails
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    return _serialise(root)
