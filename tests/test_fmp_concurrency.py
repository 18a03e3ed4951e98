"""Parallel calls: identical requests in flight share one HTTP call; different ones run at once.

Uses a real HTTP server on 127.0.0.1 that answers after ``LATENCY`` seconds and counts requests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import conftest_fmp as fx
import pytest
from conftest_fmp import sample_server

from finagent.testing.fmp import FMPStandIn
from tools import get_profile, get_quote
from tools.errors import FMPServerError

fmp_env, make_client = fx.fmp_env, fx.make_client
pytestmark = pytest.mark.usefixtures("fmp_env")
LATENCY = 0.3
N = 8


@pytest.fixture
def slow_server(fmp_env: None) -> Iterator[FMPStandIn]:
    server = sample_server(latency=LATENCY).start()
    yield server
    server.stop()


def all_at_once(call: Callable[[Any], Any], args: list[Any]) -> list[Any]:
    """Run ``call`` for each argument in its own thread, released together by a barrier.

    Returns each result, or the exception it raised.
    """
    barrier = threading.Barrier(len(args))

    def task(arg: Any) -> Any:
        barrier.wait()
        try:
            return call(arg)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(len(args)) as pool:
        return list(pool.map(task, args))


def test_identical_concurrent_requests_collapse_into_one(slow_server, make_client) -> None:
    client = make_client(slow_server.base_url, cache=False)
    quotes = all_at_once(lambda symbol: get_quote(symbol, client=client), ["AAPL"] * N)
    assert slow_server.count == 1
    assert all(not isinstance(q, Exception) for q in quotes), quotes
    assert [q.price for q in quotes] == [254.86] * N
    assert client.usage()["fmp_calls"] == 1


def test_different_symbols_go_out_concurrently(slow_server, make_client) -> None:
    client = make_client(slow_server.base_url, cache=False)
    symbols = ["AAPL", "MSFT", "GOOGL", "NVDA", "META", "ORCL", "ADBE", "INTC"]
    started = time.perf_counter()
    quotes = all_at_once(lambda symbol: get_quote(symbol, client=client), symbols)
    elapsed = time.perf_counter() - started
    assert [q.symbol for q in quotes] == symbols
    assert slow_server.count == N
    assert elapsed < 4 * LATENCY, f"{N} calls took {elapsed:.2f}s: they were not parallel"
    assert slow_server.max_inflight >= N // 2


def test_different_endpoints_for_one_symbol_are_not_merged(slow_server, make_client) -> None:
    client = make_client(slow_server.base_url, cache=False)
    calls = [lambda: get_quote("AAPL", client=client), lambda: get_profile("AAPL", client=client)]
    quote, profile = all_at_once(lambda call: call(), calls)
    assert quote.price == 254.86 and profile.company_name == "Apple Inc."
    assert sorted(seen.path.removeprefix("/stable/") for seen in slow_server.requests) == [
        "profile",
        "quote",
    ]


def test_waiting_callers_share_the_failure_too(slow_server, make_client) -> None:
    slow_server.override = lambda endpoint, query: (503, {}, b"Service Unavailable")
    client = make_client(slow_server.base_url, cache=False, max_retries=0)
    outcomes = all_at_once(lambda symbol: get_quote(symbol, client=client), ["AAPL"] * N)
    assert slow_server.count == 1
    assert all(isinstance(outcome, FMPServerError) for outcome in outcomes), outcomes


def test_single_flight_is_not_a_cache(slow_server, make_client) -> None:
    client = make_client(slow_server.base_url, cache=False)
    all_at_once(lambda symbol: get_quote(symbol, client=client), ["AAPL"] * N)
    get_quote("AAPL", client=client)  # the first flight has landed: this is a new request
    assert slow_server.count == 2


def test_identical_concurrent_requests_collapse_with_the_cache_on(
    slow_server, make_client, tmp_path
) -> None:
    client = make_client(slow_server.base_url, cache=True, cache_dir=tmp_path / "cache")
    quotes = all_at_once(lambda symbol: get_quote(symbol, client=client), ["MSFT"] * N)
    assert all(not isinstance(q, Exception) for q in quotes), quotes
    assert slow_server.count == 1
    assert get_quote("MSFT", client=client).provenance.from_cache is True
    assert slow_server.count == 1
