"""Schema errors as messages, tested alone (no files, no repository)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from procmodel.i18n import localize
from procmodel.load.schema_errors import did_you_mean, schema_messages
from procmodel.model import Process


def messages(data: dict) -> list[tuple[str, tuple[str | int, ...], bool, str | None]]:
    with pytest.raises(ValidationError) as exc:
        Process.model_validate(data)
    return schema_messages(exc.value, data, Process)


def test_unknown_key_points_at_the_key_and_suggests_the_right_one() -> None:
    (got,) = messages({"id": "p", "title": "P", "steps": [{"id": "s", "rol": "rektor"}]})
    assert got == ("unknown key 'rol'", ("steps", 0, "rol"), True, "Did you mean 'role'?")


def test_missing_key_and_wrong_type() -> None:
    got = messages({"id": "p", "steps": "en lista"})
    assert ("missing required key 'title'", ("title",), False, "Add 'title:' here.") in got
    assert any(path == ("steps",) and hint and hint.startswith("Write a list") for _, path, _, hint in got)


def test_did_you_mean_falls_back() -> None:
    assert did_you_mean("xyz", ["role", "title"], "See the docs.") == "See the docs."


def test_an_enum_typo_gets_a_did_you_mean_in_the_reader_s_language() -> None:
    got = messages({"id": "p", "title": "P", "applies_to": {"unit_types": ["förskol"]}, "steps": []})
    (hint,) = [h for _, path, _, h in got if path == ("applies_to", "unit_types", 0)]
    assert hint is not None and hint.startswith("Did you mean 'förskola'? Use one of: 'förskola'")
    assert localize(hint, "sv").startswith("Menade du 'förskola'? Använd ett av: 'förskola'")


def test_the_allowed_values_are_listed_in_the_reader_s_language() -> None:
    got = messages({"id": "p", "title": "P", "status": "godkänd", "steps": [{"id": "s"}]})
    (hint,) = [h for _, path, _, h in got if path == ("status",)]
    assert hint is not None and hint.endswith("'approved' or 'retired'.")
    assert localize(hint, "sv") == "Använd ett av: 'draft', 'review', 'approved' eller 'retired'."


def test_a_literal_s_values_are_listed_in_the_reader_s_language() -> None:
    from procmodel.model import Config

    with pytest.raises(ValidationError) as exc:
        Config.model_validate({"language": "de"})
    ((message, path, _, _),) = schema_messages(exc.value, {"language": "de"}, Config)
    assert path == ("language",)
    assert "'sv' or 'en'" in message and "'sv' eller 'en'" in localize(message, "sv")
