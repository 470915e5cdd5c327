"""Parsing the Markdown form of a consolidated statute: small fixtures, then the real skollag."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel.statutes import StatuteError, normalise, parse_statute, read_statute

FIXTURES = Path(__file__).parent / "fixtures"
STATUTES = Path(__file__).resolve().parents[2] / ".." / "shared" / "statutes"


@pytest.fixture(scope="module")
def minilag():
    return read_statute(FIXTURES / "minilag.md")


def test_front_matter_chapters_and_consolidation_level(minilag):
    assert minilag.designation == "2099:1"
    assert minilag.title == "Lag om övningsskolor"
    assert minilag.chapters == {"1": "Inledande bestämmelser", "2": "Klagomål"}
    assert minilag.latest_amendment == "2099:9"
    assert minilag.consolidation == "SFS 2099:1 i lydelse t.o.m. SFS 2099:9"


def test_paragraphs_with_letters_headings_and_amending_act(minilag):
    p = minilag.paragraph("1", "2 a")
    assert p is not None and p.label == "1 kap. 2 a §" and p.heading == "Skolor"
    assert p.amended_by == "2099:7"
    assert minilag.paragraph("1", "1").heading == "Lagens innehåll"


def test_stycken_lists_and_wrapped_lines(minilag):
    two = minilag.paragraph("1", "2")
    assert [s.text for s in two.stycken] == [
        "Varje kommun ska ha en övningsskola. Skolan ska ledas av en rektor.",
        "Rektorn ska särskilt verka för att utbildningen utvecklas. Lag ([2099:7](https://selex.se/eli/sfs/2099/7)).",
    ]
    two_a = minilag.paragraph("1", "2 a")
    assert two_a.stycken[0].text == "Rektorn får inte överlåta beslut om"
    assert two_a.stycken[0].items == (
        "1. avstängning enligt [3 §](#kap2.3),",
        "2. utvisning, eller",
        "3. omplacering.",
    )
    assert two_a.text.startswith(
        "Rektorn får inte överlåta beslut om\n1. avstängning enligt 3 §,\n2. utvisning"
    )
    assert two_a.text.endswith("\n\nBeslutet ska vara skriftligt. Lag (2099:7).")
    one = minilag.paragraph("1", "1")
    assert one.stycken[0].items[0] == "övningsskolor ([2 §](#kap1.2)),"  # '- ' dropped, links kept until text


def test_two_versions_of_a_paragraph_are_kept_and_never_chosen_silently(minilag):
    assert len(minilag.versions[("2", "3")]) == 2
    assert minilag.paragraph("2", "3") is None


def test_a_chapter_heading_that_goes_backwards_is_text(minilag):
    four = minilag.paragraph("2", "4")
    assert "1 kap. 2 §, eller" in four.text and four.amended_by == "2099:5"
    assert set(minilag.chapters) == {"1", "2"}
    assert any("not a chapter heading" in w for w in minilag.warnings)


def test_statute_without_chapters():
    lag = read_statute(FIXTURES / "utan-kapitel.md")
    assert lag.chapters == {}
    p = lag.paragraph("", "2")
    assert p.label == "2 §" and p.heading == "Lagens tillämpningsområde" and p.amended_by == "2098:4"


def test_normalise_drops_links_and_whitespace():
    assert normalise("enligt  [11 a §](#kap3.11a),\n och\u00a0mer") == "enligt 11 a §, och mer"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Skollag\n", "1:1: no front matter"),
        ("---\nrubrik: X\n---\n#### 1 §\nText.\n", "3:1: the front matter has no 'beteckning'"),
        ("---\nbeteckning: 1:1\n", "not closed"),
        ("---\nbeteckning: 1:1\n---\n# Bara en rubrik\n", "no paragraphs found"),
    ],
)
def test_not_a_statute_is_a_clear_error(text, message):
    with pytest.raises(StatuteError, match=message):
        parse_statute(text)


def test_unreadable_file_names_the_path(tmp_path):
    bad = tmp_path / "trasig.md"
    bad.write_bytes(b"\xff\xfe---")
    with pytest.raises(StatuteError, match=r"trasig\.md: cannot read"):
        read_statute(bad)


def test_real_skollag_parses_with_known_paragraphs():
    skollag = read_statute(STATUTES / "sfs-2010-800.md")
    assert skollag.designation == "2010:800"
    assert skollag.chapters["6 a"] == "Säkerhetsarbete i brottsförebyggande syfte"
    assert skollag.chapters["7"] == "Skolplikt och rätt till utbildning"
    nine = skollag.paragraph("3", "9")
    assert nine.amended_by == "2020:605"
    assert "2. i form av distansundervisning och annan undervisning enligt 11 a §, eller" in nine.text
    # left out by the conversion (a pending future version): not there, not guessed
    assert skollag.paragraph("3", "4 b") is None and skollag.paragraph("7", "17") is None


def test_text_after_the_amending_act_is_a_stray_heading_and_dropped():
    lag = read_statute(FIXTURES / "utan-kapitel.md")
    assert lag.paragraph("", "2").text == "Ett överklagande ska ha kommit in inom tre veckor. Lag (2098:4)."
    assert lag.paragraph("", "3").text == "Beslutet ska motiveras."
    assert any("dropped" in w for w in lag.warnings)
