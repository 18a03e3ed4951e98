"""The on-disk HTTP cache: hits send nothing, errors are never stored, lifetimes differ by kind."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import conftest_fmp as fx
import pytest
import responses
from conftest_fmp import BASE_URL, FAKE_KEY, load_sample, sample_text

from tools import get_income_statements, get_price_history, get_profile, get_quote
from tools.cache import CLOSED_HISTORY_TTL, DAY, HOUR, MINUTE, ttl_for
from tools.errors import FMPError

fmp_env, make_client = fx.fmp_env, fx.make_client
pytestmark = pytest.mark.usefixtures("fmp_env")
QUOTE = sample_text("quote__AAPL.json")
PROFILE = sample_text("profile__AAPL.json")


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(f"{BASE_URL}/quote", body=QUOTE, content_type="application/json")
        rsps.get(f"{BASE_URL}/profile", body=PROFILE, content_type="application/json")
        rsps.get(f"{BASE_URL}/income-statement", json=load_sample("income-statement__AAPL.json"))
        rsps.get(
            f"{BASE_URL}/historical-price-eod/full",
            json=load_sample("historical-price-eod-full__AAPL.2024-02.json"),
        )
        yield rsps


@pytest.fixture
def cached(make_client, tmp_path: Path):
    return make_client(cache=True, cache_dir=tmp_path / "cache")


def test_second_identical_call_is_a_cache_hit_without_a_request(mocked, cached) -> None:
    first = get_quote("AAPL", client=cached)
    second = get_quote("AAPL", client=cached)
    assert len(mocked.calls) == 1
    assert cached.usage() == {"fmp_calls": 1, "fmp_cache_hits": 1, "snapshot_reads": 0}
    assert (first.provenance.from_cache, second.provenance.from_cache) == (False, True)
    assert second.provenance.label.endswith("(cached)")
    assert second.model_dump(exclude={"provenance"}) == first.model_dump(exclude={"provenance"})


def test_different_parameters_are_separate_cache_entries(mocked, cached) -> None:
    get_income_statements("AAPL", limit=5, client=cached)
    get_income_statements("AAPL", limit=3, client=cached)
    get_income_statements("AAPL", limit=5, client=cached)
    assert len(mocked.calls) == 2
    assert cached.counter.http_calls == 2 and cached.counter.cache_hits == 1


def test_cache_survives_the_client_and_ignores_which_key_asked(mocked, make_client, tmp_path):
    get_profile("AAPL", client=make_client(cache=True, cache_dir=tmp_path / "cache"))
    again = make_client(
        api_key="OTHERKEY-fedcba9876543210", cache=True, cache_dir=tmp_path / "cache"
    )
    assert get_profile("AAPL", client=again).provenance.from_cache is True
    assert len(mocked.calls) == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, '{"Error Message": "Premium Query Parameter: not in your plan"}'),
        (200, '{"Error Message": "Limit Reach . Please upgrade your plan"}'),
        (200, "<html><body>maintenance</body></html>"),
        (429, '{"Error Message": "Limit Reach"}'),
        (503, "Service Unavailable"),
    ],
    ids=["200-plan-error", "200-limit-error", "200-html", "429", "503"],
)
def test_error_answers_are_never_cached(status: int, body: str, make_client, tmp_path) -> None:
    client = make_client(cache=True, cache_dir=tmp_path / "cache", max_retries=0)
    with responses.RequestsMock() as mocked:
        mocked.get(f"{BASE_URL}/quote", status=status, body=body)
        mocked.get(f"{BASE_URL}/quote", body=QUOTE, content_type="application/json")
        with pytest.raises(FMPError):
            get_quote("AAPL", client=client)
        # a new client on the same cache (a plan refusal is remembered by its client only, in
        # memory: tests/test_fmp_errors.py): it must go to FMP again, not replay the error
        client = make_client(cache=True, cache_dir=tmp_path / "cache", max_retries=0)
        good = get_quote("AAPL", client=client)
        assert len(mocked.calls) == 2 and good.price == 254.86
        assert get_quote("AAPL", client=client).provenance.from_cache is True
        assert len(mocked.calls) == 2
    assert client.counter.cache_hits == 1


def test_ttl_depends_on_the_kind_of_data() -> None:
    today = date(2026, 3, 2)
    assert ttl_for("quote", {"symbol": "AAPL"}) == MINUTE == 60
    assert ttl_for("profile", {"symbol": "AAPL"}) == DAY == 86400
    assert ttl_for("income-statement", {"symbol": "AAPL", "period": "annual"}) == DAY
    assert ttl_for("stock-peers", {"symbol": "AAPL"}) == 7 * DAY
    open_history = {"symbol": "AAPL", "from": "2026-01-02", "to": today.isoformat()}
    closed_history = {"symbol": "AAPL", "from": "2024-02-01", "to": "2024-02-29"}
    assert ttl_for("historical-price-eod/full", {"symbol": "AAPL"}, today) == HOUR
    assert ttl_for("historical-price-eod/full", open_history, today) == HOUR
    assert ttl_for("historical-price-eod/full", closed_history, today) == CLOSED_HISTORY_TTL
    assert CLOSED_HISTORY_TTL >= 30 * DAY
    two_days_ago = {"symbol": "AAPL", "to": (today - timedelta(days=2)).isoformat()}
    assert ttl_for("historical-price-eod/full", two_days_ago, today) == CLOSED_HISTORY_TTL
    assert ttl_for("some-new-endpoint", {}) == HOUR


def test_stored_answers_expire_after_their_kinds_ttl(mocked, cached) -> None:
    get_quote("AAPL", client=cached)
    get_profile("AAPL", client=cached)
    get_price_history("AAPL", date(2024, 2, 1), date(2024, 2, 29), client=cached)
    lifetimes = {}
    for stored in cached.transport.session.cache.responses.values():
        endpoint = stored.url.split("/stable/")[1].split("?")[0]
        lifetimes[endpoint] = (stored.expires - stored.created_at).total_seconds()
    assert lifetimes["quote"] == pytest.approx(MINUTE, abs=2)
    assert lifetimes["profile"] == pytest.approx(DAY, abs=2)
    assert lifetimes["historical-price-eod/full"] == pytest.approx(CLOSED_HISTORY_TTL, abs=2)


def test_cache_false_sends_every_call_and_writes_nothing(mocked, make_client, tmp_path) -> None:
    client = make_client(cache=False, cache_dir=tmp_path / "cache")
    assert client.transport.cached is False
    get_quote("AAPL", client=client)
    second = get_quote("AAPL", client=client)
    assert len(mocked.calls) == 2 and second.provenance.from_cache is False
    assert client.usage() == {"fmp_calls": 2, "fmp_cache_hits": 0, "snapshot_reads": 0}
    # no HTTP cache is written; only today's call count is kept (so quotas stay right)
    assert not list((tmp_path / "cache").glob("fmp-http-cache*"))
    assert client.clear_cache() is False


def test_clear_cache_empties_it_and_the_client_keeps_working(mocked, cached) -> None:
    get_quote("AAPL", client=cached)
    assert get_quote("AAPL", client=cached).provenance.from_cache is True
    assert cached.clear_cache() is True
    after = get_quote("AAPL", client=cached)  # nothing stored any more: FMP is asked again
    assert after.provenance.from_cache is False and len(mocked.calls) == 2
    assert get_quote("AAPL", client=cached).provenance.from_cache is True  # and it caches again
    assert len(mocked.calls) == 2


def test_cache_lives_in_the_given_folder_only(mocked, cached, tmp_path: Path) -> None:
    get_quote("AAPL", client=cached)
    names = {path.name for path in (tmp_path / "cache").iterdir()}
    assert "fmp-http-cache.sqlite" in names
    assert not (tmp_path / "xdg-cache").exists()  # not the user's cache folder
    assert mocked.calls[0].request.headers["apikey"] == FAKE_KEY
