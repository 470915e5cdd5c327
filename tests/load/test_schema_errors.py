"""Schema errors as messages, tested alone (no files, no repository)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

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
