"""The FMP key never leaks: not in errors, logs, reprs, URLs, cache files or other hosts.

The key travels only in the ``apikey`` request header to the configured FMP host.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import conftest_fmp as fx
import pytest
import requests
import responses
from conftest_fmp import BASE_URL, ERROR_CASES, FAKE_KEY, ErrorCase

from tools import get_income_statements, get_price_history, get_profile, get_quote
from tools.errors import FMPError

fmp_env, make_client, fmp_server = fx.fmp_env, fx.make_client, fx.fmp_server
pytestmark = pytest.mark.usefixtures("fmp_env")
KEY_BYTES = FAKE_KEY.encode()


def assert_no_key_in_error(error: BaseException) -> None:
    texts = [
        str(error),
        repr(error),
        *map(repr, error.args),
        "".join(traceback.format_exception(error)),
    ]
    for text in texts:
        assert FAKE_KEY not in text


def raised_by(call) -> FMPError:
    with pytest.raises(FMPError) as info:
        call()
    return info.value


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda case: case.id)
def test_no_error_text_contains_the_key(case: ErrorCase, make_client) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(
            f"{BASE_URL}/quote", status=case.status, body=case.body, content_type=case.content_type
        )
        error = raised_by(lambda: get_quote("AAPL", client=make_client()))
    assert type(error) is case.expected
    assert_no_key_in_error(error)


@pytest.mark.parametrize(
    "exc",
    [
        requests.exceptions.ReadTimeout(f"timed out ?apikey={FAKE_KEY}"),
        requests.exceptions.ConnectionError(f"refused {FAKE_KEY}"),
    ],
)
def test_no_transport_error_text_contains_the_key(exc: Exception, make_client) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(f"{BASE_URL}/quote", body=exc)
        error = raised_by(lambda: get_quote("AAPL", client=make_client()))
    assert_no_key_in_error(error)


def test_refused_connection_error_does_not_contain_the_key(make_client) -> None:
    client = make_client(f"http://127.0.0.1:{fx.free_port()}/stable")
    assert_no_key_in_error(raised_by(lambda: get_quote("AAPL", client=client)))


def test_client_and_transport_reprs_hide_the_key(make_client, tmp_path: Path) -> None:
    for client in (make_client(), make_client(cache=True, cache_dir=tmp_path / "c")):
        for text in (repr(client), str(client), repr(client.transport), str(client.transport)):
            assert FAKE_KEY not in text
        assert "HttpTransport" in repr(client)  # the repr is informative, just not secret


def test_key_travels_in_the_apikey_header_never_in_the_url(fmp_server, make_client) -> None:
    client = make_client(fmp_server.base_url)
    get_quote("AAPL", client=client)
    get_income_statements("AAPL", client=client)
    assert fmp_server.count == 2
    for seen in fmp_server.requests:
        assert seen.headers.get("apikey") == FAKE_KEY
        assert FAKE_KEY not in seen.raw_path and "apikey" not in seen.raw_path.lower()
        assert "apikey" not in seen.query


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_no_log_record_contains_the_key(
    cache: bool, fmp_server, make_client, caplog, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "requests", "requests_cache", "tools", "finagent"):
        caplog.set_level(logging.DEBUG, logger=name)
    failures = iter([503])  # one server error first, so the retry path logs too

    def flaky(endpoint: str, query: dict) -> fx.Answer | None:
        if endpoint == "profile":
            return 401, {}, b'{"Error Message": "Invalid API KEY"}'
        status = next(failures, None)
        return (status, {}, b"busy") if status else None

    fmp_server.override = flaky
    client = make_client(fmp_server.base_url, cache=cache, cache_dir=tmp_path / "cache")
    for _ in range(2):  # the second round is served from the cache when caching
        get_quote("AAPL", client=client)
        get_price_history("AAPL", client=client)
    raised_by(lambda: get_profile("AAPL", client=client))

    assert any(r.name.startswith("urllib3") for r in caplog.records), "urllib3 was not captured"
    assert any(r.name.startswith("tools") for r in caplog.records), "the retry was not logged"
    for record in caplog.records:
        assert FAKE_KEY not in record.getMessage()
        assert FAKE_KEY not in repr(record.args) and FAKE_KEY not in str(record.msg)
    assert FAKE_KEY not in caplog.text


def test_no_cache_file_contains_the_key(fmp_server, make_client, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    client = make_client(fmp_server.base_url, cache=True, cache_dir=cache_dir)
    for _ in range(2):
        get_quote("AAPL", client=client)
        get_profile("AAPL", client=client)
        get_income_statements("AAPL", client=client)
    assert client.usage() == {"fmp_calls": 3, "fmp_cache_hits": 3, "snapshot_reads": 0}
    client.close()
    files = [path for path in cache_dir.rglob("*") if path.is_file()]
    assert any(path.name.startswith("fmp-http-cache.sqlite") for path in files)
    stored = b"".join(path.read_bytes() for path in files)
    assert b"Apple Inc." in stored  # the answers are in there, readable ...
    assert KEY_BYTES not in stored  # ... and the key is not


def test_key_is_not_forwarded_when_fmp_redirects_to_another_host(fmp_server, make_client):
    other = fx.sample_server().start()
    try:
        target = f"http://localhost:{other.port}/stable/quote?symbol=AAPL"
        fmp_server.override = lambda endpoint, query: (302, {"Location": target}, b"")
        client = make_client(fmp_server.base_url)
        try:
            get_quote("AAPL", client=client)
        except FMPError:
            pass  # refusing to follow the redirect is fine; sending the key along is not
        assert fmp_server.requests[0].headers.get("apikey") == FAKE_KEY
        assert all("apikey" not in {h.lower() for h in seen.headers} for seen in other.requests)
    finally:
        other.stop()
