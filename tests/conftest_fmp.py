"""Shared helpers for the offline tests of the ``tools`` data layer.

Test modules bind the fixtures they need by assignment (``make_client = fx.make_client``), so no
``conftest.py`` is required. Nothing here touches the network: HTTP goes to ``responses`` mocks
or to ``FMPStandIn``, a small FMP-shaped server bound to 127.0.0.1 that serves the real samples
copied into ``fixtures/fmp``. Sockets to any other address fail the test.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from finagent.app.builder import ENV_NAMES
from finagent.testing.fmp import FMPStandIn
from tools.client import FMPClient, set_default_client
from tools.errors import (
    FMPAuthError,
    FMPQuotaExceededError,
    FMPResponseError,
    FMPServerError,
    PlanRestrictedError,
    UnknownSymbolError,
)

FIXTURES = Path(__file__).parent / "fixtures" / "fmp"
FAKE_KEY = "TESTKEY-0123456789abcdef"
BASE_URL = "https://fmp.test/stable"  # a stand-in host: only ever served by ``responses``
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def load_sample(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def sample_text(name: str) -> str:
    return (FIXTURES / name).read_text()


class FakeSleep:
    """Records the delays it is asked to wait, and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class FakeClock:
    """A monotonic clock that only moves when ``sleep`` is called (for ``TokenBucket``).

    A sleep moves the clock a nanosecond further than asked, as a real one would: without it,
    float rounding can leave a bucket a hair short of a token and spinning on tiny sleeps.
    """

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        if len(self.sleeps) > 10_000:
            raise AssertionError("the code under test keeps sleeping: an endless wait loop?")
        self.sleeps.append(seconds)
        self.now += seconds + 1e-9


# --- isolation ---------------------------------------------------------------------------------


@pytest.fixture
def fmp_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No FMP/OpenAI settings from the environment or a ``.env``, no default client, no internet."""
    for name in ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # never the real user dir
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    real_connect = socket.socket.connect

    def loopback_only(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if host not in LOOPBACK:
            raise AssertionError(f"test tried to open a network connection to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    set_default_client(None)
    yield
    set_default_client(None)


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., FMPClient]]:
    """Build live-mode clients with the fake key; caches live under ``tmp_path`` only."""
    made: list[FMPClient] = []

    def make(
        base_url: str = BASE_URL,
        *,
        api_key: str | None = FAKE_KEY,
        cache: bool = False,
        sleep: Callable[[float], None] | None = None,
        **kwargs: Any,
    ) -> FMPClient:
        kwargs.setdefault("cache_dir", tmp_path / "cache")
        client = FMPClient(
            api_key=api_key,
            base_url=base_url,
            cache=cache,
            sleep=sleep if sleep is not None else FakeSleep(),
            **kwargs,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def offline_client(fmp_env: None) -> Iterator[FMPClient]:
    """The client as a user without a key gets it: built from an empty environment."""
    client = FMPClient(cache=False)
    yield client
    client.close()


# --- a FMP-shaped server on 127.0.0.1 ------------------------------------------------------------


Answer = tuple[int, dict[str, str], bytes]


def sample_for(endpoint: str, query: dict[str, str]) -> str | None:
    """The file in ``fixtures/fmp`` that answers this request, if there is one."""
    symbol = query.get("symbol") or query.get("symbols") or ""
    if endpoint == "income-statement" and query.get("period") == "quarter":
        return f"income-statement__{symbol}.quarter.json"
    if endpoint == "historical-price-eod/full":
        month = ".2024-02" if query.get("from", "").startswith("2024-02") else ""
        return f"historical-price-eod-full__{symbol}{month}.json"
    if endpoint == "company-screener":
        return f"company-screener__sector-{query.get('sector')}.json"
    if endpoint == "available-sectors":
        return "available-sectors__ALL.json"
    if endpoint in ("search-symbol", "search-name"):
        return f"search-symbol__{query.get('query')}.json"
    return f"{endpoint.replace('/', '-')}__{symbol}.json"


def answer_from_samples(endpoint: str, query: dict[str, str]) -> Answer:
    """Answer from the copied samples; a quote without a sample is synthesised (price 100);
    anything else unknown gets FMP's ``[]``."""
    json_type = {"Content-Type": "application/json"}
    name = sample_for(endpoint, query)
    if name and (FIXTURES / name).is_file():
        return 200, json_type, (FIXTURES / name).read_bytes()
    if endpoint == "quote":
        row = {"symbol": query.get("symbol"), "price": 100.0}
        return 200, json_type, json.dumps([row]).encode()
    return 200, json_type, b"[]"


