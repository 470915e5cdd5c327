"""``organisation.yaml`` and variant files: loaded when present, optional, and located when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.organisation import UnitType
from procmodel.report.text import headline
from tests.rules.test_rule_cases import copy_case as copy_rule_case

CASE = Path(__file__).parents[1] / "rules" / "cases" / "PM701-unknown-unit-reference" / "valid"
LIBRARY = Path(__file__).parents[2] / "processes"


def copy_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    copy_rule_case(CASE, root)
    monkeypatch.chdir(root)
    return root


def test_the_example_organisation_loads_with_its_units_and_variants() -> None:
    repo = load_repository(LIBRARY)
    assert repo.organisation is not None
    assert repo.organisation.administration.huvudman == "Exempelkommunen"
    assert len(repo.organisation.areas) == 3
    types = [u.type for u in repo.units.values()]
    assert types.count(UnitType.förskola) >= 2 and UnitType.gymnasieskola in types
    assert sum(t.value.startswith("grundskola") for t in types) >= 3
    assert repo.units["björkdalsskolan"].rektor == "Anna Andersson-Exempel"
    assert len(repo.units) >= 8
    assert set(repo.variants) == {
        "kränkande-behandling@björkdalsskolan",
        "frånvarohantering@ekbackegymnasiet",
        "kränkande-behandling-i-förskolan@förskolan-solrosen",
        "elevhälsoärende@söderåsskolan",
        "utvecklingssamtal-och-iup@lillhagenskolan",
        "beredskap-vid-våld@norrbyskolan",
        "systematiskt-kvalitetsarbete@ekbackegymnasiet",  # its own weeks on the annual wheel
    }
    assert not [f for f in check_repository(repo) if f.severity.value == "error"]


def test_a_repository_without_an_organisation_works_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_case(tmp_path, monkeypatch)
    (root / "organisation.yaml").unlink()
    repo = load_repository(".")
    assert repo.organisation is None and repo.units == {} and repo.variants == {}
    assert list(repo.processes) == ["kränkning"]
    assert [headline(f) for f in check_repository(repo)] == []


def test_a_duplicate_unit_is_reported_where_it_is_defined_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_case(tmp_path, monkeypatch)
    org = root / "organisation.yaml"
    text = org.read_text(encoding="utf-8")
    unit = text[text.index("  - id: ekskolan") :]
    org.write_text(text + unit, encoding="utf-8")
    found = [headline(f) for f in check_repository(load_repository(".")) if f.rule == "PM105"]
    assert len(found) == 1 and found[0].startswith("organisation.yaml:14:9:")
    assert "unit id 'ekskolan'" in found[0]


def test_a_unit_of_an_unknown_type_is_a_located_schema_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_case(tmp_path, monkeypatch)
    org = root / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("grundskola-f-6", "lågstadium"), encoding="utf-8")
    repo = load_repository(".")
    (finding,) = [f for f in check_repository(repo) if f.rule == "PM010"]
    assert headline(finding).startswith("organisation.yaml:10:11: error PM010")
    assert repo.organisation is None


def test_a_variant_entry_must_name_one_anchor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_case(tmp_path, monkeypatch)
    variant = root / "enheter" / "ekskolan" / "kränkning.yaml"
    variant.parent.mkdir(parents=True)
    variant.write_text(
        "extends: kränkning\nunit: ekskolan\nadd:\n  - after: ingrip\n    before: anmäl\n"
        "    step: {id: ny, title: Nytt}\n",
        encoding="utf-8",
    )
    (finding,) = [f for f in check_repository(load_repository(".")) if f.rule == "PM010"]
    assert headline(finding).startswith("enheter/ekskolan/kränkning.yaml:4:")
    assert "exactly one of 'after' or 'before'" in finding.message
