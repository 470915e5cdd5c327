"""The file format models: validation rules and review dates (the flow: tests/test_flow.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from procmodel.model import Config, Goal, Process, Severity, Step, StepType


def process(*steps: dict[str, object], **fields: object) -> Process:
    p = Process.model_validate({"id": "p", "title": "P", "steps": list(steps), **fields})
    for i, s in enumerate(p.steps):
        s._index = i
    return p


def test_unknown_keys_are_errors() -> None:
    with pytest.raises(ValidationError, match="titel"):
        Process.model_validate({"id": "p", "titel": "P", "title": "P", "steps": [{"id": "a"}]})
    with pytest.raises(ValidationError, match="roll"):
        Step.model_validate({"id": "a", "roll": "rektor"})
    with pytest.raises(ValidationError, match="regler"):
        Config.model_validate({"regler": {}})


@pytest.mark.parametrize("ident", ["kränkning", "åtgärdsprogram-2", "Övergång_förskola.v2", "élève", "7-kap"])
def test_swedish_ids_are_welcome(ident: str) -> None:
    assert Step.model_validate({"id": ident}).id == ident


@pytest.mark.parametrize("ident", ["med mellanslag", "a/b", "-börjar-med-streck", "", "x" * 121, "emoji-🙂"])
def test_bad_ids_are_refused(ident: str) -> None:
    with pytest.raises(ValidationError):
        Step.model_validate({"id": ident})


def test_text_values_are_stripped_and_converted() -> None:
    p = Process.model_validate(
        {"id": "p", "title": "  Frånvaro  ", "reviewed": "2026-01-31", "review_interval_months": "6",
         "steps": [{"id": "a", "interrupting": "false"}]}
    )  # fmt: skip
    assert p.title == "Frånvaro"
    assert p.reviewed == dt.date(2026, 1, 31)
    assert p.review_interval_months == 6
    assert p.steps[0].interrupting is False
    assert p.steps[0].type is StepType.task
    assert p.status.value == "draft" and p.audience.value == "staff"  # safe defaults


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"id": "a", "type": "subprocess"}, "needs 'calls"),
        ({"id": "a", "calls": "b"}, "only allowed on steps with type: subprocess"),
        (
            {"id": "a", "outcomes": [{"label": "Ja", "next": "b"}]},
            "only allowed on steps with type: decision",
        ),
        (
            {"id": "a", "type": "decision", "next": "c", "outcomes": [{"label": "Ja", "next": "b"}]},
            "not in 'next'",
        ),
        ({"id": "a", "type": "end", "next": "b"}, "an end step has no 'next'"),
    ],
)
def test_kind_specific_fields(step: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Step.model_validate(step)


def test_step_by_id() -> None:
    p = process({"id": "start", "type": "start"}, {"id": "val", "title": "Val"})
    assert p.step("val") is p.steps[1] and p.step("saknas") is None


@pytest.mark.parametrize(
    ("reviewed", "months", "due"),
    [
        ("2025-03-15", 12, dt.date(2026, 3, 15)),
        ("2025-01-31", 1, dt.date(2025, 2, 28)),
        ("2023-01-31", 13, dt.date(2024, 2, 29)),
        ("2025-11-30", 3, dt.date(2026, 2, 28)),
        ("2025-12-01", 1, dt.date(2026, 1, 1)),
    ],
)
def test_next_review(reviewed: str, months: int, due: dt.date) -> None:
    p = process({"id": "a"}, reviewed=reviewed, review_interval_months=months)
    assert p.next_review() == due


def test_no_review_date_means_no_due_date() -> None:
    assert process({"id": "a"}).next_review() is None


def test_labels() -> None:
    assert Step.model_validate({"id": "a"}).label == "a"
    assert Step.model_validate({"id": "a", "title": "Anmäl"}).label == "Anmäl"
    assert (
        Goal.model_validate({"id": "g", "number": "6 kap. 10 §", "title": "Anmälan"}).label
        == "6 kap. 10 § Anmälan"
    )
    assert Goal.model_validate({"id": "g", "text": "Varje elev …"}).label == "Varje elev …"
    assert Goal.model_validate({"id": "g"}).label == "g"


def test_config_rule_severities() -> None:
    c = Config.model_validate({"rules": {"PM402": "error", "unreachable-step": "off"}})
    assert c.rules == {"PM402": Severity.error, "unreachable-step": Severity.off}
    with pytest.raises(ValidationError):
        Config.model_validate({"rules": {"PM402": "fatal"}})


def test_a_plain_deadline_is_a_local_routine_and_a_law_deadline_needs_a_citation():
    from procmodel.model import DeadlineBasis

    step = Step.model_validate({"id": "a", "deadline": "Senast nästa arbetsdag"})
    assert step.deadline is not None
    assert step.deadline.basis is DeadlineBasis.local and step.deadline.text == "Senast nästa arbetsdag"
    law = Step.model_validate(
        {"id": "b", "deadline": {"text": "Skyndsamt", "basis": "law", "citation": "6 kap. 10 § skollagen"}}
    )
    assert law.deadline is not None and law.deadline.basis is DeadlineBasis.law
    with pytest.raises(ValidationError, match="needs a 'citation'"):
        Step.model_validate({"id": "c", "deadline": {"text": "Skyndsamt", "basis": "law"}})


def test_goal_wording_defaults_to_unverified():
    from procmodel.model import Goal, Wording

    assert Goal(id="g", text="Något").wording is Wording.unverified
    assert Goal.model_validate({"id": "g", "wording": "official"}).wording is Wording.official
    with pytest.raises(ValidationError):
        Goal.model_validate({"id": "g", "wording": "ordagrann"})


def test_next_review_near_the_end_of_the_calendar() -> None:
    """December of year 9999 has 31 days (the old month-length helper stepped into year 10000)."""
    p = Process.model_validate(
        {
            "id": "p",
            "title": "P",
            "reviewed": "9989-12-15",
            "review_interval_months": 120,
            "steps": [{"id": "s"}],
        }
    )
    assert p.next_review() == dt.date(9999, 12, 15)


def test_a_review_date_whose_next_review_overflows_is_a_schema_error() -> None:
    with pytest.raises(ValidationError) as exc:
        Process.model_validate({"id": "p", "title": "P", "reviewed": "9999-06-01", "steps": [{"id": "s"}]})
    (err,) = exc.value.errors()
    assert err["loc"] == ("reviewed",) and err["type"] == "review_date_range"
