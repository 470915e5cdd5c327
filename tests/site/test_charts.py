"""Indicator line charts drawn by matplotlib: valid SVG, text kept as text, the same bytes every time."""

from __future__ import annotations

from lxml import etree

from procmodel.site.charts import Series, _line_chart, line_chart
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
