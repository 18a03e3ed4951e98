"""The offline snapshot: real data for 26 companies, point-in-time 2024-03-08, nothing invented."""

from __future__ import annotations

from datetime import date

import conftest_fmp as fx
import pytest
from conftest_fmp import FAKE_KEY

from tools import (
    FMPClient,
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
    screen_sector,
)
from tools.errors import DataNotCoveredError, NotInSnapshotError, PlanRestrictedError
from tools.snapshot import SNAPSHOT_AS_OF, snapshot_symbols

fmp_env, offline_client = fx.fmp_env, fx.offline_client
pytestmark = pytest.mark.usefixtures("fmp_env")
AS_OF = date(2024, 3, 8)
STATEMENT_TOOLS = [get_income_statements, get_balance_sheets, get_cash_flows]
COVERED = [
    "AAPL",
    "ABBV",
    "ADBE",
    "AMD",
    "BAC",
    "C",
    "COP",
    "CSCO",
    "CVX",
    "GOOGL",
    "GS",
    "INTC",
    "JNJ",
    "JPM",
    "LLY",
    "META",
    "MRK",
    "MS",
    "MSFT",
    "NVDA",
    "ORCL",
    "PFE",
    "SLB",
    "UNH",
    "WFC",
    "XOM",
]


def test_no_key_and_no_base_url_means_the_snapshot(offline_client) -> None:
    assert offline_client.source == "snapshot" and offline_client.offline
    assert "Snapshot" in repr(offline_client)


def test_a_key_or_a_base_url_means_live_and_offline_true_forces_the_snapshot() -> None:
    assert FMPClient(api_key=FAKE_KEY, cache=False).source == "fmp"
    assert FMPClient(base_url="http://127.0.0.1:9/stable", cache=False).source == "fmp"
    assert FMPClient(api_key=FAKE_KEY, offline=True, cache=False).source == "snapshot"


def test_a_dot_env_in_the_working_directory_is_read(tmp_path) -> None:
    (tmp_path / "cwd" / ".env").write_text(f"FMP_API_KEY={FAKE_KEY}\n")  # fmp_env's cwd
    assert FMPClient(cache=False).source == "fmp"


def test_the_snapshot_covers_the_26_documented_symbols() -> None:
    assert sorted(snapshot_symbols()) == sorted(COVERED) and len(COVERED) == 26
    assert SNAPSHOT_AS_OF == AS_OF


def test_quote_is_derived_from_the_last_bar_of_2024_03_08(offline_client) -> None:
    quote = get_quote("AAPL", client=offline_client)
    bars = get_price_history("AAPL", date(2024, 3, 7), AS_OF, client=offline_client)
    last, previous = bars[0], bars[1]
    assert (last.date, previous.date) == (AS_OF, date(2024, 3, 7))
    assert quote.price == pytest.approx(170.729996) == last.close
    assert quote.previous_close == pytest.approx(169.0)
    assert quote.change == pytest.approx(170.729996 - 169.0)
    assert quote.change_percentage == pytest.approx((170.729996 / 169.0 - 1) * 100)  # percent
    assert (quote.day_high, quote.day_low, quote.open) == (last.high, last.low, last.open)
    assert quote.volume == last.volume and quote.name == "Apple Inc."
    assert quote.year_low <= quote.price <= quote.year_high
    assert quote.market_cap == pytest.approx(2611533840384 / 169.12 * 170.729996, rel=1e-9)


def test_quote_provenance_says_snapshot_as_of_2024_03_08(offline_client) -> None:
    provenance = get_quote("MSFT", client=offline_client).provenance
    assert provenance.source == "snapshot" and provenance.endpoint == "quote"
    assert provenance.as_of == AS_OF and "2024-03-08" in provenance.label
    assert provenance.from_cache is False


@pytest.mark.parametrize("symbol", COVERED)
def test_statements_are_point_in_time(symbol: str, offline_client) -> None:
    for tool in STATEMENT_TOOLS:
        rows = tool(symbol, limit=10, client=offline_client)
        assert len(rows) >= 1 and rows.provenance.source == "snapshot"
        assert all(row.date <= AS_OF for row in rows), f"{symbol} {tool.__name__} sees the future"
        assert all(row.filing_date is None or row.filing_date <= AS_OF for row in rows)
        assert [row.date for row in rows] == sorted((row.date for row in rows), reverse=True)
        assert all(row.symbol == symbol and row.period == "FY" for row in rows)


