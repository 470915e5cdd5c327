"""SARIF 2.1.0 output, validated against the OASIS SARIF 2.1.0 JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import jsonschema

from procmodel.report import CheckResult
from procmodel.report.formats import formatter
from procmodel.rules import RULES

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def sarif(result: CheckResult) -> dict:
    return json.loads(formatter("check", "sarif")(result))


def test_valid_against_the_sarif_schema(result: CheckResult) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(sarif(result))]
    assert errors == []


def test_the_schema_rejects_broken_logs(broken: CheckResult) -> None:
    doc = sarif(broken)
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del doc["runs"][0]["results"][1]["message"]
    assert len(list(VALIDATOR.iter_errors(doc))) == 2


def test_rule_metadata_comes_from_the_registry(broken: CheckResult) -> None:
    driver = sarif(broken)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "procmodel"
    by_id = {r["id"]: r for r in driver["rules"]}
    assert set(by_id) == set(RULES)
    for rid, rule in RULES.items():
        meta = by_id[rid]
        assert meta["name"] == rule.name
        assert meta["shortDescription"]["text"] == rule.summary()
        assert meta["help"]["text"]
    # configured severities show as the default level
    assert by_id["PM605"]["defaultConfiguration"]["level"] == "error"
    assert by_id["PM610"]["defaultConfiguration"]["level"] == "note"


def test_results_point_at_file_line_and_column(broken: CheckResult) -> None:
    run = sarif(broken)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(broken.findings)
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    for res, f in zip(run["results"], broken.findings, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.rule
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        loc = res["locations"][0]["physicalLocation"]
        art = loc["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%"
        uri = unquote(art["uri"])
        assert not uri.startswith(("/", "file:")) and uri.endswith(f.location.file.split("broken/", 1)[1])
        assert (Path(unquote(base[len("file://") :])) / uri).is_file()
        assert loc["region"]["startLine"] == f.location.line
        assert loc["region"]["startColumn"] == f.location.column
        assert res["message"]["text"].startswith(f.message)


def test_non_ascii_paths_are_percent_encoded(broken: CheckResult) -> None:
    results = sarif(broken)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert any("fl%C3%B6den/%C3%A5tg%C3%A4rd.yaml" in u for u in uris)
    assert all(u.isascii() and " " not in u for u in uris)


def test_fingerprints_are_stable(broken: CheckResult) -> None:
    first = [r["partialFingerprints"] for r in sarif(broken)["runs"][0]["results"]]
    second = [r["partialFingerprints"] for r in sarif(broken)["runs"][0]["results"]]
    assert first == second and len({json.dumps(f) for f in first}) == len(first)
