"""Ticker validation: malformed symbols raise before anything is sent; FMP spellings go out."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import conftest_fmp as fx
import pytest
import responses
from conftest_fmp import BASE_URL

from tools import (
    get_balance_sheets,
    get_cash_flows,
    get_income_statements,
    get_key_metrics,
    get_news,
    get_peers,
    get_price_history,
    get_profile,
    get_quote,
    get_ratios,
    get_ratios_ttm,
)
from tools.errors import FMPError, InvalidSymbolError
from tools.symbols import MAX_SYMBOL_LENGTH, normalize_symbol, normalize_symbols

fmp_env, make_client, offline_client = fx.fmp_env, fx.make_client, fx.offline_client
pytestmark = pytest.mark.usefixtures("fmp_env")

INVALID = [
    "AAPL&limit=1000",
    "../profile",
    "",
    "   ",
    "A" * 500,
    "AAPL;DROP",
    "AA PL",
    "AAPL/../quote",
    "A..B",
    "%41APL",
    "AAPL?apikey=x",
    "AAPL#x",
    ".AAPL",
    "-AAPL",
    "ＡＡＰＬ",
    "AAPL\n&limit=9",
    "A" * (MAX_SYMBOL_LENGTH + 1),
]
SYMBOL_TOOLS = [
    get_quote,
    get_profile,
    get_income_statements,
    get_balance_sheets,
    get_cash_flows,
    get_key_metrics,
    get_ratios,
    get_ratios_ttm,
    get_price_history,
    get_peers,
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("aapl", "AAPL"),
        ("  msft ", "MSFT"),
        ("brk.b", "BRK-B"),
        ("BRK.A", "BRK-A"),
        ("bf.b", "BF-B"),
        ("BRK-B", "BRK-B"),
        ("VOD.L", "VOD.L"),
        ("enb-pa.to", "ENB-PA.TO"),
        ("^gspc", "^GSPC"),
        ("7203.T", "7203.T"),
        ("A" * MAX_SYMBOL_LENGTH, "A" * MAX_SYMBOL_LENGTH),
    ],
)
def test_valid_symbols_become_fmp_spelling(raw: str, expected: str) -> None:
    assert normalize_symbol(raw) == expected


@pytest.mark.parametrize("raw", INVALID)
def test_malformed_symbols_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidSymbolError) as info:
        normalize_symbol(raw)
    assert isinstance(info.value, ValueError) and isinstance(info.value, FMPError)
    assert len(str(info.value)) < 250  # a 500-character input is not echoed back whole


@pytest.mark.parametrize("raw", [None, 123, ["AAPL"]])
def test_non_text_symbols_are_rejected(raw: object) -> None:
    with pytest.raises(InvalidSymbolError, match="must be text"):
        normalize_symbol(raw)  # type: ignore[arg-type]


def test_symbol_lists_are_normalised_and_deduplicated_in_order() -> None:
    assert normalize_symbols("aapl, msft,AAPL ,brk.b") == ["AAPL", "MSFT", "BRK-B"]
    assert normalize_symbols(["msft", "MSFT", "goog"]) == ["MSFT", "GOOG"]
    with pytest.raises(InvalidSymbolError):
        normalize_symbols(["AAPL", "../x"])


@pytest.mark.parametrize("raw", ["AAPL&limit=1000", "../profile", "", "A" * 500])
@pytest.mark.parametrize("tool", SYMBOL_TOOLS, ids=lambda tool: tool.__name__)
def test_invalid_symbol_sends_no_request(tool, raw: str, make_client) -> None:
    client = make_client()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        with pytest.raises(InvalidSymbolError):
            tool(raw, client=client)
        assert len(mocked.calls) == 0
    assert client.usage() == {"fmp_calls": 0, "fmp_cache_hits": 0, "snapshot_reads": 0}


def test_invalid_symbol_in_a_news_list_sends_no_request(make_client) -> None:
    client = make_client()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        with pytest.raises(InvalidSymbolError):
            get_news(["AAPL", "MSFT&limit=1000"], client=client)
        assert len(mocked.calls) == 0


def test_invalid_symbol_offline_reads_nothing(offline_client) -> None:
    with pytest.raises(InvalidSymbolError):
        get_quote("../profile", client=offline_client)
    assert offline_client.usage()["snapshot_reads"] == 0


def test_share_class_symbol_goes_out_in_fmp_spelling(make_client) -> None:
    with responses.RequestsMock() as mocked:
        mocked.get(f"{BASE_URL}/quote", json=[{"symbol": "BRK-B", "price": 410.0}])
        quote = get_quote("brk.b", client=make_client())
        sent = parse_qs(urlsplit(mocked.calls[0].request.url).query)
    assert sent == {"symbol": ["BRK-B"]}
    assert quote.symbol == "BRK-B" and quote.price == 410.0


def test_news_symbols_go_out_normalised_and_once(make_client) -> None:
    with responses.RequestsMock() as mocked:
        mocked.get(f"{BASE_URL}/news/stock", json=[])
        get_news(["brk.b", "aapl", "AAPL"], limit=3, client=make_client())
        sent = parse_qs(urlsplit(mocked.calls[0].request.url).query)
    assert sent["symbols"] == ["BRK-B,AAPL"] and sent["limit"] == ["3"]