def test_msft_has_fy2023_and_fy2022_only(offline_client) -> None:
    rows = get_income_statements("MSFT", client=offline_client)
    assert [(row.fiscal_year, row.date) for row in rows] == [
        ("2023", date(2023, 6, 30)),
        ("2022", date(2022, 6, 30)),
    ]


def test_nvda_newest_year_is_the_one_ending_january_2024(offline_client) -> None:
    for tool in STATEMENT_TOOLS:
        newest = tool("NVDA", client=offline_client)[0]
        assert newest.date == date(2024, 1, 31) and newest.fiscal_year == "2024"


def test_statement_limit_is_applied(offline_client) -> None:
    assert len(get_income_statements("AAPL", limit=2, client=offline_client)) == 2
    newest = get_income_statements("AAPL", limit=1, client=offline_client)
    assert [row.date for row in newest] == [date(2023, 9, 30)]


def test_aapl_statements_are_fmp_figures(offline_client) -> None:
    fy2023 = get_income_statements("AAPL", client=offline_client)[0]
    assert fy2023.eps_diluted == 6.13 and fy2023.filing_date == date(2023, 11, 3)
    flow = get_cash_flows("AAPL", client=offline_client)[0]
    assert flow.free_cash_flow == flow.operating_cash_flow + flow.capital_expenditure


def test_profile_has_no_description_and_is_dated(offline_client) -> None:
    profile = get_profile("AAPL", client=offline_client)
    assert profile.description is None
    assert (profile.company_name, profile.sector, profile.exchange) == (
        "Apple Inc.",
        "Technology",
        "NASDAQ",
    )
    assert profile.provenance.source == "snapshot"
    assert profile.provenance.as_of <= AS_OF


@pytest.mark.parametrize(
    "call",
    [
        lambda c: get_income_statements("AAPL", period="quarter", client=c),
        lambda c: get_balance_sheets("AAPL", period="quarter", client=c),
        lambda c: screen_sector("Technology", client=c),
        lambda c: get_ratios("AAPL", client=c),
        lambda c: get_ratios_ttm("AAPL", client=c),
        lambda c: get_key_metrics("AAPL", client=c),
        lambda c: get_key_metrics_ttm("AAPL", client=c),
        lambda c: get_analyst_estimates("AAPL", client=c),
        lambda c: get_price_target_consensus("AAPL", client=c),
        lambda c: get_peers("AAPL", client=c),
        lambda c: get_news(["AAPL"], client=c),
    ],
    ids=[
        "quarter-income",
        "quarter-balance",
        "screener",
        "ratios",
        "ratios-ttm",
        "key-metrics",
        "key-metrics-ttm",
        "estimates",
        "price-target",
        "peers",
        "news",
    ],
)
def test_data_the_snapshot_lacks_is_not_in_snapshot(call, offline_client) -> None:
    with pytest.raises(NotInSnapshotError) as info:
        call(offline_client)
    assert isinstance(info.value, DataNotCoveredError)
    assert not isinstance(info.value, PlanRestrictedError)
    assert "offline snapshot" in str(info.value)


@pytest.mark.parametrize("symbol", ["TSLA", "brk.b", "GOOG"])
def test_symbol_outside_the_26_names_the_covered_ones(symbol: str, offline_client) -> None:
    for tool in (get_quote, get_profile, get_income_statements, get_price_history):
        with pytest.raises(NotInSnapshotError) as info:
            tool(symbol, client=offline_client)
        assert all(covered in str(info.value) for covered in COVERED)
        assert info.value.symbol == symbol.upper().replace(".", "-")


def test_snapshot_reads_are_counted_and_no_fmp_calls(offline_client) -> None:
    get_quote("AAPL", client=offline_client)
    get_profile("AAPL", client=offline_client)
    assert offline_client.usage() == {"fmp_calls": 0, "fmp_cache_hits": 0, "snapshot_reads": 2}
