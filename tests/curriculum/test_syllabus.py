"""Reading a Syllabus API curriculum answer: sections' HTML into Mål and Riktlinjer items."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel.curriculum.catalog import digest_id, item_key
from procmodel.curriculum.syllabus import CurriculumError, curriculum_url, list_items, parse_curriculum

FIXTURE = Path(__file__).parent / "fixtures" / "lgr22.json"


def test_lists_leads_and_provenance() -> None:
    cur = parse_curriculum(FIXTURE.read_text(encoding="utf-8"))
    assert cur.code == "LGR22" and cur.version == "7"
    assert (
        cur.source
        == "SKOLFS 2010:37 i lydelse enligt SKOLFS 2022:13 (Skolverkets Syllabus-API, LGR22 version 7)"
    )
    leads = [(i.section, i.kind, i.lead, i.position) for i in cur.items]
    assert leads[:2] == [
        ("2.1", "mal", "Skolans mål är att varje elev", 1),
        ("2.1", "mal", "Skolans mål är att varje elev", 2),
    ]
    assert ("2.1", "rl", "Läraren ska", 2) in leads
    assert ("2.8", "rl", "Rektorn har, inom givna ramar, ansvar för att", 1) in leads
    # chapter 1's list is neither Mål nor Riktlinjer: not imported
    assert all(i.section != "1" for i in cur.items)
    # <li><p>…</p></li>, &nbsp; and the list punctuation: text as given, whitespace collapsed
    assert (
        cur.items[3].text
        == "visar respekt för och omsorg om såväl närmiljön som miljön i ett vidare perspektiv."
    )


def test_a_nested_list_belongs_to_its_item() -> None:
    items = list_items(
        "<h3>2.2 Kunskaper</h3><h4>Mål</h4><p>Skolans mål är att varje elev</p>"
        "<ul><li>kan använda<ul><li>svenska,</li><li>engelska</li></ul></li><li>kan lösa problem.</li></ul>"
    )
    assert [i.text for i in items] == ["kan använda svenska, engelska", "kan lösa problem."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[1, 2", "not valid JSON"),
        ('{"subject": {}}', "not a curriculum"),
        ('{"curriculum": {"sections": []}}', "has no 'code'"),
    ],
)
def test_bad_answers_are_clear_errors(data: str, message: str) -> None:
    with pytest.raises(CurriculumError, match=message):
        parse_curriculum(data)


def test_ids_come_from_the_text_not_the_position() -> None:
    assert item_key("respekterar andra människors egenvärde, och") == "respekterar andra människors egenvärde"
    one = digest_id("lgr22-2.1-mal", "Respekterar andra  människors egenvärde,", set())
    assert one == digest_id("lgr22-2.1-mal", "respekterar andra människors egenvärde", set())
    assert digest_id("lgr22-2.1-mal", "respekterar andra människors egenvärde", {one}) != one  # taken: longer
    with pytest.raises(CurriculumError, match="not a curriculum code"):
        curriculum_url("../LGR22")
