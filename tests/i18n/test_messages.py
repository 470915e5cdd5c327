"""Looking messages up, and choosing the language."""

from __future__ import annotations

import pickle

import pytest

from procmodel.i18n import (
    Text,
    Words,
    artefact_language,
    artefacts_in,
    choose_language,
    english,
    language_from_environment,
    localize,
    say,
    set_language,
    t,
)
from procmodel.i18n.cli import requested_language


def test_a_text_is_english_and_renders_in_swedish_on_demand() -> None:
    text = t("PM101.message", role="rektr", field="role")
    assert text == "unknown role 'rektr' (role)"
    assert isinstance(text, str) and text.key == "PM101.message"
    assert localize(text, "sv") == "okänd roll 'rektr' (role)"
    assert english(localize(text, "sv")) == text


def test_localize_follows_the_current_language_and_passes_plain_text() -> None:
    text = t("hint.did_you_mean", name="rektor")
    assert localize(text) == "Did you mean 'rektor'?"
    set_language("sv")
    assert localize(text) == "Menade du 'rektor'?"
    assert say("hint.did_you_mean", name="rektor") == "Menade du 'rektor'?"
    assert localize("written by hand") == "written by hand"
    assert localize(None) is None


def test_nested_texts_render_in_the_same_language() -> None:
    text = t("PM105.message", kind=t("kind.role"), ident="rektor", where="roles.yaml:4:7")
    assert text == "duplicate role id 'rektor' (first defined at roles.yaml:4:7)"
    assert localize(text, "sv") == "roll-id:t 'rektor' finns redan (först definierat i roles.yaml:4:7)"


@pytest.mark.parametrize(
    ("n", "en", "sv"),
    [(1, "1 warning", "1 varning"), (2, "2 warnings", "2 varningar"), (0, "0 warnings", "0 varningar")],
)
def test_counted_texts_choose_their_form_by_n(n: int, en: str, sv: str) -> None:
    assert t("count.warning", n=n) == en
    assert localize(t("count.warning", n=n), "sv") == sv


def test_texts_survive_pickling_with_their_key() -> None:
    text = pickle.loads(pickle.dumps(t("PM203.message", step="ensam")))
    assert isinstance(text, Text)
    assert localize(text, "sv") == "steget 'ensam' går inte att nå från starten"


def test_an_unknown_key_or_language_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("PM999.message")
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        set_language("de")
    with pytest.raises(ValueError, match="unsupported language"):
        Words("fi")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "sv_FI.UTF-8"}, "sv"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "sv_SE.UTF-8"}, "en"),  # LC_ALL wins
        ({"LC_MESSAGES": "sv_SE.UTF-8", "LANG": "C"}, "sv"),  # LC_MESSAGES before LANG
        ({"LC_ALL": "", "LANG": "sv_SE.UTF-8"}, "sv"),  # an empty variable counts as unset
        ({}, None),
    ],
)
def test_language_from_the_locale(env: dict[str, str], expected: str | None) -> None:
    assert language_from_environment(env) == expected


def test_choice_order_is_option_then_configuration_then_locale_then_english() -> None:
    sv_locale = {"LANG": "sv_SE.UTF-8"}
    assert choose_language("en", "sv", sv_locale) == "en"
    assert choose_language(None, "en", sv_locale) == "en"
    assert choose_language(None, None, sv_locale) == "sv"
    assert choose_language(None, None, {}) == "en"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "--lang", "sv"], "sv"),
        (["--lang=en", "check"], "en"),
        (["check", "--lang", "fi"], None),  # click refuses it later, with its own message
        (["check", "--", "--lang", "sv"], None),
        (["check", "--lang"], None),
    ],
)
def test_lang_is_read_before_click_parses(args: list[str], expected: str | None) -> None:
    assert requested_language(args) == expected


def test_artefacts_speak_the_repository_language_unless_a_build_says_otherwise() -> None:
    assert artefact_language("sv") == "sv"
    with artefacts_in("en"):
        assert artefact_language("sv") == "en"
    assert artefact_language("sv") == "sv"
