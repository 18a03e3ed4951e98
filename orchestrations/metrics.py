"""The interpreter of the metric table: writes a company's rows to a fact sheet, each with its
unit, period and source — or, when an input is missing or the ratio is not meaningful, leaves
it out with a warning that says why. Also the group figures built from written facts: sector
medians and ranks, and peer medians.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from finagent.facts import Fact, FactSheet

from .analytics import fundamentals as f
from .company import CompanyView
from .metric_table import (
    BALANCE,
    FUNDAMENTALS,
    HISTORY,
    MARKET,
    MONEY,
    PEG,
    PER_SHARE,
    RANKED,
    VALUATION,
    Metric,
    Reading,
    Section,
    price_section,
)


def _text(value: str | Callable[[CompanyView], str], view: CompanyView) -> str:
    return value(view) if callable(value) else value


def _unit(unit: str, view: CompanyView) -> str:
    return {MONEY: view.currency, PER_SHARE: f"{view.currency}/share"}.get(unit, unit)


def write_metric(sheet: FactSheet, view: CompanyView, metric: Metric) -> Fact | None:
    """One row for one company: the fact it writes, or None (with the warning, if any)."""
    if not metric.applies(view):
        return None
    label, period = _text(metric.label, view), metric.period(view)
    inputs = {name: get(view) for name, get in metric.inputs.items()}
    missing = [name for name, value in inputs.items() if value is None]
    if missing:
        if metric.missing is None:
            sheet.warn(
                f"{view.symbol}: {label} not available ({', '.join(missing)} missing for {period})."
            )
        elif metric.missing:
            sheet.warn(f"{view.symbol}: {metric.missing}.")
        return None
    plain = (v.value if isinstance(v, Reading) else v for v in inputs.values())
    value: Any = metric.formula(*plain)
    reading = next((v for v in [value, *inputs.values()] if isinstance(v, Reading)), None)
    if isinstance(value, Reading):
        value = value.value
    if value is None:
        if metric.why_none:
            sheet.warn(f"{view.symbol}: {label} {metric.why_none} for {period}.")
        return None
    if reading is not None:
        label, period = reading.label or label, reading.period or period
        if reading.warning:
            sheet.warn(reading.warning)
    return sheet.put(
        view.symbol,
        _text(metric.key, view),
        label,
        value * metric.scale,
        _unit(metric.unit, view),
        period,
        metric.source,
        note=reading.note if reading else "",
    )


def write_section(
    sheet: FactSheet, view: CompanyView, section: Section, *, brief: bool = False
) -> None:
    skip = section.skip(view)
    if skip is not None:
        if skip:
            sheet.warn(skip)
        return
    rows = section.rows(view) if callable(section.rows) else section.rows
    for metric in rows:
        if metric.brief or not brief:
            write_metric(sheet, view, metric)
    note = section.note(view)
    if note:
        sheet.warn(note)


def market_facts(sheet: FactSheet, view: CompanyView) -> None:
    write_section(sheet, view, MARKET)


def fundamental_facts(sheet: FactSheet, view: CompanyView, *, brief: bool = False) -> None:
    """Growth, profitability and balance-sheet strength for the latest fiscal year."""
    write_section(sheet, view, FUNDAMENTALS, brief=brief)


def valuation_facts(sheet: FactSheet, view: CompanyView) -> None:
    """Multiples on the price/market cap of the as-of day over the latest fiscal year that had
    ended by then (never a later one)."""
    write_section(sheet, view, VALUATION)


def history_facts(sheet: FactSheet, view: CompanyView) -> None:
    """P/E at each fiscal year end, their average, the current P/E against it, and PEG."""
    write_section(sheet, view, HISTORY)
    write_metric(sheet, view, PEG)


def balance_facts(sheet: FactSheet, view: CompanyView) -> None:
    write_section(sheet, view, BALANCE)


def price_facts(
    sheet: FactSheet, view: CompanyView, windows: Sequence[tuple[str, int]], drawdown_years: float
) -> None:
    """Trailing returns, volatility, drawdown, moving averages and the 52-week range."""
    write_section(sheet, view, price_section(windows, drawdown_years))


# --- group figures -----------------------------------------------------------------------------


def _ranked_by_metric(sheet: FactSheet) -> dict[str, dict[str, Fact]]:
    by_metric: dict[str, dict[str, Fact]] = {}
    for fact in sheet.facts:
        if fact.metric in RANKED and fact.value is not None:
            by_metric.setdefault(fact.metric, {})[fact.entity] = fact
    return {metric: facts for metric, facts in by_metric.items() if len(facts) >= 2}


def medians_and_ranks(sheet: FactSheet) -> None:
    """A 'median' column for every ranked metric, then one rank row per metric (#1 = best)."""
    by_metric = _ranked_by_metric(sheet)
    for metric, facts in by_metric.items():
        sample = next(iter(facts.values()))
        periods = {fact.period for fact in facts.values()}
        period = periods.pop() if len(periods) == 1 else "latest of each"
        values = [x.value for x in facts.values()]
        sheet.put(
            "median", metric, sample.label, f.median(values), sample.unit, period, sample.source
        )
    for metric, facts in by_metric.items():
        values = [x.value for x in facts.values()]
        sample = next(iter(facts.values()))
        for symbol, fact in facts.items():
            position = f.rank(fact.value, values, higher_is_better=RANKED[metric])
            sheet.put(
                symbol,
                f"rank_{metric}",
                f"Rank: {sample.label.split(' (')[0]}",
                position,
                "rank",
                f"of {len(facts)}",
                sample.source,
            )


def peer_medians(sheet: FactSheet, view: CompanyView, peers: list[CompanyView]) -> None:
    """The median of the peers' multiples the table marks for peers (banks: P/B, P/TBV, P/E)."""
    if not peers:
        sheet.warn(f"{view.symbol}: no peer data available for a peer comparison.")
        return
    kind = "bank" if view.is_bank else "other"
    keys = [m.key for m in VALUATION.rows if m.peers in ("all", kind)]
    scratch = FactSheet()
    for peer in peers:
        valuation_facts(scratch, peer)
    for key in keys:
        values = {fact.entity: fact for fact in scratch.facts if fact.metric == key}
        if len(values) < 2:
            continue
        sample = next(iter(values.values()))
        sheet.put(
            view.symbol,
            f"peer_median_{key}",
            f"Peer median {sample.label.split(' (')[0]} ({', '.join(values)})",
            f.median([fact.value for fact in values.values()]),
            "x",
            "latest of each",
            sample.source,
        )
