"""The JSON Schemas in schemas/ and docs/rules.md are generated; they must not drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from procmodel.rules import RULES
from procmodel.rules.docs import COMMAND, rules_markdown
from procmodel.schemas import schema_documents

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
CASES = ROOT / "tests" / "rules" / "cases"


def case_file(relative: str) -> Path:
    """A rule case's file: its own, else the shared one in cases/_base/ that the case gets."""
    own = CASES / relative
    return own if own.exists() else CASES / "_base" / Path(relative).relative_to(*Path(relative).parts[:2])


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2 core schema: dates stay text)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(kind: str, path: Path) -> list[str]:
    """What an editor (yaml-language-server) would flag, as 'path: message'."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]


def test_schemas_folder_matches_the_models() -> None:
    """Run `procmodel schemas` after changing procmodel/model.py."""
    generated = schema_documents()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert sorted(on_disk) == sorted(generated)
    for name, text in generated.items():
        assert on_disk[name] == text, f"schemas/{name} is out of date: run `procmodel schemas`"


def test_rules_page_matches_the_rules() -> None:
    """Regenerate docs/rules.md (the command is in the failure message) after changing a rule or its cases."""
    on_disk = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == rules_markdown(CASES), f"docs/rules.md is out of date: run `{COMMAND}`"
    missing = [rule_id for rule_id in RULES if f"\n### {rule_id}\n" not in on_disk]
    assert missing == [], f"docs/rules.md does not document {missing}"


@pytest.mark.parametrize(
    ("kind", "relative"),
    [
        ("process", "PM401-missing-owner/valid/p/kränkning.yaml"),
        ("process", "PM207-unjoined-parallel/valid/p/kränkning.yaml"),
        ("process", "PM205-decision-outcomes/valid/p/kränkning.yaml"),
        ("roles", "PM401-missing-owner/valid/roles.yaml"),
        ("goals", "PM501-municipal-goal-unsupported/valid/goals/kommunens-mål.yaml"),
        ("documents", "PM108-broken-document-link/valid/documents.yaml"),
        ("config", "PM107-unknown-area/valid/procmodel.yaml"),
    ],
)
def test_fixture_files_are_valid_for_editors(kind: str, relative: str) -> None:
    assert errors(kind, case_file(relative)) == []


def test_example_library_files_validate(tmp_path: Path) -> None:
    library = ROOT / "processes"
    if not (library / "procmodel.yaml").exists():
        pytest.skip("the example library is not there yet")
    checked = 0
    for path in sorted(library.rglob("*.yaml")):
        rel = path.relative_to(library)
        if rel.parts[0].startswith((".", "_")) or path.name.endswith(".bpmn.yaml"):
            continue
        kind = {
            "procmodel.yaml": "config",
            "roles.yaml": "roles",
            "documents.yaml": "documents",
            "organisation.yaml": "organisation",
            "sökord.yaml": "synonyms",
            "uppföljning/indikatorer.yaml": "indicators",
        }.get(str(rel), {"goals": "goals", "enheter": "variant"}.get(rel.parts[0], "process"))
        if rel.parts[0] == "uppföljning" and kind == "process":
            kind = "plan" if path.name.endswith("-plan.yaml") else "assessment"
        assert errors(kind, path) == [], rel
        checked += 1
    assert checked >= 12


def test_schema_rejects_an_unknown_key(tmp_path: Path) -> None:
    source = case_file("PM401-missing-owner/valid/p/kränkning.yaml").read_text(encoding="utf-8")
    typo = tmp_path / "typo.yaml"
    typo.write_text(source.replace("question:", "fråga:"), encoding="utf-8")
    assert errors("process", typo) == [
        "Additional properties are not allowed ('fråga' was unexpected)"
    ] or any("'fråga' was unexpected" in e for e in errors("process", typo))
    step_typo = tmp_path / "step.yaml"
    step_typo.write_text(source.replace("    role: lärare\n", "    roll: lärare\n", 1), encoding="utf-8")
    assert any("steps/0" in e and "'roll' was unexpected" in e for e in errors("process", step_typo))


def test_schema_rejects_bad_ids_and_values(tmp_path: Path) -> None:
    source = case_file("PM401-missing-owner/valid/p/kränkning.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        source.replace("id: kränkning", "id: kränk ning").replace("approved", "godkänd"), encoding="utf-8"
    )
    found = errors("process", bad)
    assert any(e.startswith("id: ") for e in found)
    assert any(e.startswith("status: ") for e in found)
    # Swedish letters are welcome in ids
    good = tmp_path / "good.yaml"
    good.write_text(source.replace("id: kränkning", "id: åäö-ÅÄÖ_é.1"), encoding="utf-8")
    assert errors("process", good) == []
