"""Every atomic tool against an FMP-shaped server on 127.0.0.1 serving real FMP samples.

``FMPClient(api_key=..., base_url="http://127.0.0.1:PORT/stable")`` is the live code path: the
answers are typed models with ``provenance.source == "fmp"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

import conftest_fmp as fx
import pytest
from conftest_fmp import FAKE_KEY

from tools import (
    ATOMIC_TOOLS,
    get_analyst_estimates,
    get_balance_sheets,
    get_cash_flows,
    get_income_statements,
    get_key_metrics,
    get_key_metrics_ttm,
    get_news,
    get_peers,
    get_price_history,
    get_price_target_consensus,
    get_profile,
    get_quote,
    get_ratios,
    get_ratios_ttm,
    get_sectors,
    screen_sector,
    search_symbols,
)
from tools import models as m
from tools.errors import UnknownSymbolError

fmp_env, make_client, fmp_server = fx.fmp_env, fx.make_client, fx.fmp_server
pytestmark = pytest.mark.usefixtures("fmp_env")
Check = Callable[[Any], bool]

#: tool, call, endpoint requested, query sent (subset), result type, a check on the result
CASES: list[tuple[Callable, Callable, str, dict[str, str], type, Check]] = [
    (
        get_quote,
        lambda c: get_quote("aapl", client=c),
        "quote",
        {"symbol": "AAPL"},
        m.Quote,
        lambda r: r.price == 254.86 and r.change_percentage == -0.47641,
    ),
    (
        get_profile,
        lambda c: get_profile("AAPL", client=c),
        "profile",
        {"symbol": "AAPL"},
        m.Profile,
        lambda r: r.company_name == "Apple Inc." and r.description is not None,
    ),
    (
        get_income_statements,
        lambda c: get_income_statements("AAPL", client=c),
        "income-statement",
        {"symbol": "AAPL", "period": "annual", "limit": "5"},
        m.Records,
        lambda r: len(r) == 5 and r[0].eps_diluted == 6.08 and r[0].date == date(2024, 9, 28),
    ),
    (
        get_income_statements,
        lambda c: get_income_statements("AAPL", "quarter", 3, client=c),
        "income-statement",
        {"period": "quarter", "limit": "3"},
        m.Records,
        lambda r: all(row.period in ("Q1", "Q2", "Q3", "Q4") for row in r),
    ),
    (
        get_balance_sheets,
        lambda c: get_balance_sheets("AAPL", client=c),
        "balance-sheet-statement",
        {"symbol": "AAPL", "period": "annual"},
        m.Records,
        lambda r: isinstance(r[0], m.BalanceSheet) and r[0].total_assets > 0,
    ),
    (
        get_cash_flows,
        lambda c: get_cash_flows("AAPL", client=c),
        "cash-flow-statement",
        {"symbol": "AAPL"},
        m.Records,
        lambda r: r[0].capital_expenditure < 0,
    ),
    (
        get_key_metrics,
        lambda c: get_key_metrics("AAPL", client=c),
        "key-metrics",
        {"symbol": "AAPL", "period": "annual"},
        m.Records,
        lambda r: r[0].ev_to_ebitda == pytest.approx(26.617033362072167),
    ),
    (
        get_key_metrics_ttm,
        lambda c: get_key_metrics_ttm("AAPL", client=c),
        "key-metrics-ttm",
        {"symbol": "AAPL"},
        m.KeyMetricsTTM,
        lambda r: r.ev_to_ebitda_ttm > 0,
    ),
    (
        get_ratios,
        lambda c: get_ratios("AAPL", client=c),
        "ratios",
        {"symbol": "AAPL"},
        m.Records,
        lambda r: r[0].price_to_earnings_ratio == pytest.approx(37.287278415656736),
    ),
    (
        get_ratios_ttm,
        lambda c: get_ratios_ttm("AAPL", client=c),
        "ratios-ttm",
        {"symbol": "AAPL"},
        m.RatiosTTM,
        lambda r: r.price_to_earnings_ratio_ttm == pytest.approx(38.44007903787268),
    ),
    (
        get_price_history,
        lambda c: get_price_history("AAPL", date(2024, 2, 1), date(2024, 2, 28), client=c),
        "historical-price-eod/full",
        {"symbol": "AAPL", "from": "2024-02-01", "to": "2024-02-28"},
        m.PriceHistory,
        lambda r: len(r) == 5 and r[0].close == 181.42 and not r.has_adjusted_close,
    ),
    (
        get_peers,
        lambda c: get_peers("AAPL", client=c),
        "stock-peers",
        {"symbol": "AAPL"},
        m.Records,
        lambda r: len(r) == 5 and "AAPL" not in {p.symbol for p in r},
    ),
    (
        get_news,
        lambda c: get_news(["AAPL"], limit=5, client=c),
        "news/stock",
        {"symbols": "AAPL", "limit": "5"},
        m.Records,
        lambda r: isinstance(r[0], m.NewsItem),
    ),
    (
        screen_sector,
        lambda c: screen_sector("Energy", limit=2, client=c),
        "company-screener",
        {"sector": "Energy", "limit": "2", "isEtf": "false", "isActivelyTrading": "true"},
        m.Records,
        lambda r: [row.symbol for row in r] == ["ENB-PA.TO", "ENB-PN.TO"],
    ),
    (
        get_sectors,
        lambda c: get_sectors(client=c),
        "available-sectors",
        {},
        m.Records,
        lambda r: len(r) == 11 and r[0].sector == "Basic Materials",
    ),
    (
        get_analyst_estimates,
        lambda c: get_analyst_estimates("MSFT", client=c),
        "analyst-estimates",
        {"symbol": "MSFT", "period": "annual"},
        m.Records,
        lambda r: r[0].date == date(2030, 6, 30) and r[0].revenue_avg == 557339000000,
    ),
    (
        get_price_target_consensus,
        lambda c: get_price_target_consensus("AAPL", client=c),
        "price-target-consensus",
        {"symbol": "AAPL"},
        m.PriceTargetConsensus,
        lambda r: r.target_consensus == 236.38,
    ),
    (
        search_symbols,
        lambda c: search_symbols("ADYEN", by="symbol", client=c),
        "search-symbol",
        {"query": "ADYEN"},
        m.Records,
        lambda r: r[0].symbol == "ADYEN.AS",
    ),
]


def test_every_atomic_tool_is_exercised_here() -> None:
    assert {case[0] for case in CASES} == set(ATOMIC_TOOLS)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case[2])
def test_tool_returns_typed_data_with_fmp_provenance(case, fmp_server, make_client) -> None:
    _, call, endpoint, query, kind, check = case
    result = call(make_client(fmp_server.base_url))
    assert isinstance(result, kind)
    assert check(result)
    provenance = result.provenance
    assert provenance.source == "fmp" and provenance.endpoint == endpoint
    assert provenance.from_cache is False and provenance.label.startswith("FMP live data")
    assert (datetime.now(timezone.utc) - provenance.retrieved_at).total_seconds() < 60
    [seen] = fmp_server.requests
    assert seen.path == f"/stable/{endpoint}"
    assert query.items() <= seen.query.items()
    assert seen.headers.get("apikey") == FAKE_KEY


def test_screener_results_come_largest_market_cap_first(fmp_server, make_client) -> None:
    rows = [
        {"symbol": "SMALL", "marketCap": 1e9},
        {"symbol": "NULL", "marketCap": None},
        {"symbol": "BIG", "marketCap": 5e11},
        {"symbol": "MID", "marketCap": 3e10},
    ]
    fmp_server.override = lambda endpoint, query: (200, {}, json.dumps(rows).encode())
    found = screen_sector("Technology", client=make_client(fmp_server.base_url))
    assert [row.symbol for row in found] == ["BIG", "MID", "SMALL", "NULL"]


def test_records_export_back_to_fmp_field_names(fmp_server, make_client) -> None:
    records = get_income_statements("AAPL", client=make_client(fmp_server.base_url))
    exported = records.to_records()
    assert exported[0]["epsDiluted"] == 6.08 and exported[0]["fiscalYear"] == "2024"
    assert "eps_diluted" not in exported[0]


def test_unknown_symbol_on_the_live_path(fmp_server, make_client) -> None:
    with pytest.raises(UnknownSymbolError):
        get_profile("ZZZZ", client=make_client(fmp_server.base_url))
    assert fmp_server.requests[0].query == {"symbol": "ZZZZ"}
