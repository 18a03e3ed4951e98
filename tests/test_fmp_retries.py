"""Bounded retries with backoff, ``Retry-After`` honoured up to a limit, no retry when futile.

The client's ``sleep`` is a fake that records the delays, so nothing here waits for real.
"""

from __future__ import annotations

import conftest_fmp as fx
import pytest
import requests
import responses
from conftest_fmp import BASE_URL, ERROR_CASES, FakeSleep, sample_text

from tools import get_quote
from tools.errors import FMPConnectionError, FMPError, FMPRateLimitError, FMPServerError

fmp_env, make_client = fx.fmp_env, fx.make_client
pytestmark = pytest.mark.usefixtures("fmp_env")
URL = f"{BASE_URL}/quote"
QUOTE = sample_text("quote__AAPL.json")


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


def ok(mocked: responses.RequestsMock) -> None:
    mocked.get(URL, body=QUOTE, content_type="application/json")


def test_persistent_503_is_tried_exactly_max_retries_plus_one_times(mocked, make_client, sleep):
    mocked.get(URL, status=503, body="Service Unavailable")
    with pytest.raises(FMPServerError):
        get_quote("AAPL", client=make_client(max_retries=3, sleep=sleep))
    assert len(mocked.calls) == 4
    assert len(sleep.delays) == 3  # between attempts, none after the last one
    assert all(b > a for a, b in zip(sleep.delays, sleep.delays[1:])), "backoff grows"
    assert all(0 < delay <= 30 for delay in sleep.delays)


@pytest.mark.parametrize("max_retries", [0, 1, 5])
def test_retry_bound_is_configurable(max_retries: int, mocked, make_client, sleep) -> None:
    mocked.get(URL, status=500, body="oops")
    with pytest.raises(FMPServerError):
        get_quote("AAPL", client=make_client(max_retries=max_retries, sleep=sleep))
    assert len(mocked.calls) == max_retries + 1 and len(sleep.delays) == max_retries


def test_transient_failures_then_success_returns_the_data(mocked, make_client, sleep) -> None:
    mocked.get(URL, status=503, body="busy")
    mocked.get(URL, status=502, body="bad gateway")
    ok(mocked)
    quote = get_quote("AAPL", client=make_client(sleep=sleep))
    assert quote.price == 254.86
    assert len(mocked.calls) == 3 and len(sleep.delays) == 2


def test_429_retry_after_is_honoured(mocked, make_client, sleep) -> None:
    mocked.get(URL, status=429, json={"Error Message": "Limit Reach"}, headers={"Retry-After": "7"})
    ok(mocked)
    client = make_client(sleep=sleep)
    quote = get_quote("AAPL", client=client)
    assert quote.symbol == "AAPL"
    assert sleep.delays == [7.0]
    assert len(mocked.calls) == 2 and client.usage()["fmp_calls"] == 2


def test_503_retry_after_is_honoured(mocked, make_client, sleep) -> None:
    mocked.get(URL, status=503, body="busy", headers={"Retry-After": "2"})
    ok(mocked)
    get_quote("AAPL", client=make_client(sleep=sleep))
    assert sleep.delays == [2.0]


def test_retry_after_beyond_the_wait_limit_raises_at_once(mocked, make_client, sleep) -> None:
    mocked.get(
        URL,
        status=429,
        json={"Error Message": "Limit Reach . daily quota"},
        headers={"Retry-After": "3600"},
    )
    ok(mocked)
    with pytest.raises(FMPRateLimitError) as info:
        get_quote("AAPL", client=make_client(sleep=sleep))
    assert sleep.delays == [] and len(mocked.calls) == 1
    assert info.value.retry_after == 3600.0  # the caller can still see how long FMP asked


def test_retry_after_at_the_wait_limit_is_still_waited(mocked, make_client, sleep) -> None:
    mocked.get(
        URL, status=429, json={"Error Message": "Limit Reach"}, headers={"Retry-After": "30"}
    )
    ok(mocked)
    # the wait must also fit the call's deadline (20 s by default; see test_fmp_faults.py)
    get_quote("AAPL", client=make_client(sleep=sleep, call_deadline=60))
    assert sleep.delays == [30.0]


@pytest.mark.parametrize(
    "case", [c for c in ERROR_CASES if not c.expected.retryable], ids=lambda case: case.id
)
def test_non_retryable_errors_are_not_retried(case, mocked, make_client, sleep) -> None:
    mocked.get(URL, status=case.status, body=case.body, content_type=case.content_type)
    ok(mocked)  # a retry would succeed: it must not happen
    with pytest.raises(FMPError) as info:
        get_quote("AAPL", client=make_client(sleep=sleep))
    assert type(info.value) is case.expected and not info.value.retryable
    assert len(mocked.calls) == 1 and sleep.delays == []


def test_connection_errors_are_retried(mocked, make_client, sleep) -> None:
    mocked.get(URL, body=requests.exceptions.ConnectionError("connection reset"))
    ok(mocked)
    assert get_quote("AAPL", client=make_client(sleep=sleep)).price == 254.86
    assert len(mocked.calls) == 2 and len(sleep.delays) == 1


def test_refused_connection_gives_up_after_the_bound(make_client, sleep) -> None:
    client = make_client(f"http://127.0.0.1:{fx.free_port()}/stable", max_retries=2, sleep=sleep)
    with pytest.raises(FMPConnectionError):
        get_quote("AAPL", client=client)
    assert len(sleep.delays) == 2
