"""Every catalog paragraph marked official is the consolidated statute's text, word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.model import Wording
from procmodel.statutes import normalise, read_statute
from procmodel.statutes.catalog import paragraph_key

ROOT = Path(__file__).resolve().parents[2]
STATUTES = ROOT / ".." / "shared" / "statutes"

#: The paragraphs of skollagen the conversion leaves out (statutes/README.md, known gaps).
LEFT_OUT = {
    ("1", "1"),
    ("1", "3"),
    ("2", "25"),
    ("2", "34"),
    ("3", "1"),
    ("3", "3"),
    ("3", "4"),
    ("3", "4 a"),
    ("3", "4 b"),
    ("3", "6"),
    ("3", "12 a"),
    ("3", "12 c"),
    ("3", "12 j"),
    ("6 a", "5"),
    ("6 a", "10"),
    ("7", "17"),
    ("7", "21"),
    ("7", "22"),
    ("7", "23"),
    ("10", "13"),
}


@pytest.fixture(scope="module")
def repo():
    return load_repository(ROOT / "processes")


def _statute_catalogs(repo):
    for cid, cat in repo.catalogs.items():
        ref = " ".join((cat.reference or "").split())
        if ref.startswith("SFS "):
            yield cid, STATUTES / f"sfs-{ref[4:].replace(':', '-')}.md"


def test_every_official_paragraph_matches_the_consolidated_text(repo):
    checked = 0
    for cid, path in _statute_catalogs(repo):
        official = [g for g in repo.catalog_goals(cid) if g.wording is Wording.official and g.text]
        if not official:
            continue
        assert path.is_file(), f"{cid} claims official text but {path.name} is not in ../shared/statutes"
        statute = read_statute(path)
        for goal in official:
            key = paragraph_key(goal.number)
            assert key and key[1] is not None, f"{goal.id}: official text needs a paragraph number"
            para = statute.paragraph(key[0], key[1])
            assert para is not None, f"{goal.id} ({goal.number}) is official but not (once) in {path.name}"
            assert normalise(goal.text) == normalise(para.text), f"{goal.id} differs from {para.label}"
            assert goal.source == statute.consolidation, (
                f"{goal.id}: source should be {statute.consolidation!r}"
            )
            checked += 1
    assert checked >= 30


def test_paragraphs_the_conversion_leaves_out_are_never_official(repo):
    skollag = read_statute(STATUTES / "sfs-2010-800.md")
    for goal in repo.catalog_goals("skollagen"):
        key = paragraph_key(goal.number)
        if key is None or key[1] is None or not goal.text:
            continue
        if (key[0], key[1]) in LEFT_OUT or skollag.paragraph(key[0], key[1]) is None:
            assert goal.wording is not Wording.official, goal.id
            assert goal.note, f"{goal.id} must say why its text is not official"


def test_chapter_headings_are_the_statutes(repo):
    for cid, path in _statute_catalogs(repo):
        if not path.is_file():
            continue
        statute = read_statute(path)
        for goal in repo.catalog_goals(cid):
            key = paragraph_key(goal.number)
            if key and key[1] is None and key[0] in statute.chapters:
                assert goal.title == statute.chapters[key[0]], goal.id


def test_curriculum_items_are_not_claimed_official_without_a_source(repo):
    for cid in ("lgr22", "gy11", "lpfö18"):
        for goal in repo.catalog_goals(cid):
            if goal.text:
                assert goal.wording is not Wording.official, f"{goal.id}: no official curriculum text here"
