"""The charts section of the HTML report: which charts an answer gets, their captions, and the
page's word on how to get them when matplotlib is missing (``charts`` draws them)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from . import charts


def _series(result: Any) -> tuple[dict[str, Any], float]:
    """Daily closes per company from the analyses behind the answer, and the horizon in years
    (the comparison's; one year, the sparkline's span, otherwise)."""
    series: dict[str, Any] = {}
    years = 0.0
    for output in result.outputs:
        data = getattr(output, "data", None)
        if not hasattr(data, "series"):
            continue
        for symbol, bars in data.series().items():
            series.setdefault(symbol, bars)
        years = max(years, float((getattr(data, "data", None) or {}).get("horizon_years") or 0))
    return series, years or 1.0


def charts_section(result: Any) -> str:
    """The report's charts of ``result`` (a ``RunResult``): prices rebased to 100 and the key
    metrics against their median; a note on how to get them without matplotlib; nothing when
    the answer rests on neither prices nor those metrics."""
    series, years = _series(result)
    lines = charts.rebase(series, years)
    panels = charts.metric_panels(result.facts)
    if not lines and not panels:
        return ""
    palette = charts.colours([*(line.symbol for line in lines), *charts.companies(result.facts)])
    try:
        figures = []
        if lines:
            figures.append(
                _figure(
                    "chart-prices", charts.price_chart_svg(lines, palette), _price_caption(lines)
                )
            )
        if panels:
            figures.append(
                _figure(
                    "chart-metrics",
                    charts.metric_chart_svg(panels, palette),
                    _metric_caption(panels),
                )
            )
    except ImportError:
        return (
            '<section id="charts">\n<h2>Charts</h2>\n<p class="no-charts">Charts need '
            f"matplotlib: <code>{escape(charts.INSTALL_HINT)}</code>, then export again.</p>\n"
            "</section>"
        )
    return '<section id="charts">\n<h2>Charts</h2>\n' + "\n".join(figures) + "\n</section>"


def _figure(ident: str, svg: str, caption: str) -> str:
    return f'<figure id="{ident}">\n{svg}\n<figcaption>{escape(caption)}</figcaption>\n</figure>'


def _price_caption(lines: Sequence[Any]) -> str:
    starts = sorted({line.start for line in lines})
    end = max(line.points[-1][0] for line in lines)
    text = (
        f"Share price rebased to 100 at the first close of the window, {starts[0]} to {end} "
        "(closing prices; dividends not included, so this is not the total return)."
    )
    late = [f"{line.symbol} from {line.start}" for line in lines if line.start != starts[0]]
    if late:
        text += " Shorter history: " + ", ".join(late) + "."
    return text


def _metric_caption(panels: Sequence[Any]) -> str:
    text = "Key valuation and profitability figures, one bar per company (periods as in the facts)."
    kinds = {panel.median_label for panel in panels if panel.median is not None}
    if kinds:
        said = {"median": "the median of the group", "peer median": "the median of its peers"}
        text += " Dashed line: " + " or ".join(said[k] for k in sorted(kinds)) + "."
    return text
