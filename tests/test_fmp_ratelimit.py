"""Client-side budget: a per-minute token bucket and a persisted per-day call counter."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from pathlib import Path

import conftest_fmp as fx
import pytest
import responses
from conftest_fmp import BASE_URL, FakeClock, sample_text

from tools import get_profile, get_quote, ratelimit
from tools.ratelimit import CallCounter, TokenBucket

fmp_env, make_client = fx.fmp_env, fx.make_client
pytestmark = pytest.mark.usefixtures("fmp_env")


def bucket(per_minute: int) -> tuple[TokenBucket, FakeClock]:
    fake = FakeClock()
    return TokenBucket(per_minute, clock=fake.clock, sleep=fake.sleep), fake


@pytest.mark.parametrize("per_minute", [60, 300])
def test_a_full_minute_goes_out_at_once_then_the_plan_rate(per_minute: int) -> None:
    limiter, fake = bucket(per_minute)
    assert [limiter.acquire() for _ in range(per_minute)] == [0.0] * per_minute
    assert fake.sleeps == []
    waits = [limiter.acquire() for _ in range(5)]
    assert waits == pytest.approx([60 / per_minute] * 5)
    assert sum(fake.sleeps) == pytest.approx(5 * 60 / per_minute)


def test_tokens_refill_with_time_but_never_beyond_one_minute() -> None:
    limiter, fake = bucket(60)
    for _ in range(60):
        limiter.acquire()
    fake.now += 30  # half a minute: 30 tokens back
    assert [limiter.acquire() for _ in range(30)] == [0.0] * 30
    assert limiter.acquire() == pytest.approx(1.0)
    fake.now += 3600  # an idle hour still allows only one minute's burst
    assert [limiter.acquire() for _ in range(60)] == [0.0] * 60
    assert limiter.acquire() == pytest.approx(1.0)


def test_bucket_is_shared_safely_between_threads() -> None:
    limiter, fake = bucket(400)
    threads = [
        threading.Thread(target=lambda: [limiter.acquire() for _ in range(50)]) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fake.sleeps == []  # exactly the 400 tokens there were
    assert limiter.acquire() == pytest.approx(60 / 400)


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0)


def test_http_calls_take_tokens_and_cache_hits_do_not(make_client, tmp_path: Path) -> None:
    client = make_client(cache=True, cache_dir=tmp_path / "cache")
    limiter, fake = bucket(2)
    client.transport.limiter = limiter
    with responses.RequestsMock() as mocked:
        mocked.get(f"{BASE_URL}/quote", body=sample_text("quote__AAPL.json"))
        mocked.get(f"{BASE_URL}/profile", body=sample_text("profile__AAPL.json"))
        for _ in range(5):
            get_quote("AAPL", client=client)  # 1 call, then 4 cache hits
        assert fake.sleeps == []
        get_profile("AAPL", client=client)  # the second token
        get_profile("MSFT", client=client)  # a third call waits for a token: 30 s at 2/min
    assert fake.sleeps == pytest.approx([30.0])


def test_counter_persists_todays_calls_and_reloads_them(tmp_path: Path) -> None:
    state = tmp_path / "usage.json"
    counter = CallCounter(state, daily_limit=250)
    for _ in range(3):
        counter.record_http()
    counter.record_cache_hit()
    counter.record_snapshot_read()
    assert json.loads(state.read_text()) == {"date": date.today().isoformat(), "calls": 3}
    assert counter.snapshot() == {"fmp_calls": 3, "fmp_cache_hits": 1, "snapshot_reads": 1}

    reloaded = CallCounter(state, daily_limit=250)
    assert (reloaded.calls_today, reloaded.remaining_today) == (3, 247)
    assert reloaded.http_calls == 0  # this process's counters start from zero
    reloaded.record_http()
    assert CallCounter(state, daily_limit=250).calls_today == 4


def test_counter_ignores_another_days_or_a_broken_state_file(tmp_path: Path) -> None:
    state = tmp_path / "usage.json"
    state.write_text(json.dumps({"date": "2000-01-01", "calls": 99}))
    assert CallCounter(state, daily_limit=250).remaining_today == 250
    state.write_text("{not json")
    assert CallCounter(state).calls_today == 0


def test_remaining_today_needs_a_limit_and_never_goes_negative(tmp_path: Path) -> None:
    assert CallCounter().remaining_today is None
    counter = CallCounter(daily_limit=2)
    for _ in range(3):
        counter.record_http()
    assert counter.remaining_today == 0


def test_unwritable_state_file_does_not_break_counting(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    counter = CallCounter(blocker / "usage.json", daily_limit=5)  # parent is a file
    counter.record_http()
    assert counter.remaining_today == 4


def test_todays_count_starts_again_after_midnight(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tomorrow(date):
        @classmethod
        def today(cls) -> date:
            return date.fromordinal(date.today().toordinal()) + timedelta(days=1)

    counter = CallCounter(daily_limit=250)
    for _ in range(5):
        counter.record_http()
    monkeypatch.setattr(ratelimit, "date", Tomorrow)  # a long-running session crosses midnight
    assert counter.calls_today == 0
    assert counter.remaining_today == 250


def test_client_keeps_the_daily_count_in_its_cache_folder(make_client, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    with responses.RequestsMock() as mocked:
        mocked.get(f"{BASE_URL}/quote", body=sample_text("quote__AAPL.json"))
        mocked.get(f"{BASE_URL}/profile", body=sample_text("profile__AAPL.json"))
        first = make_client(cache=True, cache_dir=cache_dir, daily_limit=250)
        get_quote("AAPL", client=first)
        get_profile("AAPL", client=first)
    assert (cache_dir / "fmp-usage.json").is_file()
    later = make_client(cache=True, cache_dir=cache_dir, daily_limit=250)
    assert later.counter.calls_today == 2 and later.counter.remaining_today == 248
