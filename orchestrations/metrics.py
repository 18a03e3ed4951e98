"""Company facts from a ``CompanyView``: each metric is one named analytics formula over
statement fields or prices, written to the fact sheet with its unit, period and source — or, when
an input is missing or the ratio is not meaningful, left out with a warning that says why.

Banks and brokers (``is_bank``) have no gross profit, EBITDA, current ratio or meaningful free
cash flow: they are valued on P/B, P/TBV, ROE, ROA and equity/assets instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from finagent.facts import FactSheet

from .analytics import fundamentals as f
from .analytics import prices as px
from .company import CompanyView

PCT, X, USD = "%", "x", "USD"


def _pct(value: float | None) -> float | None:
    return None if value is None else value * 100


class FactWriter:
    """Writes one company's facts; records a warning for every figure it cannot give."""

    def __init__(self, sheet: FactSheet, view: CompanyView) -> None:
        self.sheet, self.view, self.sym = sheet, view, view.symbol

    def put(
        self,
        key: str,
        label: str,
        unit: str,
        period: str,
        source: str,
        formula: Callable[..., float | None],
        inputs: dict[str, Any],
        *,
        scale: float = 1,
        why_none: str = "not meaningful",
    ) -> float | None:
        missing = [name for name, value in inputs.items() if value is None]
        if missing:
            self.sheet.warn(
                f"{self.sym}: {label} not available ({', '.join(missing)} missing for {period})."
            )
            return None
        value = formula(*inputs.values())
        if value is None:
            self.sheet.warn(f"{self.sym}: {label} {why_none} for {period}.")
            return None
        self.sheet.put(self.sym, key, label, value * scale, unit, period, source)
        return value


def market_facts(sheet: FactSheet, view: CompanyView) -> None:
    w, day = FactWriter(sheet, view), str(view.as_of)
    w.put("price", "Share price", "USD/share", day, "Q", lambda p: p, {"price": view.price})
    w.put("market_cap", "Market cap", USD, day, "Q", lambda m: m, {"market cap": view.market_cap})


