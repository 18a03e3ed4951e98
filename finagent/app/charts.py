"""Charts for the HTML report, drawn by matplotlib as inline SVG text.

matplotlib is the optional ``charts`` extra and heavy to import, so it is imported only inside
``price_chart_svg``/``metric_chart_svg`` (never by ``import finagent``); without it they raise
``ImportError`` and the report says how to get charts. The data preparation above them is pure
and needs no matplotlib. The SVG is deterministic (fixed id salt, no date in its metadata) so a
report can be compared in tests, and text stays text (``svg.fonttype = none``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from orchestrations.analytics.prices import window_start

from ..facts import Fact, format_value

Bar = tuple[date, float]

#: the metrics charted as bars, valuation first, when the facts have them (ids ``<entity>.<key>``)
KEY_METRICS = ("pe", "ev_ebitda", "pb", "operating_margin", "net_margin", "roe")
INSTALL_HINT = "pip install 'finagent[charts]'"
#: the price chart turns logarithmic when its highest point is this many times its lowest
LOG_SCALE_ABOVE = 5.0


# --- data preparation (pure) ------------------------------------------------------------------


@dataclass(frozen=True)
class Rebased:
    """One company's closes rebased to 100 at ``start`` (its window's first close)."""

    symbol: str
    start: date
    points: list[Bar]

    @property
    def last(self) -> float:
        return self.points[-1][1]


def rebase(series: dict[str, Sequence[Bar]], years: float) -> list[Rebased]:
    """Each company's closes over the last ``years`` (the horizon) as 100 × close / first close.

    The window starts as returns do (``window_start``: the last close on or before the calendar
    start); a shorter history starts at its first close, which the chart's caption names."""
    months = max(1, round(years * 12))
    lines = []
    for symbol, bars in series.items():
        bars = [bar for bar in bars if bar[1] and bar[1] > 0]
        if len(bars) < 2:
            continue
        first = window_start(bars, bars[-1][0], months) or bars[0]
        kept = [bar for bar in bars if bar[0] >= first[0]]
        lines.append(
            Rebased(symbol, first[0], [(day, 100 * close / first[1]) for day, close in kept])
        )
    return lines


@dataclass(frozen=True)
class MetricPanel:
    """One metric across companies, with the median to compare against when there is one."""

    key: str
    title: str
    unit: str
    values: list[tuple[str, float | None]]  # (entity, value), in the facts' order
    median: float | None = None
    median_label: str = "median"


def short_label(label: str) -> str:
    """``P/E (price / last fiscal year's diluted EPS)`` -> ``P/E``: a panel title."""
    return label.split(" (")[0]


def companies(facts: Iterable[Fact]) -> list[str]:
    """The companies of ``facts`` in first-seen order (not the sector's ``median``)."""
    return [e for e in dict.fromkeys(f.entity for f in facts) if e != "median"]


def metric_panels(facts: Iterable[Fact], keys: Sequence[str] = KEY_METRICS) -> list[MetricPanel]:
    """The key metrics present in ``facts``: a sector's median (entity ``median``) or a
    company's peer median (``<SYMBOL>.peer_median_<key>``) becomes the panel's reference line."""
    facts = list(facts)
    by_id = {fact.id: fact for fact in facts}
    names = companies(facts)
    panels = []
    for key in keys:
        row = [by_id.get(f"{entity}.{key}") for entity in names]
        present = [fact for fact in row if fact is not None]
        if not any(fact.value is not None for fact in present):
            continue
        median, median_label = by_id.get(f"median.{key}"), "median"
        if median is None and len(names) == 1:
            median, median_label = by_id.get(f"{names[0]}.peer_median_{key}"), "peer median"
        panels.append(
            MetricPanel(
                key,
                short_label(present[0].label),
                present[0].unit,
                [(fact.entity, fact.value) for fact in present],
                median.value if median is not None else None,
                median_label,
            )
        )
    return panels


# --- drawing (matplotlib, imported here only) ------------------------------------------------

#: one colour per company, the same in both charts (matplotlib's tab10, colour-blind friendlier
#: than random picks)
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def colours(symbols: Iterable[str]) -> dict[str, str]:
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(dict.fromkeys(symbols))}


def _style(salt: str) -> dict[str, Any]:
    return {
        "svg.fonttype": "none",  # text stays text: selectable, small, scalable
        "svg.hashsalt": salt,  # stable element ids; a salt per chart keeps ids unique on a page
        "font.family": "sans-serif",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
    }


