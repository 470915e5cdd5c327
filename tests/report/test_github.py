"""GitHub Actions workflow commands: grammar and escaping as the Actions toolkit defines them."""

from __future__ import annotations

import re

from procmodel.report import CheckResult
from procmodel.report.coverage_report import coverage_report
from procmodel.report.formats import formatter
from procmodel.report.github import annotation, escape_data, escape_property

# ::level key=value,key=value::message  (properties optional); no raw CR/LF anywhere.
COMMAND = re.compile(
    r"^::(error|warning|notice)(?: ((?:[A-Za-z]+=[^,:\r\n]*)(?:,[A-Za-z]+=[^,:\r\n]*)*))?::(.*)$"
)
KEYS = {"file", "line", "col", "endColumn", "endLine", "title"}


def unescape_property(text: str) -> str:
    for enc, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(enc, raw)
    return text


def unescape_data(text: str) -> str:
    for enc, raw in (("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(enc, raw)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    m = COMMAND.match(line)
    assert m, f"not a workflow command: {line!r}"
    props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
    assert set(props) <= KEYS
    return m.group(1), {k: unescape_property(v) for k, v in props.items()}, unescape_data(m.group(3))


def test_escaping_rules() -> None:
    assert escape_data("100% klart\r\nrad två: a, b") == "100%25 klart%0D%0Arad två: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    line = annotation("error", "x", file="a,b:c.yaml", line=3, col=None, title="T: 1, 2")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,title=T%3A 1%2C 2::x"


def test_every_line_follows_the_grammar(result: CheckResult) -> None:
    lines = formatter("check", "github")(result).splitlines()
    assert len(lines) == len(result.findings) + 1  # plus the summary notice
    for line in lines:
        parse(line)


def test_annotations_round_trip_to_the_findings(broken: CheckResult) -> None:
    lines = formatter("check", "github")(broken).splitlines()
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for line, f in zip(lines, broken.findings, strict=False):
        level, props, message = parse(line)
        assert level == levels[f.severity.value]
        assert props["file"].endswith(f.location.file.split("broken/", 1)[1])
        assert int(props["line"]) == f.location.line and int(props["col"]) == f.location.column
        assert props["title"] == f"{f.rule} {f.name}"
        assert message == f.message + (f"\n{f.hint}" if f.hint else "")
    files = {parse(line)[1].get("file", "") for line in lines}
    assert any(f.endswith("flöden/fel,namn:här.yaml") for f in files)  # ',' and ':' escaped, then restored
    assert any("\n" in parse(line)[2] for line in lines)  # hints travel as an encoded line break


def test_coverage_annotations(broken: CheckResult) -> None:
    lines = formatter("coverage", "github")(coverage_report(broken.repo)).splitlines()
    parsed = [parse(line) for line in lines]
    gaps = [p for p in parsed if p[1].get("title") == "PM601 uncovered-goal"]
    assert len(gaps) == 1 and "nat-1-2" in gaps[0][2] and gaps[0][1]["file"].endswith("goals/nat.yaml")
    assert any(p[0] == "notice" and "1 of 3" in p[2] for p in parsed)