def fundamental_facts(sheet: FactSheet, view: CompanyView, *, brief: bool = False) -> None:
    """Growth, profitability and balance-sheet strength for the latest fiscal year."""
    fy, prev = view.fy, view.prev
    if fy is None:
        sheet.warn(f"{view.symbol}: no annual statements available; fundamentals left out.")
        return
    w, i, b, c = FactWriter(sheet, view), fy.income, fy.balance, fy.cash
    period, bank = fy.label, view.is_bank
    money, per_share = view.currency, f"{view.currency}/share"  # statements' own currency
    if not brief:
        w.put("revenue", "Revenue", money, period, "IS", lambda v: v, {"revenue": i.revenue})
        w.put(
            "net_income",
            "Net income",
            money,
            period,
            "IS",
            lambda v: v,
            {"net income": i.net_income},
        )
        w.put(
            "eps",
            "EPS (diluted)",
            per_share,
            period,
            "IS",
            lambda v: v,
            {"diluted EPS": i.eps_diluted},
        )
    if prev is not None:
        span = f"{period} vs {prev.label}"
        w.put(
            "revenue_growth",
            "Revenue growth YoY",
            PCT,
            span,
            "IS",
            f.growth,
            {"revenue": i.revenue, "prior revenue": prev.income.revenue},
            scale=100,
            why_none="not meaningful (prior revenue not positive)",
        )
        w.put(
            "eps_growth",
            "EPS growth YoY (diluted)",
            PCT,
            span,
            "IS",
            f.growth,
            {"EPS": i.eps_diluted, "prior EPS": prev.income.eps_diluted},
            scale=100,
            why_none="not meaningful (prior EPS not positive)",
        )
    else:
        sheet.warn(f"{view.symbol}: only one fiscal year available; no year-over-year growth.")
    if len(view.years) >= 3:
        first, n = view.years[-1], len(view.years) - 1
        w.put(
            f"revenue_cagr_{n}y",
            f"Revenue CAGR {n}y",
            PCT,
            f"{first.label}-{period}",
            "IS",
            f.cagr,
            {"first revenue": first.income.revenue, "last revenue": i.revenue, "years": n},
            scale=100,
        )
    if not bank:
        w.put(
            "gross_margin",
            "Gross margin",
            PCT,
            period,
            "IS",
            f.margin,
            {"gross profit": i.gross_profit, "revenue": i.revenue},
            scale=100,
        )
        w.put(
            "operating_margin",
            "Operating margin",
            PCT,
            period,
            "IS",
            f.margin,
            {"operating income": i.operating_income, "revenue": i.revenue},
            scale=100,
        )
    w.put(
        "net_margin",
        "Net margin",
        PCT,
        period,
        "IS",
        f.margin,
        {"net income": i.net_income, "revenue": i.revenue},
        scale=100,
    )
    equity = b.total_stockholders_equity if b else None
    w.put(
        "roe",
        "ROE (net income / year-end equity)",
        PCT,
        period,
        "IS,BS",
        f.roe,
        {"net income": i.net_income, "equity": equity},
        scale=100,
        why_none="not meaningful (equity not positive)",
    )
    w.put(
        "roa",
        "ROA (net income / year-end assets)",
        PCT,
        period,
        "IS,BS",
        f.roa,
        {"net income": i.net_income, "total assets": b.total_assets if b else None},
        scale=100,
    )
    if bank:
        w.put(
            "equity_to_assets",
            "Equity / assets",
            PCT,
            period,
            "BS",
            f.equity_to_assets,
            {"equity": equity, "total assets": b.total_assets if b else None},
            scale=100,
        )
        return
    tax = f.effective_tax_rate(i.income_tax_expense, i.income_before_tax)
    w.put(
        "roic",
        "ROIC (after-tax operating income / invested capital)",
        PCT,
        period,
        "IS,BS",
        f.roic,
        {
            "operating income": i.operating_income,
            "tax rate": tax,
            "total debt": b.total_debt if b else None,
            "equity": equity,
            "cash": b.cash_and_cash_equivalents if b else None,
        },
        scale=100,
    )
    w.put(
        "debt_to_equity",
        "Debt / equity",
        "ratio",
        period,
        "BS",
        f.debt_to_equity,
        {"total debt": b.total_debt if b else None, "equity": equity},
        why_none="not meaningful (equity not positive)",
    )
    w.put(
        "current_ratio",
        "Current ratio",
        "ratio",
        period,
        "BS",
        f.current_ratio,
        {
            "current assets": b.total_current_assets if b else None,
            "current liabilities": b.total_current_liabilities if b else None,
        },
    )
    w.put(
        "interest_coverage",
        "Interest coverage (operating income / interest)",
        X,
        period,
        "IS",
        f.interest_coverage,
        {"operating income": i.operating_income, "interest expense": i.interest_expense},
        why_none="not meaningful (no interest expense reported)",
    )
    fcf = view.fcf
    w.put(
        "fcf",
        "Free cash flow (OCF + capex)",
        money,
        period,
        "CF",
        f.free_cash_flow,
        {
            "operating cash flow": c.operating_cash_flow if c else None,
            "capital expenditure": c.capital_expenditure if c else None,
        },
    )
    w.put(
        "fcf_margin",
        "FCF margin",
        PCT,
        period,
        "CF,IS",
        f.margin,
        {"free cash flow": fcf, "revenue": i.revenue},
        scale=100,
    )


