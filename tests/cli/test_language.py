"""The command line speaks Swedish or English: --lang, procmodel.yaml's language, the locale."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_procmodel

FIXTURES = Path(__file__).parent / "check-fixtures"
SWEDISH = {"LANG": "sv_SE.UTF-8"}
ROLE_LINE = "trasig/elevhälsa/frånvaro.yaml:15:11: error PM101 unknown-role: "


def procmodel(
    *args: str, env: dict[str, str] | None = None, cwd: Path = FIXTURES
) -> subprocess.CompletedProcess[str]:
    return run_procmodel(*args, cwd=cwd, env=env)


def _finding(out: str, headline: str) -> list[str]:
    """The headline starting with ``headline`` and the four lines after it (excerpt, caret, hint)."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(headline))
    return lines[at : at + 5]


def test_swedish_locale_gives_swedish_message_and_hint_at_the_same_place() -> None:
    run = procmodel("check", "trasig", env=SWEDISH)
    assert run.returncode == 1
    assert _finding(run.stdout, ROLE_LINE) == [
        ROLE_LINE + "okänd roll 'mentorn' (role)",
        "   |",
        "15 |     role: mentorn",
        "   |           ^^^^^^^",
        "   = tips: Menade du 'mentor'?",
    ]
    assert run.stdout.splitlines()[-1] == (
        "Hittade 6 fel, 2 varningar i 3 filer (2 processer, 9 steg, 2 roller, 2 mål kontrollerade)."
    )


def test_c_locale_gives_english() -> None:
    run = procmodel("check", "trasig", env={"LANG": "C"})
    assert _finding(run.stdout, ROLE_LINE)[0] == ROLE_LINE + "unknown role 'mentorn' (role)"
    assert _finding(run.stdout, ROLE_LINE)[4] == "   = hint: Did you mean 'mentor'?"
    assert run.stdout == (FIXTURES / "trasig.expected.txt").read_text(encoding="utf-8")


def test_lc_all_comes_before_lang() -> None:
    run = procmodel("check", "trasig", env={"LC_ALL": "C.UTF-8", "LANG": "sv_SE.UTF-8"})
    assert "unknown role 'mentorn'" in run.stdout


@pytest.mark.parametrize("where", ["command", "group"])
def test_lang_option_overrides_the_locale(where: str) -> None:
    args = ["check", "--lang", "sv", "trasig"] if where == "command" else ["--lang", "sv", "check", "trasig"]
    run = procmodel(*args, env={"LANG": "C"})
    assert ROLE_LINE + "okänd roll 'mentorn' (role)" in run.stdout
    run = procmodel("check", "--lang=en", "trasig", env=SWEDISH)
    assert ROLE_LINE + "unknown role 'mentorn' (role)" in run.stdout


def test_configured_language_comes_before_the_locale_and_after_the_option(tmp_path: Path) -> None:
    repo = tmp_path / "trasig"
    shutil.copytree(FIXTURES / "trasig", repo)
    config = repo / "procmodel.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: sv\n", encoding="utf-8")
    run = procmodel("check", "trasig", env={"LANG": "C"}, cwd=tmp_path)
    assert ROLE_LINE + "okänd roll 'mentorn' (role)" in run.stdout
    run = procmodel("check", "--lang", "en", "trasig", env={"LANG": "C"}, cwd=tmp_path)
    assert ROLE_LINE + "unknown role 'mentorn' (role)" in run.stdout


def test_json_keeps_stable_ids_and_adds_the_language() -> None:
    sv = json.loads(procmodel("check", "--format", "json", "trasig", env=SWEDISH).stdout)
    en = json.loads(procmodel("check", "--format", "json", "trasig", env={"LANG": "C"}).stdout)
    assert (sv["language"], en["language"]) == ("sv", "en")
    assert set(sv) == set(en) and set(sv["findings"][0]) == set(en["findings"][0])
    role_sv = next(f for f in sv["findings"] if f["rule"] == "PM101")
    role_en = next(f for f in en["findings"] if f["rule"] == "PM101")
    assert role_sv["message"] == "okänd roll 'mentorn' (role)"
    assert role_sv["hint"] == "Menade du 'mentor'?"
    for key in ("rule", "name", "severity", "file", "line", "column", "end_column", "subject"):
        assert role_sv[key] == role_en[key]
    assert role_sv["name"] == "unknown-role"