def sample_server(latency: float = 0.0) -> FMPStandIn:
    """The public stand-in serving the copied samples, accepting any key."""
    return FMPStandIn(api_key=None, latency=latency, fallback=answer_from_samples)


@pytest.fixture
def fmp_server(fmp_env: None) -> Iterator[FMPStandIn]:
    server = sample_server().start()
    yield server
    server.stop()


def free_port() -> int:
    """A loopback port with nothing listening on it (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ErrorCase:
    """An FMP failure as it arrives on the wire, and the error type it must become."""

    id: str
    status: int
    body: str
    expected: type
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


_PLAN_TAIL = (
    "is not available under your current subscription please visit our subscription "
    "page to upgrade your plan at https://site.financialmodelingprep.com/pricing-plans"
)
_TEXT, _HTML = "text/plain", "text/html"


def _error(text: str) -> str:
    return json.dumps({"Error Message": text})


#: FMP's failure answers, worded as FMP words them (fmp-samples/README.md, "Errors").
ERROR_CASES = [
    ErrorCase(
        "401-invalid-key",
        401,
        _error(
            "Invalid API KEY. Feel free to create a Free API Key or visit "
            "https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid"
        ),
        FMPAuthError,
    ),
    ErrorCase("401-key-echoed", 401, _error(f"Invalid API KEY: {FAKE_KEY}"), FMPAuthError),
    ErrorCase(
        "402-premium-parameter",
        402,
        f"Premium Query Parameter: 'period' {_PLAN_TAIL}",
        PlanRestrictedError,
        _TEXT,
    ),
    ErrorCase(
        "402-restricted-endpoint",
        402,
        f"Restricted Endpoint: This endpoint {_PLAN_TAIL}",
        PlanRestrictedError,
        _TEXT,
    ),
    ErrorCase(
        "402-exclusive-endpoint",
        402,
        f"Exclusive Endpoint : This endpoint {_PLAN_TAIL}",
        PlanRestrictedError,
        _TEXT,
    ),
    ErrorCase(
        "403-legacy-endpoint",
        403,
        _error(
            "Legacy Endpoint : Due to Legacy endpoints being no longer supported - "
            "This endpoint is only available for legacy users who have valid subscriptions "
            "prior August 31, 2025."
        ),
        PlanRestrictedError,
    ),
    ErrorCase(
        "429-limit-reach",
        429,
        _error(
            "Limit Reach . Please upgrade your plan or visit our documentation for more details at "
            "https://site.financialmodelingprep.com/"
        ),
        FMPQuotaExceededError,  # the day's quota: not retried
    ),
    ErrorCase("429-bandwidth", 429, _error("Bandwidth Limit Reach"), FMPQuotaExceededError),
    ErrorCase("200-empty-list", 200, "[]", UnknownSymbolError),
    ErrorCase("200-error-premium", 200, _error(f"Premium {_PLAN_TAIL}"), PlanRestrictedError),
    ErrorCase("200-error-limit", 200, _error("Limit Reach . Upgrade."), FMPQuotaExceededError),
    ErrorCase("200-error-other", 200, _error("Something went wrong."), FMPResponseError),
    ErrorCase(
        "200-html-page",
        200,
        "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
        FMPResponseError,
        _HTML,
    ),
    ErrorCase("500-server", 500, "Internal Server Error", FMPServerError, _TEXT),
    ErrorCase("503-unavailable", 503, "<html>Service Unavailable</html>", FMPServerError, _HTML),
]
