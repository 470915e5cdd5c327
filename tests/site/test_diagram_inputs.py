"""The diagram caches of a site build: the DOT keys kept under a digest of the build's inputs
(procmodel.site.diagram_inputs) and the page forms kept under a key of their rendered SVG
(procmodel.site.diagrams.page_form_key). A change to any input is a new key, and a warm build
makes exactly the pages a cold one does."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path, PurePath, PurePosixPath

import pytest

import procmodel
from procmodel import load_repository
from procmodel.followup.model import Indicator
from procmodel.model import Config, Severity
from procmodel.render import Renderer
from procmodel.site import diagram_inputs, diagrams, generate_site
from procmodel.site.diagram_inputs import KEYS_FORMAT, code_digest, site_inputs
from procmodel.site.diagrams import PAGE_FORM, Diagrams, page_form_key

from .site_helpers import BASIC

#: an input a diagram is made of → (file, text, replacement)
EDITS = {
    "step title": ("flöden/anmälan.yaml", "title: Anmäl till rektor\n", "title: Anmäl till rektorn\n"),
    "role name": ("roles.yaml", "name: Kurator\n", "name: Skolkurator\n"),
    "role lane": ("roles.yaml", "name: Mentor\n", "name: Mentor\n    external: true\n"),
    "called process title": (
        "flöden/utredning.yaml",
        "title: Utredning av kränkande behandling\n",
        "title: Utredning av en kränkning\n",
    ),
    "goal": ("goals/km.yaml", "id: km-närvaro\n", "id: km-närvaron\n"),
    "configuration": ("procmodel.yaml", "name: Testkommunens skolor\n", "name: Testkommunen\n"),
    "visibility": ("flöden/utredning.yaml", "audience: public\n", "audience: internal\n"),
}


def _copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(BASIC, repo)
    return repo


def _edit(repo: Path, edit: str) -> None:
    name, old, new = EDITS[edit]
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (edit, name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _pages(repo: Path, cache: Path, audience: str = "staff") -> dict[str, str | bytes]:
    drawn = Diagrams(cache_dir=cache)
    site = generate_site(load_repository(repo), audience=audience, diagrams=drawn)
    assert drawn.dropped == []
    return site.files


def _forget_made(cache: Path) -> None:
    """Drop the kept DOT keys and page forms (the rendered SVG stay): the next build is cold."""
    for kept in [*cache.rglob(f"*.{KEYS_FORMAT}"), *cache.rglob(f"*.{PAGE_FORM}")]:
        kept.unlink()


# the digest of the inputs ------------------------------------------------------------------


def test_the_same_files_give_the_same_digest(tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    assert site_inputs(load_repository(repo), "staff") == site_inputs(load_repository(repo), "staff")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_change_to_any_input_file_is_a_new_digest(tmp_path: Path, edit: str) -> None:
    repo = _copy(tmp_path)
    before = site_inputs(load_repository(repo), "public")
    _edit(repo, edit)
    assert site_inputs(load_repository(repo), "public") != before


def test_audience_language_and_url_style_are_part_of_the_digest() -> None:
    repo = load_repository(BASIC)
    builds = [("public", "sv", "u"), ("staff", "sv", "u"), ("public", "en", "u"), ("public", "sv", "v")]
    digests = {site_inputs(repo, *parts) for parts in builds}
    assert len(digests) == 4


#: values that are different inputs, however alike they are (equal in Python, or in JSON)
DISTINCT = {
    "None and NaN": (None, math.nan),
    "NaN and infinity": (math.nan, math.inf),
    "infinity and minus infinity": (math.inf, -math.inf),
    "zero and minus zero": (0.0, -0.0),
    "int and float": (1, 1.0),
    "int and bool": (1, True),
    "list and tuple": ([1], (1,)),
    "set and frozenset": ({1}, frozenset({1})),
    "enum member and its value": (Severity.error, "error"),
    "path and string": (PurePosixPath("a/b"), "a/b"),
    "path and a string like the old digest's": (PurePath("a"), "path:a"),
    "date and string": (dt.date(2026, 1, 1), "2026-01-01"),
    "date and datetime": (dt.date(2026, 1, 1), dt.datetime(2026, 1, 1)),
    "string and its pieces": (["ab", "c"], ["a", "bc"]),
    # a loaded indicator's bounds are finite; made without validation, a model can still hold any float
    "NaN and None in a model": (
        Indicator.model_construct(id="i", name="I", max=math.nan),
        Indicator.model_construct(id="i", name="I"),
    ),
    "NaN and infinity in a model": (
        Indicator.model_construct(id="i", name="I", max=math.nan),
        Indicator.model_construct(id="i", name="I", max=math.inf),
    ),
    "a field set to its default and a field not set": (Config(language="sv"), Config()),
}


@pytest.mark.parametrize("pair", sorted(DISTINCT))
def test_different_values_never_give_the_same_digest(pair: str) -> None:
    first, second = DISTINCT[pair]
    assert diagram_inputs._digest(first) != diagram_inputs._digest(second)
    assert diagram_inputs._digest(first) == diagram_inputs._digest(first)


def test_an_indicator_without_a_maximum_and_one_near_the_largest_float_are_different_inputs(
    tmp_path: Path,
) -> None:
    from tests.followup.conftest import FIXTURE

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    catalog = repo / "uppföljning" / "indikatorer.yaml"
    text = catalog.read_text(encoding="utf-8")
    digests = set()
    # (1e400, past every float, is refused when loaded: tests/followup/test_indicators.py)
    for bounds in ("    min: 0\n    max: 100\n", "", "    max: 1e308\n", "    min: -1e308\n"):
        catalog.write_text(text.replace("    min: 0\n    max: 100\n", bounds), encoding="utf-8")
        loaded = load_repository(repo)
        assert not loaded.findings, loaded.findings
        digests.add(site_inputs(loaded, "staff"))
    assert len(digests) == 4 and None not in digests


def test_a_change_to_procmodel_s_code_is_a_new_digest(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "procmodel"
    shutil.copytree(Path(procmodel.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(procmodel, "__file__", str(package / "__init__.py"))
    before = code_digest.__wrapped__()
    render = package / "render" / "swimlane.py"
    render.write_text(render.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after = code_digest.__wrapped__()
    assert after != before
    repo = load_repository(BASIC)
    first = site_inputs(repo, "public")
    monkeypatch.setattr(diagram_inputs, "code_digest", lambda: after)
    assert site_inputs(repo, "public") != first


def test_a_value_it_cannot_digest_gives_no_digest_and_the_dot_is_built(tmp_path: Path) -> None:
    repo = load_repository(BASIC)
    repo.invalid_ids.add(object())  # type: ignore[arg-type]
    assert site_inputs(repo, "public") is None
    drawn = Diagrams(cache_dir=tmp_path)
    site = generate_site(repo, audience="public", diagrams=drawn)
    assert "<svg" in site.files["processer/anmälan.md"]
    assert not list(tmp_path.rglob(f"*.{KEYS_FORMAT}"))


# the page forms ----------------------------------------------------------------------------


def test_every_part_of_a_page_form_key_counts(monkeypatch) -> None:
    base = ("k" * 64, "swimlane", "Processen Anmälan", ("a", "b"))
    keys = {
        page_form_key(*base),
        page_form_key("j" * 64, *base[1:]),
        page_form_key(base[0], "top_down", *base[2:]),
        page_form_key(*base[:2], "Processen Anmälan!", base[3]),
        page_form_key(*base[:3], ("b", "a")),
        page_form_key(*base[:3], ("ab",)),
    }
    monkeypatch.setattr(diagrams, "_page_form_code", lambda: "other code")
    keys.add(page_form_key(*base))
    assert len(keys) == 7


# warm builds -------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["public", "staff"])
def test_a_warm_build_makes_the_pages_a_cold_one_does_and_builds_no_dot(
    tmp_path: Path, monkeypatch, audience: str
) -> None:
    repo = _copy(tmp_path)
    cache = tmp_path / "cache"
    cold = _pages(repo, cache, audience)
    assert list(cache.rglob(f"*.{KEYS_FORMAT}")) and list(cache.rglob(f"*.{PAGE_FORM}"))

    def no_dot(*args: object, **kwargs: object) -> str:
        raise AssertionError("a warm build built a DOT")

    for builder in ("process_dot", "top_down_dot", "red_thread_dot"):
        monkeypatch.setattr(Renderer, builder, no_dot)
    assert _pages(repo, cache, audience) == cold


def test_page_forms_missing_from_the_cache_are_made_again_alike(tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    cache = tmp_path / "cache"
    cold = _pages(repo, cache)
    for kept in cache.rglob(f"*.{PAGE_FORM}"):
        kept.unlink()
    assert _pages(repo, cache) == cold  # from the kept DOT keys: each page builds its own DOT


def test_damaged_dot_keys_count_as_none(tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    cache = tmp_path / "cache"
    cold = _pages(repo, cache)
    for kept in cache.rglob(f"*.{KEYS_FORMAT}"):
        kept.write_bytes(b"\xff not json")
    assert _pages(repo, cache) == cold


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_after_any_change_a_warm_build_makes_the_pages_a_cold_one_does(tmp_path: Path, edit: str) -> None:
    repo = _copy(tmp_path)
    cache = tmp_path / "cache"
    before = _pages(repo, cache, "public")
    _edit(repo, edit)
    warm = _pages(repo, cache, "public")
    _forget_made(cache)
    assert warm == _pages(repo, cache, "public")
    assert warm != before


def test_one_diagrams_object_for_two_builds_never_mixes_their_diagrams(tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    cache = tmp_path / "cache"
    _edit(repo, "step title")
    edited = _pages(repo, cache, "public")  # the edited build's keys are kept
    for kept in cache.rglob(f"*.{PAGE_FORM}"):
        kept.unlink()
    shutil.copy(BASIC / "flöden" / "anmälan.yaml", repo / "flöden" / "anmälan.yaml")
    drawn = Diagrams(cache_dir=tmp_path / "other-cache")
    generate_site(load_repository(repo), audience="public", diagrams=drawn)  # builds the DOT of the original
    drawn.renderer.cache.directory = cache  # type: ignore[union-attr]
    _edit(repo, "step title")
    again = generate_site(load_repository(repo), audience="public", diagrams=drawn)
    assert again.files == edited
