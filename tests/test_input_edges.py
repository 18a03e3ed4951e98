"""Input edges: Unicode tickers are refused before upper-casing (which would turn 'ß' into 'SS'),
and ``limit`` values are kept between 1 and a sane maximum, with nothing sent for a bad one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import conftest_fmp as fx
import pytest
import responses
from conftest_fmp import BASE_URL, load_sample

from finagent import FunctionCallingAgent
from finagent.testing import ScriptedModel, call
from tools import (
    get_income_statements,
    get_news,
    get_quote,
    screen_sector,
    search_symbols,
)
from tools.client import DEFAULT_MAX_LIMIT, MAX_LIMIT, check_limit
from tools.errors import InvalidParameterError, InvalidSymbolError
from tools.symbols import normalize_symbol, normalize_symbols

fmp_env, make_client = fx.fmp_env, fx.make_client
pytestmark = pytest.mark.usefixtures("fmp_env")

# each of these upper-cases (Unicode rules) into a different, valid-looking ASCII ticker
CASE_FOLDED = {
    "ß": "SS",
    "ﬁ": "FI",
    "ﬂy": "FLY",
    "ıbm": "IBM",  # dotless i
    "ſpy": "SPY",  # long s
    "ŉ": "ʼN",
}
NOT_ASCII = ["ＡＡＰＬ", "АAPL", "AAPL\u200b", "ÄAPL", "MSFT€", "٣M", "ＢＲＫ.Ｂ"]


@pytest.mark.parametrize("raw", list(CASE_FOLDED) + NOT_ASCII)
def test_non_ascii_tickers_are_refused_and_nothing_is_sent(raw: str, make_client) -> None:
    with responses.RequestsMock() as mocked:  # any request would fail the test
        with pytest.raises(InvalidSymbolError, match="outside ASCII") as info:
            get_quote(raw, client=make_client())
        assert len(mocked.calls) == 0
    assert "U+" in str(info.value)


def test_case_folding_would_have_produced_other_tickers() -> None:
    """Why the check comes first: these are what upper-casing makes of them."""
    assert {raw: raw.upper() for raw in CASE_FOLDED} == CASE_FOLDED
    assert all(folded.isascii() for raw, folded in CASE_FOLDED.items() if raw != "ŉ")


def test_ascii_tickers_still_normalise() -> None:
    assert normalize_symbol(" brk.b ") == "BRK-B"
    assert normalize_symbols(["msft", "aapl", "MSFT"]) == ["MSFT", "AAPL"]
    with pytest.raises(InvalidSymbolError):
        normalize_symbols(["MSFT", "ß"])


def test_the_model_gets_a_clear_message_for_a_unicode_ticker() -> None:
    model = ScriptedModel([call("get_quote", {"symbol": "ß"}), "I could not look that up."])
    result = FunctionCallingAgent.from_env(model=model, offline=True).run("quote ß")
    record = result.tool_calls[0]
    assert not record.ok and "outside ASCII" in (record.error or "")
    tool_message = model.requests[1].messages[-1]
    assert tool_message["role"] == "tool" and "ASCII" in tool_message["content"]


def sent_limit(mocked: responses.RequestsMock) -> str:
    return parse_qs(urlsplit(mocked.calls[-1].request.url).query)["limit"][0]


@pytest.mark.parametrize(
    ("fn", "endpoint", "sample"),
    [
        (lambda c, n: get_income_statements("AAPL", limit=n, client=c), "income-statement", None),
        (lambda c, n: get_news(["AAPL"], limit=n, client=c), "news/stock", None),
        (lambda c, n: search_symbols("apple", limit=n, client=c), "search-name", None),
        (lambda c, n: screen_sector("Technology", limit=n, client=c), "company-screener", None),
    ],
    ids=["statements", "news", "search", "screener"],
)
def test_huge_limits_are_clamped_and_negative_ones_refused(fn, endpoint, sample, make_client):
    client = make_client()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(f"{BASE_URL}/{endpoint}", json=load_sample("income-statement__AAPL.json"))
        try:
            fn(client, 10**12)
        except Exception:
            pass  # the rows need not fit the model; what was sent is the point
        assert sent_limit(mocked) == str(MAX_LIMIT.get(endpoint, DEFAULT_MAX_LIMIT))
        for bad in (-1, 0):
            with pytest.raises(InvalidParameterError, match="at least 1"):
                fn(client, bad)
        assert len(mocked.calls) == 1  # the refused ones sent nothing


@pytest.mark.parametrize("value", [2.5, "ten", float("inf"), float("nan"), True, None, [3]])
def test_limits_that_are_not_whole_numbers_are_refused(value) -> None:
    with pytest.raises(InvalidParameterError, match="whole number"):
        check_limit(value, "income-statement")


def test_ordinary_limits_pass_unchanged() -> None:
    assert check_limit(5, "income-statement") == 5
    assert check_limit("3", "ratios") == 3
    assert check_limit(40.0, "key-metrics") == 40
    assert check_limit(120, "income-statement") == 120


def test_the_model_gets_a_clear_message_for_a_negative_limit() -> None:
    model = ScriptedModel(
        [call("search_symbols", {"query": "Apple", "limit": -1}), "Nothing found."]
    )
    result = FunctionCallingAgent.from_env(model=model, offline=True).run("find Apple")
    assert not result.tool_calls[0].ok
    assert "limit must be at least 1" in (result.tool_calls[0].error or "")
