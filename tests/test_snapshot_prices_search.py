"""Offline snapshot: daily prices with date filters, name/ticker search and the sector list."""

from __future__ import annotations

from datetime import date

import conftest_fmp as fx
import pytest
from conftest_fmp import load_sample

from tools import get_price_history, get_quote, get_sectors, search_symbols
from tools.errors import DataNotCoveredError, NotInSnapshotError
from tools.snapshot import load_universe, snapshot_symbols

fmp_env, offline_client = fx.fmp_env, fx.offline_client
pytestmark = pytest.mark.usefixtures("fmp_env")
AS_OF = date(2024, 3, 8)
FMP_SECTORS = [row["sector"] for row in load_sample("available-sectors__ALL.json")]


def test_full_history_runs_five_years_to_the_as_of_day_newest_first(offline_client) -> None:
    history = get_price_history("AAPL", client=offline_client)
    assert len(history) == 1259
    assert (history[0].date, history[-1].date) == (AS_OF, date(2019, 3, 11))
    dates = [bar.date for bar in history]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates)
    assert history.has_adjusted_close and history.provenance.source == "snapshot"
    assert "2024-03-08" in history.provenance.label


def test_start_and_end_filter_inclusively(offline_client) -> None:
    february = get_price_history("AAPL", date(2024, 2, 1), date(2024, 2, 29), client=offline_client)
    assert len(february) == 20
    assert (february[0].date, february[-1].date) == (date(2024, 2, 29), date(2024, 2, 1))
    assert all(date(2024, 2, 1) <= bar.date <= date(2024, 2, 29) for bar in february)
    two_days = get_price_history("AAPL", date(2024, 3, 7), AS_OF, client=offline_client)
    assert [bar.date for bar in two_days] == [AS_OF, date(2024, 3, 7)]


def test_start_only_and_end_only(offline_client) -> None:
    since = get_price_history("MSFT", start=date(2024, 3, 1), client=offline_client)
    assert [bar.date.day for bar in since] == [8, 7, 6, 5, 4, 1]
    until = get_price_history("MSFT", end=date(2019, 3, 12), client=offline_client)
    assert [bar.date for bar in until] == [date(2019, 3, 12), date(2019, 3, 11)]


def test_dates_may_be_given_as_iso_text(offline_client) -> None:
    start, end = "2024-02-01", "2024-02-29"
    bars = get_price_history("AAPL", start, end, client=offline_client)  # type: ignore[arg-type]
    assert len(bars) == 20


def test_aapl_bars_agree_with_fmps_own_answer(offline_client) -> None:
    fmp = {row["date"]: row for row in load_sample("historical-price-eod-full__AAPL.2024-02.json")}
    ours = get_price_history("AAPL", date(2024, 2, 22), date(2024, 2, 28), client=offline_client)
    assert {bar.date.isoformat() for bar in ours} == set(fmp)
    for bar in ours:
        row = fmp[bar.date.isoformat()]
        for field in ("open", "high", "low", "close"):
            assert getattr(bar, field) == pytest.approx(row[field], abs=0.011)


def test_nvda_prices_are_on_the_post_split_basis(offline_client) -> None:
    assert get_quote("NVDA", client=offline_client).price == pytest.approx(87.528003)


def test_a_window_after_the_snapshot_says_the_snapshot_ends_there(offline_client) -> None:
    with pytest.raises(NotInSnapshotError, match="2024-03-08") as info:
        get_price_history("AAPL", date(2024, 6, 1), date(2024, 6, 30), client=offline_client)
    assert isinstance(info.value, DataNotCoveredError)


def test_search_by_name_finds_microsoft_first(offline_client) -> None:
    found = search_symbols("Microsoft", client=offline_client)
    assert found[0].symbol == "MSFT" and found[0].name == "Microsoft Corporation"
    assert (found[0].exchange, found[0].currency) == ("NASDAQ", "USD")
    assert found.provenance.source == "snapshot"


def test_search_alphabet_returns_both_share_classes(offline_client) -> None:
    symbols = [hit.symbol for hit in search_symbols("Alphabet", client=offline_client)]
    assert {"GOOG", "GOOGL"} <= set(symbols)


def test_search_is_case_insensitive_and_respects_the_limit(offline_client) -> None:
    assert search_symbols("  apple ", client=offline_client)[0].symbol == "AAPL"
    assert len(search_symbols("Inc", limit=3, client=offline_client)) == 3


def test_search_by_ticker_prefix(offline_client) -> None:
    hits = search_symbols("BRK", by="symbol", client=offline_client)
    assert [hit.symbol for hit in hits] == ["BRK-B"]
    assert all(
        hit.symbol.startswith("AAP")
        for hit in search_symbols("aap", by="symbol", client=offline_client)
    )


def test_search_without_match_is_empty_not_an_error(offline_client) -> None:
    assert len(search_symbols("Nonexistent Widgets Corp", client=offline_client)) == 0


def test_sectors_are_fmps_eleven_names(offline_client) -> None:
    sectors = get_sectors(client=offline_client)
    assert [s.sector for s in sectors] == FMP_SECTORS and len(FMP_SECTORS) == 11
    assert sectors.provenance.source == "snapshot"


def test_universe_is_the_dated_sp500_list_largest_first() -> None:
    universe = load_universe()
    assert len(universe) == 502
    caps = [company.market_cap for company in universe]
    assert caps == sorted(caps, reverse=True)
    assert {company.sector for company in universe} == set(FMP_SECTORS)
    assert set(snapshot_symbols()) <= {company.symbol for company in universe}
