"""Each FMP failure answer becomes its own typed error (see fmp-samples/README.md, "Errors")."""

from __future__ import annotations

import json

import conftest_fmp as fx
import pytest
import requests
import responses
from conftest_fmp import BASE_URL, ERROR_CASES, ErrorCase

from finagent.errors import ToolError
from tools import (
    FMPClient,
    get_income_statements,
    get_news,
    get_profile,
    get_quote,
    get_ratios,
)
from tools.errors import (
    DataNotCoveredError,
    FMPAuthError,
    FMPConnectionError,
    FMPError,
    FMPResponseError,
    FMPTimeoutError,
    PlanRestrictedError,
    UnknownSymbolError,
    classify_response,
    parse_retry_after,
)

fmp_env, make_client = fx.fmp_env, fx.make_client
pytestmark = pytest.mark.usefixtures("fmp_env")


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def serve(mocked: responses.RequestsMock, case: ErrorCase, endpoint: str = "quote") -> None:
    mocked.get(
        f"{BASE_URL}/{endpoint}",
        status=case.status,
        body=case.body,
        content_type=case.content_type,
        headers=case.headers,
    )


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda case: case.id)
def test_fmp_answer_becomes_its_typed_error(case: ErrorCase, mocked, make_client) -> None:
    serve(mocked, case)
    with pytest.raises(FMPError) as info:
        get_quote("AAPL", client=make_client())
    error = info.value
    assert type(error) is case.expected
    assert isinstance(error, ToolError)  # the agent hands str(error) to the model
    assert (error.endpoint, error.symbol) == ("quote", "AAPL")
    if case.expected is not UnknownSymbolError:
        assert error.status == case.status
    assert str(error).strip(), "every error explains itself"
    # Retryable failures are tried 1 + max_retries times; the others exactly once.
    assert len(mocked.calls) == (4 if case.expected.retryable else 1)


@pytest.mark.parametrize(
    "case", [c for c in ERROR_CASES if c.expected is PlanRestrictedError], ids=lambda case: case.id
)
def test_plan_refusals_are_data_not_covered_and_quote_fmp_reason(case, mocked, make_client):
    serve(mocked, case, "ratios")
    with pytest.raises(DataNotCoveredError) as info:
        get_ratios("AAPL", client=make_client())
    assert isinstance(info.value, PlanRestrictedError)
    fmp_reason = json.loads(case.body)["Error Message"] if case.body.startswith("{") else case.body
    assert fmp_reason.split(":")[0].strip() in str(info.value)


def test_invalid_key_error_points_at_the_key_setting(mocked, make_client) -> None:
    serve(mocked, ERROR_CASES[0])
    with pytest.raises(FMPAuthError, match="FMP_API_KEY") as info:
        get_quote("AAPL", client=make_client())
    assert "rejected" in str(info.value)


def test_missing_key_gets_its_own_message_and_sends_no_key_header(mocked, make_client) -> None:
    serve(mocked, ERROR_CASES[0])
    client = make_client(api_key=None)  # a custom base URL without a key stays live
    assert client.source == "fmp"
    with pytest.raises(FMPAuthError, match="No FMP API key was sent"):
        get_quote("AAPL", client=client)
    assert "apikey" not in {name.lower() for name in mocked.calls[0].request.headers}


def test_empty_list_is_unknown_symbol_with_a_hint_to_search(mocked, make_client) -> None:
    mocked.get(f"{BASE_URL}/profile", json=[])
    with pytest.raises(UnknownSymbolError, match="search_symbols") as info:
        get_profile("ZZZZ", client=make_client())
    assert info.value.symbol == "ZZZZ" and "ZZZZ" in str(info.value)


def test_empty_list_is_not_an_error_where_no_rows_is_a_valid_answer(mocked, make_client):
    mocked.get(f"{BASE_URL}/news/stock", json=[])
    news = get_news(["AAPL"], client=make_client())
    assert len(news) == 0 and news.provenance.source == "fmp"


def test_error_object_with_status_200_is_classified_by_its_text(mocked, make_client) -> None:
    mocked.get(
        f"{BASE_URL}/income-statement",
        json={"Error Message": "Exclusive Endpoint : not available under your plan"},
    )
    with pytest.raises(PlanRestrictedError) as info:
        get_income_statements("AAPL", period="quarter", client=make_client())
    assert info.value.status == 200 and "Exclusive Endpoint" in str(info.value)


