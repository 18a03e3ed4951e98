"""The interpreter of the metric table: writes a company's rows to a fact sheet, each with its
unit, period and source — or, when an input is missing or the ratio is not meaningful, leaves
it out with a warning that says why. Also the group figures built from written facts: sector
medians and ranks, and peer medians.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
    OUTLIER_ABOVE,
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
    reason = metric.meaningless(view) if metric.meaningless else None
    if reason:
        sheet.warn(f"{view.symbol}: {label.split(' (')[0]} not meaningful ({reason}) for {period}.")
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
    notes = [metric.note(view) if metric.note else ""]
    if reading is not None:
        label, period = reading.label or label, reading.period or period
        notes.append(reading.note)
        if reading.warning:
            sheet.warn(reading.warning)
    if metric.outlier_above is not None and value * metric.scale > metric.outlier_above:
        notes.append("outlier: left out of medians and ranks")
    return sheet.put(
        view.symbol,
        _text(metric.key, view),
        label,
        value * metric.scale,
        _unit(metric.unit, view),
        period,
        metric.source,
        note="; ".join(n for n in notes if n),
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

MIN_FOR_MEDIAN = 3


def is_outlier(fact: Fact) -> bool:
    bound = OUTLIER_ABOVE.get(fact.metric)
    return bound is not None and fact.value is not None and fact.value > bound


def _comparable(facts: Iterable[Fact], metric: str) -> dict[str, Fact]:
    """The companies' facts of one metric that may enter a median or a rank (no outliers)."""
    return {
        fact.entity: fact
        for fact in facts
        if fact.metric == metric and fact.value is not None and not is_outlier(fact)
    }


def _rank_label(label: str, metric: str) -> str:
    cheap = RANKED[metric] is False and metric in OUTLIER_ABOVE  # a valuation multiple
    return f"Rank: {label.split(' (')[0]} ({'1 = cheapest' if cheap else '1 = best'})"


def medians_and_ranks(sheet: FactSheet) -> None:
    """A 'median' column for every ranked metric with at least 3 comparable values, then one
    rank row per metric (#1 = best; for valuation multiples #1 = cheapest, which is not "best").
    Outliers stay in the table, marked, and are left out of both."""
    companies = [fact for fact in sheet.facts if fact.entity != "median"]
    by_metric = {m: _comparable(companies, m) for m in dict.fromkeys(f.metric for f in companies)}
    by_metric = {m: facts for m, facts in by_metric.items() if m in RANKED and len(facts) >= 2}
    for metric, facts in by_metric.items():
        if len(facts) < MIN_FOR_MEDIAN:
            continue
        sample = next(iter(facts.values()))
        periods = {fact.period for fact in facts.values()}
        period = periods.pop() if len(periods) == 1 else "latest of each"
        values = [x.value for x in facts.values()]
        left_out = [x.entity for x in companies if x.metric == metric and is_outlier(x)]
        everyone = len({x.entity for x in companies})
        note = "" if len(values) == everyone else f"median of {len(values)}"  # else: of all
        if left_out:
            note += f"; outliers left out: {', '.join(left_out)}"
        sheet.put(
            "median", metric, sample.label, f.median(values), sample.unit, period, sample.source,
            note=note,
        )  # fmt: skip
    for metric, facts in by_metric.items():
        values = [x.value for x in facts.values()]
        sample = next(iter(facts.values()))
        for symbol, fact in facts.items():
            position = f.rank(fact.value, values, higher_is_better=RANKED[metric])
            sheet.put(
                symbol,
                f"rank_{metric}",
                _rank_label(sample.label, metric),
                position,
                "rank",
                f"of {len(facts)}",
                sample.source,
            )


def peer_medians(sheet: FactSheet, view: CompanyView, peers: list[CompanyView]) -> None:
    """The median of the peers' multiples the table marks for peers (banks: P/B, P/TBV, P/E),
    from at least 3 peers with a comparable (not outlier) value."""
    if not peers:
        sheet.warn(f"{view.symbol}: no peer data available for a peer comparison.")
        return
    kind = "bank" if view.is_bank else "other"
    keys = [m.key for m in VALUATION.rows if m.peers in ("all", kind)]
    scratch = FactSheet()
    for peer in peers:
        valuation_facts(scratch, peer)
    for key in keys:
        values = _comparable(scratch.facts, str(key))
        if len(values) < MIN_FOR_MEDIAN:
            outliers = [x.entity for x in scratch.facts if x.metric == key and is_outlier(x)]
            extra = f"; left out as outliers: {', '.join(outliers)}" if outliers else ""
            name = _text(next(m.label for m in VALUATION.rows if m.key == key), view)
            sheet.warn(
                f"{view.symbol}: peer median {name.split(' (')[0]} not available "
                f"({len(values)} peers with a comparable value, at least {MIN_FOR_MEDIAN} "
                f"needed{extra})."
            )
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
            note=f"median of {len(values)}",
        )