def valuation_facts(sheet: FactSheet, view: CompanyView) -> None:
    """Multiples on the price/market cap of the as-of day over the latest fiscal year that had
    ended by then (never a later one)."""
    fy = view.fy
    if fy is None or view.as_of is None:
        return
    if view.currency != view.price_currency:
        sheet.warn(
            f"{view.symbol} reports in {view.currency} but trades in {view.price_currency}:"
            " valuation multiples are left out (no currency conversion)."
        )
        return
    w, i, b = FactWriter(sheet, view), fy.income, fy.balance
    period = f"price {view.as_of} / {fy.label}"
    mcap, equity = view.market_cap, b.total_stockholders_equity if b else None
    w.put(
        "pe",
        "P/E (price / diluted EPS)",
        X,
        period,
        "Q,IS",
        f.pe,
        {"price": view.price, "EPS": i.eps_diluted},
        why_none="not meaningful (EPS not positive)",
    )
    w.put(
        "ps",
        "P/S (market cap / revenue)",
        X,
        period,
        "Q,IS",
        f.price_to_sales,
        {"market cap": mcap, "revenue": i.revenue},
    )
    w.put(
        "pb",
        "P/B (market cap / equity)",
        X,
        period,
        "Q,BS",
        f.price_to_book,
        {"market cap": mcap, "equity": equity},
        why_none="not meaningful (equity not positive)",
    )
    if view.is_bank:
        w.put(
            "ptbv",
            "P/TBV (market cap / tangible equity)",
            X,
            period,
            "Q,BS",
            f.price_to_tangible_book,
            {
                "market cap": mcap,
                "equity": equity,
                "goodwill and intangibles": b.goodwill_and_intangible_assets if b else None,
            },
        )
        return
    ev = f.enterprise_value(
        mcap, b.total_debt if b else None, b.cash_and_cash_equivalents if b else None
    )
    w.put(
        "ev_ebitda",
        "EV/EBITDA",
        X,
        period,
        "Q,BS,IS",
        f.ev_to_ebitda,
        {"enterprise value": ev, "EBITDA": i.ebitda},
        why_none="not meaningful (EBITDA not positive)",
    )
    fcf = view.fcf
    w.put(
        "fcf_yield",
        "FCF yield (FCF / market cap)",
        PCT,
        period,
        "Q,CF",
        f.fcf_yield,
        {"free cash flow": fcf, "market cap": mcap},
        scale=100,
    )


def price_facts(
    sheet: FactSheet, view: CompanyView, windows: Sequence[tuple[str, int]], drawdown_years: float
) -> None:
    """Trailing returns, volatility, drawdown, moving averages and the 52-week range."""
    if not view.series or view.as_of is None:
        sheet.warn(f"{view.symbol}: no daily prices available; price performance left out.")
        return
    w, end = FactWriter(sheet, view), view.series[-1][0]
    kind = "Total return" if view.total_return else "Price return"
    for label, months in windows:
        value = px.trailing_return(view.series, end, months)
        if value is None:
            sheet.warn(f"{view.symbol}: {label} return not available (price history too short).")
            continue
        sheet.put(
            view.symbol,
            f"return_{label.lower()}",
            f"{kind} {label}",
            value * 100,
            PCT,
            f"{label} to {end}",
            "PX",
        )
    last_year = [close for day, close in view.raw_closes if (end - day).days < 365]
    w.put(
        "volatility_1y",
        "Volatility 1Y (annualised, daily log returns)",
        PCT,
        f"1Y to {end}",
        "PX",
        px.annualized_volatility,
        {"daily closes": last_year or None},
        scale=100,
    )
    start = px.months_before(end, round(drawdown_years * 12))
    window = [(day, close) for day, close in view.series if day >= start]
    drawdown = px.max_drawdown(window)
    if drawdown is not None:
        full = (window[0][0] - start).days <= 7
        label = (
            f"Max drawdown {drawdown_years:g}Y" if full else f"Max drawdown since {window[0][0]}"
        )
        if not full:
            sheet.warn(
                f"{view.symbol}: prices start {window[0][0]}, so the drawdown covers less "
                f"than {drawdown_years:g} years."
            )
        sheet.put(
            view.symbol,
            "max_drawdown",
            label,
            drawdown[0] * 100,
            PCT,
            f"{window[0][0]} to {end}",
            "PX",
            note=f"peak {drawdown[1]}, trough {drawdown[2]}",
        )
    closes = [close for _, close in view.raw_closes]
    last = closes[-1]
    for n in (50, 200):
        w.put(
            f"vs_sma{n}",
            f"Price vs {n}-day average",
            PCT,
            str(end),
            "PX",
            px.distance_from,
            {"price": last, f"{n}-day average": px.simple_moving_average(closes, n)},
            scale=100,
        )
    band = px.range_52_weeks(view.highs_lows, end)
    if band is not None:
        high, low = band
        sheet.put(view.symbol, "high_52w", "52-week high", high, "USD/share", f"52w to {end}", "PX")
        sheet.put(view.symbol, "low_52w", "52-week low", low, "USD/share", f"52w to {end}", "PX")
        w.put(
            "range_position",
            "Position in 52-week range (0 = low, 100 = high)",
            PCT,
            str(end),
            "PX",
            px.position_in_range,
            {"price": last, "low": low, "high": high},
            scale=100,
        )
