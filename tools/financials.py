"""Atomic fundamentals tools: statements, key metrics, ratios, analyst estimates, price targets.

Statements come newest first. ``period`` is ``"annual"`` or ``"quarter"``; FMP's free plan allows
``limit`` up to 5 and annual periods only, and the offline snapshot holds annual statements.
"""

from __future__ import annotations

from typing import Literal

from .client import FMPClient, default_client
from .models import (
    AnalystEstimate,
    BalanceSheet,
    CashFlowStatement,
    IncomeStatement,
    KeyMetrics,
    KeyMetricsTTM,
    PriceTargetConsensus,
    Ratios,
    RatiosTTM,
    Records,
)

Period = Literal["annual", "quarter"]


def get_income_statements(
    symbol: str, period: Period = "annual", limit: int = 5, *, client: FMPClient | None = None
) -> Records[IncomeStatement]:
    """Income statements (revenue, margins' inputs, net income, EPS), newest period first.

    Args:
        symbol: Ticker symbol.
        period: "annual" (fiscal years) or "quarter".
        limit: Number of periods, newest first.
    """
    return (client or default_client()).records(
        IncomeStatement, "income-statement", {"symbol": symbol, "period": period, "limit": limit}
    )


def get_balance_sheets(
    symbol: str, period: Period = "annual", limit: int = 5, *, client: FMPClient | None = None
) -> Records[BalanceSheet]:
    """Balance sheets (assets, liabilities, debt, cash, equity), newest period first.

    Args:
        symbol: Ticker symbol.
        period: "annual" (fiscal years) or "quarter".
        limit: Number of periods, newest first.
    """
    return (client or default_client()).records(
        BalanceSheet,
        "balance-sheet-statement",
        {"symbol": symbol, "period": period, "limit": limit},
    )


def get_cash_flows(
    symbol: str, period: Period = "annual", limit: int = 5, *, client: FMPClient | None = None
) -> Records[CashFlowStatement]:
    """Cash-flow statements (operating cash flow, capex — negative —, free cash flow), newest first.

    Args:
        symbol: Ticker symbol.
        period: "annual" (fiscal years) or "quarter".
        limit: Number of periods, newest first.
    """
    return (client or default_client()).records(
        CashFlowStatement,
        "cash-flow-statement",
        {"symbol": symbol, "period": period, "limit": limit},
    )


def get_key_metrics(
    symbol: str, period: Period = "annual", limit: int = 5, *, client: FMPClient | None = None
) -> Records[KeyMetrics]:
    """FMP's key metrics per period (EV multiples, returns on capital, yields, working capital).

    Args:
        symbol: Ticker symbol.
        period: "annual" or "quarter".
        limit: Number of periods, newest first.
    """
    return (client or default_client()).records(
        KeyMetrics, "key-metrics", {"symbol": symbol, "period": period, "limit": limit}
    )


def get_key_metrics_ttm(symbol: str, *, client: FMPClient | None = None) -> KeyMetricsTTM:
    """FMP's key metrics over the trailing twelve months.

    Args:
        symbol: Ticker symbol.
    """
    return (client or default_client()).one(KeyMetricsTTM, "key-metrics-ttm", {"symbol": symbol})


def get_ratios(
    symbol: str, period: Period = "annual", limit: int = 5, *, client: FMPClient | None = None
) -> Records[Ratios]:
    """FMP's financial ratios per period (margins, P/E, P/B, leverage, coverage; fractions).

    Args:
        symbol: Ticker symbol.
        period: "annual" or "quarter".
        limit: Number of periods, newest first.
    """
    return (client or default_client()).records(
        Ratios, "ratios", {"symbol": symbol, "period": period, "limit": limit}
    )


def get_ratios_ttm(symbol: str, *, client: FMPClient | None = None) -> RatiosTTM:
    """FMP's financial ratios over the trailing twelve months, including the P/E ratio.

    Args:
        symbol: Ticker symbol.
    """
    return (client or default_client()).one(RatiosTTM, "ratios-ttm", {"symbol": symbol})


def get_analyst_estimates(
    symbol: str, period: Period = "annual", limit: int = 5, *, client: FMPClient | None = None
) -> Records[AnalystEstimate]:
    """Analysts' consensus estimates of revenue, EBITDA, net income and EPS for future periods.

    Args:
        symbol: Ticker symbol.
        period: "annual" or "quarter".
        limit: Number of future periods.
    """
    return (client or default_client()).records(
        AnalystEstimate, "analyst-estimates", {"symbol": symbol, "period": period, "limit": limit}
    )


def get_price_target_consensus(
    symbol: str, *, client: FMPClient | None = None
) -> PriceTargetConsensus:
    """Analysts' price-target consensus: high, low, median and consensus target.

    Args:
        symbol: Ticker symbol.
    """
    return (client or default_client()).one(
        PriceTargetConsensus, "price-target-consensus", {"symbol": symbol}
    )
