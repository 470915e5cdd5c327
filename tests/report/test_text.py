"""The text format is safe for a terminal: text from the files cannot send escape sequences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.report import CheckResult
from procmodel.report.text import format_text, headline, printable
from tests.load.test_broken_input import GOOD, make_repo

#: The only escape sequences the text format may print: click's colours.
SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_printable_makes_control_and_bidi_characters_visible() -> None:
    assert printable("Mål\tå") == "Mål\tå"  # Swedish text and tabs are left alone
    assert printable("a\x1b[2Jb\x07\r\n") == "a\u241b[2Jb\u2407\u240d\u240a"
    assert printable("\x7f\x9b31m") == "\u2421\\x9b31m"
    assert printable("abc\u202eexe.pdf") == "abc<U+202E>exe.pdf"


@pytest.mark.parametrize("colour", [False, True])
def test_escape_sequences_from_a_file_do_not_reach_the_terminal(
    colour: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # YAML's "\e" escape puts a real ESC into the data, which an id's error message quotes
    text = GOOD.format(id="esc").replace("owner: rektor", 'owner: "rek\\e[2J\\e]0;pwned\\x07tor"')
    root = make_repo(tmp_path / "repo", "esc", text.encode())
    (root / "p" / "bidi\u202egnp.yaml").write_text(GOOD.format(id="bidi"), encoding="utf-8")
    monkeypatch.chdir(root)
    repo = load_repository(".")
    result = CheckResult(repo=repo, findings=check_repository(repo))
    out = format_text(result, colour=colour)
    plain = SGR.sub("", out)
    assert "\x1b" not in plain and "\x07" not in out and "\u202e" not in out
    assert "'rek\u241b[2J\u241b]0;pwned\u2407tor' is not a valid id" in plain
    assert (
        "p/bidi<U+202E>gnp.yaml:1:5: error PM106 file-name-mismatch: file name 'bidi<U+202E>gnp.yaml'"
        in plain
    )


def test_the_caret_stays_under_the_value_after_escaping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = GOOD.format(id="tab").replace("owner: rektor", "owner:\t\t'a\u202eb'")
    root = make_repo(tmp_path / "repo", "tab", text.encode())
    monkeypatch.chdir(root)
    repo = load_repository(".")
    result = CheckResult(repo=repo, findings=check_repository(repo))
    lines = format_text(result).splitlines()
    (i,) = [n for n, line in enumerate(lines) if headline(result.findings[0]) == line]
    source, caret = lines[i + 2], lines[i + 3]
    assert source.endswith("owner:  'a<U+202E>b'")
    assert caret.index("^") == source.index("'a<U+202E>b'")
