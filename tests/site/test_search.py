"""The site's search: statute tokens, what a query keeps, the vocabulary and synonyms the
script gets, the synonym file and its schema, and how pages are marked for Pagefind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from procmodel import load_repository
from procmodel.model import Goal
from procmodel.site.search import fold, query_words, rewrite_query, search_data, statute_tokens
from procmodel.site.search_index import mark_page, page_kind

from .site_helpers import EXAMPLE, ROOT

ARTICLE = '<article class="md-content__inner md-typeset"><h1 id="t">T</h1></article>'


@pytest.mark.parametrize(
    ("number", "tokens"),
    [
        ("6 kap. 10 §", ["6kap10"]),
        ("3 kap. 5 a §", ["3kap5a"]),
        ("6 kap.", ["6kap"]),
        ("2.8", []),
        (None, []),
    ],
)
def test_statute_tokens_from_official_numbering(number, tokens):
    assert statute_tokens(Goal(id="g", number=number)) == tokens


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("6 kap 10", "6kap10"),
        ("6 kap. 10 §", "6kap10"),
        ("SL 6:10", "6kap10"),
        ("skollagen 6:10", "6kap10"),
        ("4:8", "4kap8"),
        ("4 kap 8 klagomål", "4kap8 klagomål"),
        ("3 kap. 5 a §", "3kap5a"),
        ("06 kap 010", "6kap10"),
        ("kränk", "kränk"),
        ("Hur gör vi när en elev är frånvarande?", "frånvarande"),
        ("elev", "elev"),  # a context word alone is what there is to look for
        ("hur", "hur"),  # nothing but stop words: left alone
        ("Lgr22 2.8 rektorns ansvar", "lgr22 2.8 rektorns ansvar"),
        ("min dotter blir mobbad i klassen", "mobbad"),  # who it is about does not decide
        ("6 kap 10 förskola", "6kap10 förskola"),  # not paragraph 10 f
    ],
)
def test_query_words(typed, kept):
    assert rewrite_query(typed) == kept


def test_query_words_keep_å_ä_ö():
    assert query_words("Åtgärdsprogram för ÄLDRE elever") == ["åtgärdsprogram", "äldre"]


def test_a_statute_token_is_repeated_by_how_much_a_process_works_with_it():
    from procmodel.site.search import MAX_STATUTE_WEIGHT, process_tags

    repo = load_repository(EXAMPLE)

    def repeats(pid: str) -> int:
        return max(t.split().count("6kap10") for t in process_tags(repo, repo.processes[pid]))

    school = repeats("kränkande-behandling")
    assert school == MAX_STATUTE_WEIGHT
    assert 1 <= repeats("klagomålshantering") < repeats("kränkande-behandling-i-förskolan") < school


def test_fold_drops_accents_only():
    assert fold("Åtgärd Idé Över") == "atgard ide over"


def test_search_data_turns_the_synonym_file_round_and_lists_the_site_words():
    data = json.loads(search_data(load_repository(EXAMPLE)))
    assert "vårdnadshavare" in data["synonyms"]["mamma"]
    assert data["synonyms"]["skolkade"] == ["ogiltig frånvaro"]
    assert set(data["synonyms"]["slåss"]) >= {"kränkning", "hot och våld"}
    assert "vårdnadshavare" in data["words"] and "åtgärdsprogram" in data["words"]
    assert "hur" in data["stop"] and "elev" in data["context"]


def test_the_example_synonym_file_matches_its_schema():
    schema = json.loads((ROOT / "schemas" / "synonyms.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((EXAMPLE / "sökord.yaml").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_a_bad_synonym_file_is_a_located_finding(tmp_path: Path):
    (tmp_path / "procmodel.yaml").write_text("name: T\n", encoding="utf-8")
    (tmp_path / "sökord.yaml").write_text("synonyms:\n  mobbning: kränkning\n", encoding="utf-8")
    repo = load_repository(tmp_path)
    found = [f for f in repo.findings if f.rule == "PM010"]
    assert found, repo.findings
    located = repo.sources.resolve(found)
    assert located[0].location.file.endswith("sökord.yaml") and located[0].location.line == 2
    assert repo.processes == {}  # never read as a process file


def test_a_good_synonym_file_is_loaded_and_not_taken_for_a_process(tmp_path: Path):
    (tmp_path / "procmodel.yaml").write_text("name: T\n", encoding="utf-8")
    (tmp_path / "sökord.yaml").write_text("synonyms:\n  kränkning: [mobbad, mobbar]\n", encoding="utf-8")
    repo = load_repository(tmp_path)
    assert repo.synonyms == {"kränkning": ["mobbad", "mobbar"]}
    assert repo.findings == []


@pytest.mark.parametrize(
    ("src", "kind"),
    [
        ("processer/frånvaro.md", "process"),
        ("processer/index.md", "index"),
        ("mål/sl-6-10.md", "goal"),
        ("roller/rektor.md", "role"),
        ("dokument/plan.md", "page"),
        ("om-webbplatsen.md", "page"),
    ],
)
def test_page_kind(src, kind):
    assert page_kind(src) == kind


def test_mark_page_marks_the_content_with_kind_status_and_weighted_terms():
    html = ARTICLE.replace("<h1", '<div class="admonition warning pm-status pm-draft"></div><h1')
    out = mark_page(html, kind="process", terms="mobbning <b>6kap10</b>", excluded=False)
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in out
    assert '<span hidden data-pagefind-meta="kind:process"></span>' in out
    assert '<span hidden data-pagefind-meta="status:draft"></span>' in out
    assert '<span hidden data-pagefind-weight="10">mobbning &lt;b&gt;6kap10&lt;/b&gt;</span>' in out


def test_mark_page_says_how_much_a_page_works_with_each_statute():
    out = mark_page(ARTICLE, kind="process", terms="mobbning 6kap10 6kap10 6kap10 6kap9", excluded=False)
    assert '<span hidden data-pagefind-meta="statutes:6kap10=3 6kap9=1"></span>' in out
    assert "statutes:" not in mark_page(ARTICLE, kind="process", terms="mobbning", excluded=False)


def test_excluded_pages_and_section_lists_are_left_out_of_the_index():
    assert mark_page(ARTICLE, kind="page", terms="", excluded=True) == ARTICLE
    assert mark_page(ARTICLE, kind="index", terms="", excluded=False) == ARTICLE


def test_mark_page_gives_the_question_to_the_results():
    html = ARTICLE.replace("</h1>", '</h1><p class="pm-question">Hur gör vi?</p>')
    out = mark_page(html, kind="process", terms="", excluded=False)
    assert '<p class="pm-question" data-pagefind-meta="question">Hur gör vi?</p>' in out
