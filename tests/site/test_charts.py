"""Indicator line charts drawn by matplotlib: valid SVG, text kept as text, the same bytes every time."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from procmodel import load_repository
from procmodel.render.cache import DiagramCache
from procmodel.site import charts, generate_site
from procmodel.site.charts import CHART_FORMAT, Series, _line_chart, chart_key, line_chart
from procmodel.site.diagrams import Diagrams
from procmodel.site.indicator_charts import number

SVG = "{http://www.w3.org/2000/svg}"


def _chart(decimal: str = ",") -> str:
    series = [Series("Ekskolan", (81.5, None, 84.0)), Series("Alla enheter", (86.0, 86.5, 87.0), whole=True)]
    return line_chart(["HT 2025", "VT 2026", "HT 2026"], series, "%", decimal)


def test_the_chart_is_svg_with_its_words_as_text() -> None:
    root = etree.fromstring(_chart().encode())
    small = line_chart(["HT", "VT"], [Series("Ekskolan", (0.2, 0.6))], None, ",")
    assert root.tag == f"{SVG}svg"
    words = [t.strip() for t in root.itertext() if t.strip()]
    for word in ("Ekskolan", "Alla enheter", "HT 2025", "VT 2026", "%"):
        assert word in words
    ticks = [t.strip() for t in etree.fromstring(small.encode()).itertext() if t.strip()]
    assert "0,5" in ticks and "0.5" not in ticks  # the y axis in Swedish style
    assert root.find(f".//{SVG}path[@style]") is not None


def test_the_same_values_give_the_same_bytes() -> None:
    first = _chart()
    _line_chart.cache_clear()  # drawn again, not taken from the cache
    assert _chart() == first
    assert "<dc:date>" not in first


def test_numbers_in_the_tables() -> None:
    assert number(81.5, "sv") == "81,5" and number(81.5, "en") == "81.5"
    assert number(84.0, "sv") == "84" and number(88.25, "sv") == "88,25" and number(-3.0, "en") == "-3"


def test_a_chart_kept_in_the_cache_is_the_chart_drawn(tmp_path) -> None:
    cache = DiagramCache(tmp_path)
    series = [Series("Ekskolan", (81.5, None, 84.0)), Series("Alla enheter", (86.0, 86.5, 87.0), whole=True)]
    periods = ["HT 2025", "VT 2026", "HT 2026"]
    drawn = line_chart(periods, series, "%", ",", cache)
    assert len(list(tmp_path.rglob(f"*.{CHART_FORMAT}"))) == 1
    _line_chart.cache_clear()
    assert line_chart(periods, series, "%", ",", cache) == drawn
    assert _line_chart.cache_info().misses == 0  # read from the cache, not drawn
    assert drawn == _chart()


def test_every_part_of_a_chart_s_data_and_code_is_in_its_key(monkeypatch) -> None:
    series = [Series("Ekskolan", (81.5, None)), Series("Alla", (86.0, 86.5), whole=True)]
    periods = ["HT", "VT"]
    changed = [
        (periods, series, "%", ","),
        (["HT", "VT 2026"], series, "%", ","),
        (periods, [Series("Ekskolan", (81.5, 82.0)), series[1]], "%", ","),
        (periods, [Series("Ekskolan", (81.5, None)), Series("Alla", (86.0, 86.5))], "%", ","),
        (periods, [Series("Ekskola", (81.5, None)), series[1]], "%", ","),
        (periods, series[::-1], "%", ","),
        (periods, series, "st", ","),
        (periods, series, None, ","),
        (periods, series, "%", "."),
    ]
    keys = {chart_key(*args) for args in changed}
    monkeypatch.setattr(charts, "_chart_code", lambda: "other code")
    keys.add(chart_key(*changed[0]))
    assert len(keys) == len(changed) + 1


def test_the_chart_code_digest_changes_with_matplotlib_and_the_font(tmp_path, monkeypatch) -> None:
    from matplotlib import font_manager

    def digest() -> str:
        charts._chart_code.cache_clear()
        return charts._chart_code()

    first = digest()
    assert digest() == first  # the same installation: the same key
    other_font = tmp_path / "DejaVuSans.ttf"
    other_font.write_bytes(Path(font_manager.findfont(font_manager.FontProperties())).read_bytes() + b"x")
    with monkeypatch.context() as m:
        m.setattr(font_manager, "findfont", lambda *a, **k: str(other_font))
        assert digest() != first
    with monkeypatch.context() as m:
        m.setattr(charts.metadata, "version", lambda name: "0.0")
        assert digest() != first
    assert digest() == first


def test_a_warm_build_draws_no_chart_and_makes_the_same_pages(tmp_path, monkeypatch) -> None:
    repo = load_repository(Path(__file__).parent / "fixtures" / "followup")
    cold = generate_site(repo, audience="staff", diagrams=Diagrams(cache_dir=tmp_path)).files
    assert any(path.endswith(".svg") and "<svg" in str(text) for path, text in cold.items())

    def no_drawing(*args: object) -> str:
        raise AssertionError("a warm build drew a chart")

    monkeypatch.setattr(charts, "_line_chart", no_drawing)
    assert generate_site(repo, audience="staff", diagrams=Diagrams(cache_dir=tmp_path)).files == cold
