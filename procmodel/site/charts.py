"""Line charts of indicator values over periods, drawn as SVG by matplotlib at build time.

Only matplotlib's object-oriented API is used (a :class:`~matplotlib.figure.Figure` of its own,
no pyplot, no global state, no display), with fixed settings so that the same values give the
same bytes on every build: ``svg.hashsalt`` for the ids, no creation date in the metadata,
text kept as text (``svg.fonttype: none``: smaller, selectable, read by screen readers'
"view image" tools). Colours are the Okabe–Ito palette (told apart with colour-blindness too),
and every series has a marker of its own, so the lines can be told apart without colour; the
organisation's line is black and dashed. Every chart on the site has its values as a table
beside it (:mod:`procmodel.site.indicator_charts`).

Drawing a chart takes matplotlib a tenth of a second, so a build keeps each chart in the diagram
cache under :func:`chart_key` (its data, this module, matplotlib's version and the font file it
measures the text with): a warm build draws none.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from procmodel.render.cache import DiagramCache

#: Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D00", "#6A3D9A")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h")
#: Settings that make the output depend on the data only.
_RC: dict[Any, Any] = {
    "svg.hashsalt": "procmodel",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 13,
    "axes.titlesize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#d0d5dd",
    "axes.edgecolor": "#4a5260",
    "axes.labelcolor": "#1b1f24",
    "xtick.color": "#1b1f24",
    "ytick.color": "#1b1f24",
    "legend.frameon": False,
    "path.simplify": False,
}
#: Width and height in inches: narrow enough that the text stays readable on a phone.
SIZE = (5.0, 3.6)
#: Inches more per legend row past the second.
LEGEND_ROW = 0.28
#: A legend name longer than this puts the legend in one column (two would not fit the width).
LONG_LABEL = 22
#: File suffix of a chart in the diagram cache.
CHART_FORMAT = "chart.svg"


@dataclass(frozen=True)
class Series:
    """One line: a unit's values (or the organisation's), one per period (None: no value)."""

    label: str
    values: tuple[float | None, ...]
    whole: bool = False  # the organisation as a whole: drawn black and dashed


def line_chart(
    periods: list[str],
    series: list[Series],
    measure: str | None = None,
    decimal: str = ".",
    cache: DiagramCache | None = None,
) -> str:
    """An SVG line chart: ``periods`` along the x axis, one line per series, legend below;
    ``decimal``: the decimal sign of the axis' numbers (``,`` in Swedish). The same chart is
    drawn once per process (``procmodel serve`` rebuilds a page without drawing it again), and
    once for as long as ``cache`` keeps it."""
    if cache is None:
        return _line_chart(tuple(periods), tuple(series), measure, decimal)
    key = chart_key(periods, series, measure, decimal)
    kept = cache.get(key, CHART_FORMAT)
    if kept is not None:
        return kept.decode("utf-8")
    svg = _line_chart(tuple(periods), tuple(series), measure, decimal)
    cache.put(key, CHART_FORMAT, svg.encode("utf-8"))
    return svg


def chart_key(periods: list[str], series: list[Series], measure: str | None, decimal: str) -> str:
    """The cache key of a chart: everything it is drawn from, and the code that draws it."""
    data = [periods, [[s.label, list(s.values), s.whole] for s in series], measure, decimal]
    h = hashlib.sha256(_chart_code().encode() + b"\0")
    h.update(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


@functools.cache
def _chart_code() -> str:
    """A digest of this module, matplotlib's version and the font file its text is measured with."""
    from matplotlib import font_manager, rc_context

    with rc_context(_RC):
        font = Path(font_manager.findfont(font_manager.FontProperties()))
    stat = font.stat()
    h = hashlib.sha256(Path(__file__).read_bytes())
    version = metadata.version("matplotlib")
    h.update(f"\0matplotlib {version}\0{font} {stat.st_size} {stat.st_mtime_ns}".encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=512)
def _line_chart(
    periods: tuple[str, ...], series: tuple[Series, ...], measure: str | None, decimal: str
) -> str:
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    with rc_context(_RC):
        # the legend under the plot: two columns while the names are short, else one; the
        # figure grows with its rows, so the plot keeps its height and no name is cut off
        drawn = [s for s in series if any(v is not None for v in s.values)]
        columns = 2 if len(drawn) > 2 and max(len(s.label) for s in drawn) <= LONG_LABEL else 1
        rows = math.ceil(len(drawn) / columns) if drawn else 0
        fig = Figure(figsize=(SIZE[0], SIZE[1] + LEGEND_ROW * max(rows - 2, 0)), layout="constrained")
        ax = fig.add_subplot()
        x = list(range(len(periods)))
        own = 0
        for s in series:
            points = [(i, v) for i, v in zip(x, s.values, strict=True) if v is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            style: dict[str, Any]
            if s.whole:
                style = {"color": "#1b1f24", "linestyle": "--", "linewidth": 2.2, "marker": "o",
                         "markersize": 6, "markerfacecolor": "white", "zorder": 3}  # fmt: skip
            else:
                style = {"color": PALETTE[own % len(PALETTE)], "linewidth": 2,
                         "marker": MARKERS[own % len(MARKERS)], "markersize": 7}  # fmt: skip
                own += 1
            ax.plot(xs, ys, label=s.label, **style)
        ax.set_xticks(x, periods)
        ax.set_xlim(-0.25, max(len(periods) - 0.75, 0.25))
        values = [v for s in series for v in s.values if v is not None]
        if values:
            low, high = min(values), max(values)
            pad = max((high - low) * 0.15, abs(high) * 0.02, 1.0)
            ax.set_ylim(math.floor(low - pad), math.ceil(high + pad))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", decimal)))
        if measure:
            ax.set_ylabel(measure)
        ax.tick_params(axis="both", length=0, pad=6)
        fig.legend(loc="outside lower center", ncols=columns, fontsize=12, handlelength=2.6)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
