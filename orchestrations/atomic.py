"""Atomic tools as the model sees them: compact fact tables, never raw series or JSON dumps.

``atomic_tools(client)`` wraps each function of ``tools`` (its name, docstring and signature stay
the single source of the schema) with the shared client bound and a renderer that keeps a few
labelled figures per row — and, for price history, statistics and a handful of points instead
of hundreds of bars.
"""

from __future__ import annotations

from typing import Any

from finagent.facts import FactSheet
from finagent.tool import FunctionTool, ToolOutput
from tools import ATOMIC_TOOLS, FMPClient
from tools.models import (
    AnalystEstimate,
    BalanceSheet,
    CashFlowStatement,
    IncomeStatement,
    KeyMetrics,
    KeyMetricsTTM,
    Peer,
    PriceHistory,
    PriceTargetConsensus,
    Profile,
    Quote,
    Ratios,
    RatiosTTM,
    Records,
    ScreenerResult,
)

from .analytics import prices as px

USD, PS, PCT, X = "USD", "USD/share", "%", "x"
# model -> [(field, label, unit, multiplier)]; multiplier turns FMP fractions into percent
KEY_FIELDS: dict[type, list[tuple[str, str, str, float]]] = {
    Quote: [
        ("price", "Price", PS, 1),
        ("change_percentage", "Day change", PCT, 1),
        ("market_cap", "Market cap", USD, 1),
        ("year_high", "52-week high", PS, 1),
        ("year_low", "52-week low", PS, 1),
        ("price_avg50", "50-day average", PS, 1),
        ("price_avg200", "200-day average", PS, 1),
    ],
    Profile: [
        ("price", "Price", PS, 1),
        ("market_cap", "Market cap", USD, 1),
        ("beta", "Beta", "ratio", 1),
    ],
    IncomeStatement: [
        ("revenue", "Revenue", USD, 1),
        ("gross_profit", "Gross profit", USD, 1),
        ("operating_income", "Operating income", USD, 1),
        ("net_income", "Net income", USD, 1),
        ("ebitda", "EBITDA", USD, 1),
        ("eps_diluted", "EPS (diluted)", PS, 1),
    ],
    BalanceSheet: [
        ("total_assets", "Total assets", USD, 1),
        ("total_liabilities", "Total liabilities", USD, 1),
        ("total_stockholders_equity", "Shareholders' equity", USD, 1),
        ("cash_and_cash_equivalents", "Cash and equivalents", USD, 1),
        ("total_debt", "Total debt", USD, 1),
    ],
    CashFlowStatement: [
        ("operating_cash_flow", "Operating cash flow", USD, 1),
        ("capital_expenditure", "Capital expenditure (negative = outflow)", USD, 1),
        ("free_cash_flow", "Free cash flow", USD, 1),
        ("common_dividends_paid", "Dividends paid", USD, 1),
    ],
    KeyMetrics: [
        ("market_cap", "Market cap", USD, 1),
        ("ev_to_ebitda", "EV/EBITDA", X, 1),
        ("return_on_equity", "ROE", PCT, 100),
        ("return_on_invested_capital", "ROIC", PCT, 100),
        ("free_cash_flow_yield", "FCF yield", PCT, 100),
        ("current_ratio", "Current ratio", "ratio", 1),
    ],
    KeyMetricsTTM: [
        ("market_cap", "Market cap", USD, 1),
        ("ev_to_ebitda_ttm", "EV/EBITDA", X, 1),
        ("return_on_equity_ttm", "ROE", PCT, 100),
        ("free_cash_flow_yield_ttm", "FCF yield", PCT, 100),
    ],
    Ratios: [
        ("price_to_earnings_ratio", "P/E", X, 1),
        ("price_to_book_ratio", "P/B", X, 1),
        ("price_to_sales_ratio", "P/S", X, 1),
        ("gross_profit_margin", "Gross margin", PCT, 100),
        ("net_profit_margin", "Net margin", PCT, 100),
        ("debt_to_equity_ratio", "Debt / equity", "ratio", 1),
        ("dividend_yield", "Dividend yield", PCT, 100),
    ],
    RatiosTTM: [
        ("price_to_earnings_ratio_ttm", "P/E", X, 1),
        ("price_to_book_ratio_ttm", "P/B", X, 1),
        ("price_to_sales_ratio_ttm", "P/S", X, 1),
        ("net_profit_margin_ttm", "Net margin", PCT, 100),
        ("debt_to_equity_ratio_ttm", "Debt / equity", "ratio", 1),
        ("dividend_yield_ttm", "Dividend yield", PCT, 100),
    ],
    AnalystEstimate: [
        ("revenue_avg", "Revenue estimate (avg)", USD, 1),
        ("eps_avg", "EPS estimate (avg)", PS, 1),
        ("num_analysts_eps", "Analysts (EPS)", "count", 1),
    ],
    PriceTargetConsensus: [
        ("target_consensus", "Price target (consensus)", PS, 1),
        ("target_high", "Price target (high)", PS, 1),
        ("target_low", "Price target (low)", PS, 1),
    ],
    ScreenerResult: [("market_cap", "Market cap", USD, 1), ("price", "Price", PS, 1)],
    Peer: [("mkt_cap", "Market cap", USD, 1), ("price", "Price", PS, 1)],
}
SOURCE_CODES = {"historical-price-eod/full": "PX"}


