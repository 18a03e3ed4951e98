"""The daily quota: ``FMP_DAILY_LIMIT`` stops calls before the quota is exceeded, and FMP's own
"the day's quota is spent" answers are not retried (a burst limit still is)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import conftest_fmp as fx
import pytest
import responses
from conftest_fmp import BASE_URL, FakeSleep, sample_text

from tools import FMPClient, get_profile, get_quote
from tools.errors import FMPQuotaExceededError, FMPRateLimitError

fmp_env, make_client, fmp_server = fx.fmp_env, fx.make_client, fx.fmp_server
pytestmark = pytest.mark.usefixtures("fmp_env")
URL = f"{BASE_URL}/quote"
QUOTE = sample_text("quote__AAPL.json")
# FMP's words when the day's calls are spent (seen as a 429, and inside a 200)
LIMIT_REACH = (
    "Limit Reach . Please upgrade your plan or visit our documentation for more details at "
    "https://site.financialmodelingprep.com/"
)


def test_the_daily_limit_stops_calls_before_the_quota_is_exceeded(make_client, tmp_path):
    client = make_client(daily_limit=3, cache=True, cache_dir=tmp_path / "cache")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(URL, body=QUOTE, content_type="application/json")
        for symbol in ("AAPL", "MSFT", "NVDA"):
            get_quote(symbol, client=client)
        with pytest.raises(FMPQuotaExceededError) as info:
            get_quote("AMD", client=client)
        assert len(mocked.calls) == 3  # the fourth was never sent
        assert get_quote("AAPL", client=client).provenance.from_cache  # cached answers still work
    error = info.value
    assert (error.calls_today, error.daily_limit) == (3, 3) and not error.retryable
    assert "3 of 3 calls made today" in str(error) and "quote for AMD" in str(error)
    assert "FMP_DAILY_LIMIT" in str(error)
    assert isinstance(error, FMPRateLimitError)  # callers catching rate limits still do
    assert client.counter.remaining_today == 0


def test_the_limit_comes_from_the_environment_and_counts_across_clients(
    fmp_server, monkeypatch, tmp_path
):
    """Two clients (two agents) on one folder share the day's count."""
    monkeypatch.setenv("FMP_DAILY_LIMIT", "4")
    folder = tmp_path / "shared"
    make = lambda: FMPClient(  # noqa: E731
        api_key=fx.FAKE_KEY, base_url=fmp_server.base_url, cache_dir=folder, cache=False
    )
    first, second = make(), make()
    get_quote("AAPL", client=first)
    get_quote("MSFT", client=second)
    get_quote("NVDA", client=first)
    get_quote("AMD", client=second)
    with pytest.raises(FMPQuotaExceededError, match="4 of 4"):
        get_quote("INTC", client=first)
    with pytest.raises(FMPQuotaExceededError):
        get_quote("INTC", client=second)
    assert fmp_server.count == 4
    assert make().counter.calls_today == 4  # a new client (a restart) sees it too


def test_parallel_calls_never_pass_the_limit(fmp_server, tmp_path):
    client = FMPClient(
        api_key=fx.FAKE_KEY,
        base_url=fmp_server.base_url,
        cache_dir=tmp_path / "c",
        cache=False,
        daily_limit=5,
    )
    symbols = [f"S{i}" for i in range(20)]

    def one(symbol: str) -> str:
        try:
            get_quote(symbol, client=client)
            return "ok"
        except FMPQuotaExceededError:
            return "quota"

    with ThreadPoolExecutor(10) as pool:
        outcomes = list(pool.map(one, symbols))
    assert outcomes.count("ok") == 5 and fmp_server.count == 5


@pytest.mark.parametrize(
    ("status", "content_type"), [(429, "application/json"), (200, "application/json")]
)
def test_fmp_saying_the_quota_is_spent_is_not_retried(status, content_type, make_client):
    sleep = FakeSleep()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(URL, status=status, json={"Error Message": LIMIT_REACH})
        mocked.get(URL, body=QUOTE, content_type="application/json")  # a retry would succeed
        with pytest.raises(FMPQuotaExceededError, match="quota is used up") as info:
            get_quote("AAPL", client=make_client(sleep=sleep))
        assert len(mocked.calls) == 1 and sleep.delays == []  # before: 4 calls, 3 waits
    assert info.value.status == status


def test_a_burst_limit_is_still_retried(make_client) -> None:
    sleep = FakeSleep()
    with responses.RequestsMock() as mocked:
        mocked.get(URL, status=429, body="Too Many Requests", content_type="text/plain")
        mocked.get(URL, body=QUOTE, content_type="application/json")
        assert get_quote("AAPL", client=make_client(sleep=sleep)).price == 254.86
        assert len(mocked.calls) == 2 and len(sleep.delays) == 1


def test_bandwidth_limit_is_a_spent_quota(make_client) -> None:
    with responses.RequestsMock() as mocked:
        mocked.get(
            f"{BASE_URL}/profile", status=429, json={"Error Message": "Bandwidth Limit Reach"}
        )
        with pytest.raises(FMPQuotaExceededError):
            get_profile("AAPL", client=make_client())
        assert len(mocked.calls) == 1
