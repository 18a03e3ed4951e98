"""Every Pydantic model parses every real FMP stable sample and gives FMP's shape back.

The samples in ``fixtures/fmp`` are real FMP ``/stable`` answers (copied from
``fmp-samples/stable``). Fields are snake_case in Python, FMP's camelCase on the wire.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest_fmp import FIXTURES, load_sample

from tools import models as m
from tools.provenance import Provenance

#: The model for each endpoint (the part of a sample's file name before ``__``).
MODEL_FOR: dict[str, type[m.FMPModel]] = {
    "quote": m.Quote,
    "quote-short": m.Quote,
    "profile": m.Profile,
    "income-statement": m.IncomeStatement,
    "balance-sheet-statement": m.BalanceSheet,
    "cash-flow-statement": m.CashFlowStatement,
    "key-metrics": m.KeyMetrics,
    "key-metrics-ttm": m.KeyMetricsTTM,
    "ratios": m.Ratios,
    "ratios-ttm": m.RatiosTTM,
    "historical-price-eod-full": m.PriceBar,
    "historical-price-eod-light": m.PriceBar,
    "company-screener": m.ScreenerResult,
    "stock-peers": m.Peer,
    "news-stock": m.NewsItem,
    "analyst-estimates": m.AnalystEstimate,
    "price-target-consensus": m.PriceTargetConsensus,
    "search-symbol": m.SymbolSearchResult,
    "available-sectors": m.Sector,
}
#: Samples of endpoints no tool calls, so no model exists for them.
NO_TOOL = {"sector-performance-snapshot", "stock-price-change"}
#: Sample fields a model deliberately leaves untyped (kept in ``model_extra``).
UNTYPED = {"historical-price-eod-light": {"price"}}

SAMPLES = sorted(
    path.name for path in FIXTURES.glob("*.json") if path.name.split("__")[0] not in NO_TOOL
)


def endpoint_of(name: str) -> str:
    return name.split("__")[0]


def rows_of(name: str) -> list[dict]:
    data = load_sample(name)
    assert isinstance(data, list) and data, f"{name}: FMP answers a non-empty JSON array"
    return data


def test_every_copied_sample_is_either_modelled_or_known_to_have_no_tool() -> None:
    endpoints = {endpoint_of(path.name) for path in FIXTURES.glob("*.json")}
    assert len(SAMPLES) >= 30
    assert endpoints - NO_TOOL == set(MODEL_FOR)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_parses_and_every_sample_field_lands_in_a_typed_field(name: str) -> None:
    model = MODEL_FOR[endpoint_of(name)]
    for row in rows_of(name):
        parsed = model.model_validate(row)
        untyped = set(parsed.model_extra or {})
        assert untyped == UNTYPED.get(endpoint_of(name), set()) & set(row), (
            f"{name}: FMP fields not mapped to a typed attribute: {sorted(untyped)}"
        )
        if "symbol" in row:
            assert parsed.symbol == row["symbol"]


@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip_gives_back_fmp_camel_case_fields_and_values(name: str) -> None:
    model = MODEL_FOR[endpoint_of(name)]
    for row in rows_of(name):
        parsed = model.model_validate(row)
        dumped = parsed.model_dump(mode="json", by_alias=True, exclude={"provenance"})
        for key, value in row.items():
            assert key in dumped, f"{name}: {key} is lost by model_dump(by_alias=True)"
            assert dumped[key] == value, f"{name}: {key} changed from {value!r}"
        assert model.model_validate(dumped) == parsed


@pytest.mark.parametrize("name", SAMPLES)
def test_all_null_values_are_accepted(name: str) -> None:
    model = MODEL_FOR[endpoint_of(name)]
    row = rows_of(name)[0]
    nulled = {key: (value if key == "symbol" else None) for key, value in row.items()}
    parsed = model.model_validate(nulled)
    assert all(
        value is None
        for key, value in parsed.model_dump().items()
        if key not in ("symbol", "provenance")
    )


def test_snake_case_fields_hold_the_fmp_values() -> None:
    quote = m.Quote.model_validate(rows_of("quote__AAPL.json")[0])
    assert quote.change_percentage == -0.47641
    assert quote.previous_close == 256.08 and quote.price_avg_50 == 224.8274

    income = [m.IncomeStatement.model_validate(r) for r in rows_of("income-statement__AAPL.json")]
    assert [(s.date, s.eps_diluted, s.fiscal_year) for s in income[:2]] == [
        (date(2024, 9, 28), 6.08, "2024"),
        (date(2023, 9, 30), 6.13, "2023"),
    ]
    assert income[0].filing_date == date(2024, 11, 1)

    ratios_ttm = m.RatiosTTM.model_validate(rows_of("ratios-ttm__AAPL.json")[0])
    assert ratios_ttm.price_to_earnings_ratio_ttm == pytest.approx(38.44007903787268)

    metrics = m.KeyMetrics.model_validate(rows_of("key-metrics__AAPL.json")[0])
    assert metrics.ev_to_ebitda == pytest.approx(26.617033362072167)
    metrics_ttm = m.KeyMetricsTTM.model_validate(rows_of("key-metrics-ttm__AAPL.json")[0])
    assert metrics_ttm.ev_to_ebitda_ttm == pytest.approx(27.32300185749774)

    ratios = m.Ratios.model_validate(rows_of("ratios__AAPL.json")[0])
    assert ratios.price_to_earnings_ratio == pytest.approx(37.287278415656736)
    assert ratios.net_income_per_ebt == pytest.approx(0.7590881483581001)

    profile = m.Profile.model_validate(rows_of("profile__AAPL.json")[0])
    assert (profile.market_cap, profile.last_dividend, profile.average_volume) == (
        3500823120000,
        0.99,
        50542058,
    )
    assert profile.full_time_employees == "164000" and profile.ipo_date == date(1980, 12, 12)

    peer = m.Peer.model_validate(rows_of("stock-peers__AAPL.json")[0])
    assert (peer.symbol, peer.mkt_cap) == ("GPRO", 455904000)


def test_cash_flow_capex_is_negative_and_free_cash_flow_adds_it() -> None:
    for row in rows_of("cash-flow-statement__AAPL.json"):
        flow = m.CashFlowStatement.model_validate(row)
        assert flow.capital_expenditure is not None and flow.capital_expenditure < 0
        assert flow.free_cash_flow == flow.operating_cash_flow + flow.capital_expenditure


def test_camel_case_aliases_including_the_upper_case_acronyms() -> None:
    assert m.fmp_alias("price_to_earnings_ratio_ttm") == "priceToEarningsRatioTTM"
    assert m.fmp_alias("change_percentage") == "changePercentage"
    assert m.KeyMetrics.model_fields["ev_to_ebitda"].alias == "evToEBITDA"
    assert m.KeyMetricsTTM.model_fields["ev_to_ebitda_ttm"].alias == "evToEBITDATTM"
    assert m.Ratios.model_fields["net_income_per_ebt"].alias == "netIncomePerEBT"
    assert m.RatiosTTM.model_fields["net_income_per_ebt_ttm"].alias == "netIncomePerEBTTTM"


def test_unknown_fields_are_kept_and_dumped_back() -> None:
    row = rows_of("quote__AAPL.json")[0] | {"brandNewField": 1.5, "anotherOne": None}
    quote = m.Quote.model_validate(row)
    assert quote.model_extra == {"brandNewField": 1.5, "anotherOne": None}
    assert quote.model_dump(by_alias=True)["brandNewField"] == 1.5


def test_models_accept_snake_case_names_too() -> None:
    quote = m.Quote(symbol="AAPL", change_percentage=1.25, previous_close=10.0)
    assert quote.model_dump(by_alias=True, exclude_none=True) == {
        "symbol": "AAPL",
        "changePercentage": 1.25,
        "previousClose": 10.0,
    }


def test_records_iterate_index_and_export_fmp_shaped_dicts() -> None:
    provenance = Provenance(
        source="fmp",
        endpoint="historical-price-eod/full",
        as_of=date(2024, 2, 28),
        retrieved_at="2024-02-28T22:00:00Z",
    )
    rows = rows_of("historical-price-eod-full__AAPL.2024-02.json")
    bars = [m.PriceBar.model_validate(row) for row in rows]
    history = m.PriceHistory(items=bars, provenance=provenance)
    assert len(history) == 5 and history[0].date == date(2024, 2, 28)
    assert [bar.close for bar in history] == [181.42, 182.63, 181.16, 182.52, 184.37]
    assert [bar.date for bar in history.ascending()] == sorted(bar.date for bar in bars)
    assert history.has_adjusted_close is False  # FMP's full endpoint has no adjClose
    exported = history.to_records()[0]
    assert exported["changePercent"] == -0.59723 and exported["date"] == "2024-02-28"