def _period(row: Any, as_of: str) -> tuple[str, str]:
    """(label, key) of a row's period: FY2023 / Q3 2024 for statements, else its date."""
    year, period = getattr(row, "fiscal_year", None), getattr(row, "period", None)
    if year and period:
        label = f"FY{year}" if period == "FY" else f"{period} {year}"
        return label, label.lower().replace(" ", "")
    day = getattr(row, "date", None)
    return (str(day), str(day)) if day else (as_of, "")


def render(result: Any) -> ToolOutput:
    """Facts for the key fields of any FMP result; lists of names for everything else."""
    provenance = getattr(result, "provenance", None)
    sheet = FactSheet()
    endpoint = provenance.endpoint if provenance else "FMP"
    as_of = str(provenance.as_of) if provenance else ""
    if isinstance(result, PriceHistory):
        return _render_prices(result, sheet, provenance)
    rows = list(result) if isinstance(result, Records) else [result]
    lines: list[str] = []
    for row in rows:
        fields = KEY_FIELDS.get(type(row))
        symbol = getattr(row, "symbol", None)
        if fields is None or not symbol:
            lines.append(
                ", ".join(
                    f"{k}: {v}"
                    for k, v in row.model_dump(exclude_none=True).items()
                    if k not in ("provenance", "image", "url")
                )
            )
            continue
        label, key = _period(row, as_of)
        name = getattr(row, "company_name", None) or getattr(row, "name", None)
        if name:
            sheet.headers.setdefault(
                symbol,
                f"{symbol}: {name}"
                + "".join(
                    f"; {v}"
                    for v in (getattr(row, "sector", None), getattr(row, "industry", None))
                    if v
                ),
            )
        for field, title, unit, multiplier in fields:
            value = getattr(row, field, None)
            if value is not None:
                metric = f"{field}_{key}" if key and isinstance(result, Records) else field
                sheet.put(
                    symbol,
                    metric,
                    title,
                    value * multiplier,
                    unit,
                    label,
                    SOURCE_CODES.get(endpoint, endpoint),
                )
    source = provenance.label if provenance else "FMP"
    text = f"Source: {source}.\n" + sheet.to_markdown() + ("\n" + "\n".join(lines) if lines else "")
    if not rows:
        text = f"Source: {source}. No results."
    return ToolOutput(text, sheet.facts, result, sheet.warnings)


def _render_prices(history: PriceHistory, sheet: FactSheet, provenance: Any) -> ToolOutput:
    bars = [b for b in history.ascending() if b.date and b.close is not None]
    if not bars:
        return ToolOutput("No price bars in that range.", [], history)
    sym, first, last = bars[0].symbol, bars[0], bars[-1]
    span = f"{first.date} to {last.date}"
    adjusted = history.has_adjusted_close
    closes = [(b.date, b.adj_close if adjusted else b.close) for b in bars]
    kind = "Total return" if adjusted else "Price return"
    sheet.put(sym, "last_close", "Last close", last.close, PS, str(last.date), "PX")
    change = closes[-1][1] / closes[0][1] - 1 if closes[0][1] else None
    if change is not None:
        sheet.put(sym, "period_return", f"{kind} over the range", change * 100, PCT, span, "PX")
    sheet.put(
        sym, "range_high", "Highest high", max(b.high or b.close for b in bars), PS, span, "PX"
    )
    sheet.put(sym, "range_low", "Lowest low", min(b.low or b.close for b in bars), PS, span, "PX")
    vol = px.annualized_volatility([b.close for b in bars])
    if vol is not None:
        sheet.put(sym, "volatility", "Volatility (annualised)", vol * 100, PCT, span, "PX")
    drawdown = px.max_drawdown(closes)
    if drawdown is not None:
        sheet.put(
            sym,
            "max_drawdown",
            "Max drawdown",
            drawdown[0] * 100,
            PCT,
            span,
            "PX",
            note=f"peak {drawdown[1]}, trough {drawdown[2]}",
        )
    step = max(1, (len(bars) - 1) // 4)
    for bar in bars[::step][:5] + ([last] if (len(bars) - 1) % step else []):
        sheet.put(sym, f"close_{bar.date}", "Close", bar.close, PS, str(bar.date), "PX")
    label = provenance.label if provenance else "FMP"
    text = (
        f"Source: {label}. {len(bars)} daily bars summarised (not listed).\n" + sheet.to_markdown()
    )
    return ToolOutput(text, sheet.facts, history)


def atomic_tools(client: FMPClient) -> list[FunctionTool]:
    """Every atomic tool, bound to ``client`` and rendered compactly for the model."""
    return [FunctionTool(fn, bind={"client": client}, render=render) for fn in ATOMIC_TOOLS]