def _svg(figure: Any) -> str:
    """The figure as an ``<svg>`` element to inline in HTML (no XML prolog, no metadata)."""
    buffer = io.StringIO()
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)


def price_chart_svg(lines: Sequence[Rebased], palette: dict[str, str]) -> str:
    """Lines of rebased prices, a dotted line at 100, each company's end value in the legend."""
    import matplotlib
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

    with matplotlib.rc_context(_style("finagent-prices")):
        figure = Figure(figsize=(9, 3.8), layout="constrained")
        axes = figure.add_subplot()
        for line in lines:
            days, values = zip(*line.points)
            axes.plot(
                days,
                values,
                color=palette[line.symbol],
                linewidth=1.4,
                label=f"{line.symbol}  {line.last:.0f}",
            )
        axes.axhline(100, color="#888888", linewidth=0.8, linestyle=":")
        values = [value for line in lines for _, value in line.points]
        if max(values) / min(values) > LOG_SCALE_ABOVE:  # one winner would flatten the rest
            axes.set_yscale("log")
            axes.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
            axes.yaxis.set_major_formatter(ScalarFormatter())
            axes.yaxis.set_minor_formatter(NullFormatter())
            axes.set_ylabel("price, start = 100 (log scale)")
        else:
            axes.set_ylabel("price, start = 100")
        locator = AutoDateLocator(minticks=4, maxticks=8)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        start = min(line.start for line in lines)
        axes.set_title(f"Share price, rebased to 100 on {start:%Y-%m-%d}", loc="left")
        axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        axes.margins(x=0.01)
        axes.legend(
            loc="best", frameon=False, title="at the end", title_fontsize=8, alignment="left"
        )
        return _svg(figure)


def metric_chart_svg(panels: Sequence[MetricPanel], palette: dict[str, str]) -> str:
    """One small bar panel per metric: each bar labelled with its value (so no y axis), the
    median a dashed line with its value beside the panel's title, clear of the bar labels."""
    import matplotlib
    from matplotlib.figure import Figure

    columns = 2 if len(panels) in (2, 4) else min(3, len(panels))  # 2×2 rather than 3 + 1
    rows = -(-len(panels) // columns)
    with matplotlib.rc_context(_style("finagent-metrics")):
        figure = Figure(figsize=(9, 2.5 * rows + 0.3), layout="constrained")
        figure.get_layout_engine().set(wspace=0.12)  # room between one median and the next title
        grid = figure.subplots(rows, columns, squeeze=False)
        for axes in grid.flat[len(panels) :]:
            axes.set_visible(False)
        for axes, panel in zip(grid.flat, panels):
            _bars(axes, panel, palette)
        return _svg(figure)


def _bars(axes: Any, panel: MetricPanel, palette: dict[str, str]) -> None:
    names = [entity for entity, _ in panel.values]
    heights = [value if value is not None else 0.0 for _, value in panel.values]
    bars = axes.bar(names, heights, color=[palette.get(n, PALETTE[7]) for n in names], width=0.6)
    labels = [format_value(value, panel.unit) for _, value in panel.values]
    axes.bar_label(bars, labels=labels, padding=2, fontsize=8)
    axes.set_title(panel.title, loc="left")
    axes.axhline(0, color="#555555", linewidth=0.6)
    axes.tick_params(axis="x", labelsize=8, length=0)
    axes.set_yticks([])  # every bar carries its value: an axis would only repeat it, roughly
    axes.spines[["left", "bottom"]].set_visible(False)
    slack = (max(len(names), 3) - len(names)) / 2  # one or two bars keep a bar's width
    axes.set_xlim(-0.5 - slack, len(names) - 0.5 + slack)
    if panel.median is not None:  # the line, and its value beside the title (clear of the bars)
        axes.axhline(panel.median, color="#333333", linewidth=1, linestyle="--")
        axes.set_title(
            f"- - {panel.median_label} {format_value(panel.median, panel.unit)}",
            loc="right",
            fontsize=8,
            fontweight="normal",
            color="#333333",
        )
    low = min([0.0, *heights, panel.median or 0.0])
    high = max([0.0, *heights, panel.median or 0.0])
    span = (high - low) or 1.0
    axes.set_ylim(low - (0.12 * span if low < 0 else 0), high + 0.18 * span)