def test_sarif_fingerprints_do_not_depend_on_the_language() -> None:
    def results(env: dict[str, str]) -> list[dict]:
        return json.loads(procmodel("check", "--format", "sarif", "trasig", env=env).stdout)["runs"][0][
            "results"
        ]

    sv, en = results(SWEDISH), results({"LANG": "C"})
    assert [r["partialFingerprints"] for r in sv] == [r["partialFingerprints"] for r in en]
    assert [r["ruleId"] for r in sv] == [r["ruleId"] for r in en]
    assert any(r["message"]["text"].startswith("okänd roll 'mentorn'") for r in sv)


def test_help_in_swedish() -> None:
    run = procmodel("--help", env=SWEDISH)
    assert run.returncode == 0
    assert run.stdout.startswith("Användning: ")  # then the program name (python -m procmodel here)
    assert "Kommandon:" in run.stdout and "Alternativ:" in run.stdout
    assert "Visa den här hjälpen och avsluta." in run.stdout
    assert "Kontrollera ett processförråd" in run.stdout  # the check command's line
    check = procmodel("check", "--help", env=SWEDISH).stdout
    assert "Skriv rapporten till den här filen." in check
    assert "[standard: text]" in check


def test_help_in_english_under_c() -> None:
    run = procmodel("check", "--help", env={"LANG": "C"})
    assert run.stdout.startswith("Usage: ") and "check [OPTIONS] [PATH]" in run.stdout.splitlines()[0]
    assert "Write the report to this file." in run.stdout
    assert "Show this message and exit." in run.stdout
    assert procmodel("--lang", "en", "--help", env=SWEDISH).stdout.startswith("Usage:")


def test_not_a_repository_in_swedish(tmp_path: Path) -> None:
    run = procmodel("check", "finns-inte", env=SWEDISH, cwd=tmp_path)
    assert run.returncode == 2
    assert (
        "finns-inte: filen eller mappen finns inte. Ange mappen som innehåller procmodel.yaml." in run.stderr
    )


def test_click_errors_in_swedish_and_an_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("en fil, ingen mapp\n", encoding="utf-8")
    target = tmp_path / "fil" / "rapport.txt"  # its parent is a file: no folder can be made there
    run = procmodel("check", "trasig", "-o", str(target), env=SWEDISH)
    assert run.returncode == 2
    assert "Prova '" in run.stderr and "check --help' för att få hjälp." in run.stderr
    assert f"Fel: kan inte skriva {target}: " in run.stderr
    assert "internal error" not in run.stderr and "internt fel" not in run.stderr
    run = procmodel("check", "--format", "x", "trasig", env={"LANG": "C"})
    assert run.returncode == 2 and "Error: Invalid value for '--format'" in run.stderr


@pytest.mark.parametrize("name", ["trasig", "oläslig"])
def test_swedish_golden_transcript(name: str) -> None:
    """The whole Swedish report, as recorded: same places, carets and order as the English one."""
    run = procmodel("check", name, env=SWEDISH)
    assert run.stdout == (FIXTURES / f"{name}.sv.expected.txt").read_text(encoding="utf-8")
    english = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8").splitlines()
    swedish = run.stdout.splitlines()
    assert len(swedish) == len(english)
    for sv, en in zip(swedish, english, strict=True):
        if ": error " in en or ": warning " in en:
            assert sv.split(": ", 2)[:2] == en.split(": ", 2)[:2]  # file:line:col and severity, rule, name
        elif "|" in en and "= " not in en:
            assert sv == en  # source excerpt and caret