def test_html_page_with_status_200_is_a_response_error(mocked, make_client) -> None:
    mocked.get(
        f"{BASE_URL}/quote", body="<html><body>Maintenance</body></html>", content_type="text/html"
    )
    with pytest.raises(FMPResponseError, match="HTML page"):
        get_quote("AAPL", client=make_client())


def test_server_errors_end_in_a_server_error_after_the_retries(mocked, make_client) -> None:
    mocked.get(f"{BASE_URL}/quote", status=502, body="Bad Gateway")
    with pytest.raises(FMPError, match="HTTP 502") as info:
        get_quote("AAPL", client=make_client(max_retries=2))
    assert info.value.retryable and len(mocked.calls) == 3


@pytest.mark.parametrize(
    "exc",
    [
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ConnectTimeout("connect timed out"),
    ],
)
def test_timeout_becomes_timeout_error(exc: Exception, mocked, make_client) -> None:
    mocked.get(f"{BASE_URL}/quote", body=exc)
    with pytest.raises(FMPTimeoutError, match="did not answer") as info:
        get_quote("AAPL", client=make_client())
    assert isinstance(info.value, FMPConnectionError)
    assert len(mocked.calls) == 4  # retried, then given up


def test_refused_connection_becomes_connection_error(make_client) -> None:
    client = make_client(f"http://127.0.0.1:{fx.free_port()}/stable")
    with pytest.raises(FMPConnectionError, match="Could not reach FMP") as info:
        get_quote("AAPL", client=client)
    assert type(info.value) is FMPConnectionError
    assert client.usage()["fmp_calls"] == 0  # nothing was answered


def test_classify_response_accepts_arrays_and_single_objects() -> None:
    rows, error = classify_response(
        200, b'[{"symbol": "AAPL"}]', {}, endpoint="quote", symbol="AAPL", has_key=True
    )
    assert (rows, error) == ([{"symbol": "AAPL"}], None)
    rows, error = classify_response(
        200, b'{"symbol": "AAPL"}', {}, endpoint="quote", symbol="AAPL", has_key=True
    )
    assert (rows, error) == ([{"symbol": "AAPL"}], None)
    rows, error = classify_response(
        200, b'"surprise"', {}, endpoint="quote", symbol="AAPL", has_key=True
    )
    assert rows is None and isinstance(error, FMPResponseError)


def test_retry_after_header_is_read_in_seconds() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
    _, error = classify_response(
        429,
        b'{"Error Message": "Limit Reach"}',
        {"Retry-After": "7"},
        endpoint="quote",
        symbol=None,
        has_key=True,
    )
    assert error is not None and error.retry_after == 7.0


@responses.activate
def test_a_malformed_field_is_a_response_error_not_a_crash():
    responses.get(
        "https://fmp.test/stable/quote", json=[{"symbol": "MSFT", "price": "N/A", "volume": 1}]
    )
    client = FMPClient(api_key="k" * 20, base_url="https://fmp.test/stable", cache=False)
    with pytest.raises(FMPResponseError, match=r"malformed data for quote \(MSFT\): field 'price'"):
        get_quote("MSFT", client=client)


@pytest.mark.parametrize(
    "case", [c for c in ERROR_CASES if c.expected is PlanRestrictedError], ids=lambda case: case.id
)
def test_a_plan_refusal_is_remembered_and_costs_no_second_call(case, mocked, make_client):
    """The plan does not change mid-session: asking again would only spend quota."""
    serve(mocked, case, "ratios")
    client = make_client()
    errors = []
    for _ in range(3):
        with pytest.raises(PlanRestrictedError) as info:
            get_ratios("AAPL", client=client)
        errors.append(info.value)
    assert len(mocked.calls) == 1
    assert len({str(error) for error in errors}) == 1 and errors[1] is not errors[2]
    with pytest.raises(PlanRestrictedError):  # another symbol is another request
        get_ratios("MSFT", client=client)
    assert len(mocked.calls) == 2


def test_other_errors_are_asked_again(mocked, make_client):
    serve(mocked, next(c for c in ERROR_CASES if c.expected.__name__ == "FMPServerError"))
    client = make_client()
    for _ in range(2):
        with pytest.raises(FMPError):
            get_quote("AAPL", client=client)
    assert len(mocked.calls) == 8  # 1 + 3 retries, twice
