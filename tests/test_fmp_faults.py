"""FMP misbehaving: a server that hangs, asks to wait on every request, or says the day's quota is
spent. One data call has one deadline (retries and waits included), and a spent quota is not
retried."""

from __future__ import annotations

import threading
import time

import conftest_fmp as fx
import pytest
import responses
from conftest_fmp import BASE_URL, FAKE_KEY, FakeSleep, sample_text

from finagent.errors import ConfigurationError
from finagent.testing.servers import LocalServer, Request
from tools import FMPClient, get_quote
from tools.errors import FMPDeadlineError, FMPError

fmp_env, make_client = fx.fmp_env, fx.make_client
pytestmark = pytest.mark.usefixtures("fmp_env")
URL = f"{BASE_URL}/quote"
QUOTE = sample_text("quote__AAPL.json")


@pytest.fixture
def hanging_server():
    """Accepts requests and answers none of them (until the test ends; at most 10 s each)."""
    release = threading.Event()

    def hang(request: Request):
        release.wait(10)
        return 200, {"Content-Type": "application/json"}, QUOTE.encode()

    server = LocalServer(hang).start()
    yield server
    release.set()
    server.stop()


def test_a_hanging_server_fails_the_call_at_its_deadline(hanging_server, make_client) -> None:
    client = make_client(hanging_server.url + "/stable", sleep=time.sleep, call_deadline=0.6)
    started = time.perf_counter()
    with pytest.raises(FMPDeadlineError) as info:
        get_quote("AAPL", client=client)
    spent = time.perf_counter() - started
    assert 0.5 < spent < 1.5, spent  # before: 4 attempts x 30 s read timeout
    message = str(info.value)
    assert "quote for AAPL" in message and "0.6s deadline" in message
    assert "FMP_CALL_DEADLINE" in message and FAKE_KEY not in message
    assert not info.value.retryable


def test_the_deadline_comes_from_the_environment(hanging_server, monkeypatch) -> None:
    monkeypatch.setenv("FMP_CALL_DEADLINE", "0.4")
    client = FMPClient(api_key=FAKE_KEY, base_url=hanging_server.url + "/stable", cache=False)
    started = time.perf_counter()
    with pytest.raises(FMPDeadlineError, match=r"0\.4s deadline"):
        get_quote("AAPL", client=client)
    assert time.perf_counter() - started < 1.5
    client.close()


def test_the_default_deadline_is_twenty_seconds(make_client) -> None:
    assert make_client().transport.deadline == 20.0


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_a_bad_deadline_setting_is_a_clear_configuration_error(value, monkeypatch) -> None:
    monkeypatch.setenv("FMP_CALL_DEADLINE", value)
    with pytest.raises(ConfigurationError, match="FMP_CALL_DEADLINE"):
        FMPClient(api_key=FAKE_KEY, base_url=BASE_URL, cache=False)


def test_retry_after_on_every_request_does_not_outlast_the_deadline(make_client) -> None:
    """Retry-After: 30 on every answer used to cost 3 x 30 s of waiting before failing."""
    sleep = FakeSleep()
    with responses.RequestsMock() as mocked:
        mocked.get(
            URL,
            status=503,
            body="Service Unavailable",
            headers={"Retry-After": "30"},
        )
        with pytest.raises(FMPDeadlineError) as info:
            get_quote("AAPL", client=make_client(sleep=sleep))
        assert len(mocked.calls) == 1
    assert sleep.delays == []
    assert "waiting 30s more" in str(info.value) and "20s deadline" in str(info.value)
    assert "HTTP 503" in str(info.value)  # the last answer is part of the message


def test_backoff_waits_stop_at_the_deadline(make_client) -> None:
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    client = make_client(sleep=sleep, max_retries=10, call_deadline=5)
    client.transport._clock = lambda: clock[0]
    with responses.RequestsMock() as mocked:
        mocked.get(URL, status=500, body="oops")
        with pytest.raises(FMPDeadlineError):
            get_quote("AAPL", client=client)
        attempts = len(mocked.calls)
    assert clock[0] <= 5 and attempts < 11  # 0.5 + 1 + 2 s of backoff, then 4 s would overrun


def test_a_call_within_its_deadline_is_untouched(make_client) -> None:
    with responses.RequestsMock() as mocked:
        mocked.get(URL, status=503, body="busy")
        mocked.get(URL, body=QUOTE, content_type="application/json")
        assert get_quote("AAPL", client=make_client(call_deadline=5)).price == 254.86


def test_every_fmp_error_is_still_an_fmp_error() -> None:
    assert issubclass(FMPDeadlineError, FMPError)


def test_a_stand_in_whose_client_gave_up_prints_no_traceback(make_client, capfd) -> None:
    """A test server answering a client that already timed out stays quiet (no BrokenPipe)."""
    answered = threading.Event()

    def slow(request: Request):
        time.sleep(0.4)
        answered.set()
        return 200, {"Content-Type": "application/json"}, QUOTE.encode() * 50

    with LocalServer(slow) as server:
        client = make_client(server.url + "/stable", sleep=time.sleep, call_deadline=0.15)
        with pytest.raises(FMPDeadlineError):
            get_quote("AAPL", client=client)
        client.close()
        answered.wait(2)
        time.sleep(0.3)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err
