"""``FMPClient``: one object that every tool shares — transport, cache, budget and call counts.

With an FMP key (or an explicit base URL) it talks to the stable API; without one, or with
``offline=True``, it serves the bundled snapshot through the same interface, and every result
says which of the two it came from. ``record=DIR`` also writes a live run's answers to a folder,
key-free; ``replay=DIR`` serves such a folder back, offline and without a key (``tools.recording``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from finagent.usage import name_counters

from .errors import FMPResponseError, InvalidParameterError, RecordingError, UnknownSymbolError
from .models import FMPModel, Records, Sourced
from .provenance import Provenance
from .ratelimit import CallCounter
from .settings import DEFAULT_FMP_BASE_URL, FMPSettings
from .symbols import normalize_symbol, normalize_symbols
from .transport import Fetched, Transport

if TYPE_CHECKING:  # loaded only to record or replay
    from .recording import Recording, RecordingWriter

name_counters(
    {
        "fmp_calls": "FMP calls",
        "fmp_prefetch_calls": "of them prefetched",
        "fmp_cache_hits": "cache hits",
        "snapshot_reads": "snapshot reads",
    }
)

USAGE_FILE = "fmp-usage.json"
M = TypeVar("M", bound=FMPModel)
S = TypeVar("S", bound=Sourced)


class FMPClient:
    """Thread-safe client for FMP's stable API (or the offline snapshot).

    Arguments beat the environment (``FMP_API_KEY``, ``FMP_BASE_URL``, ``FINAGENT_CACHE_DIR``,
    ``FMP_CALL_DEADLINE``...), which beats ``.env``. ``cache=False`` disables the on-disk HTTP
    cache. ``call_deadline`` bounds one data call, retries and waits included (default 20 s).

    ``record=DIR`` writes every live answer to ``DIR`` as a key-free fixture; ``replay=DIR``
    answers from such a recording instead of FMP: no key, no network, and price windows measured
    from the day it was recorded, so the run asks exactly what the recorded run asked.
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        offline: bool | None = None,
        cache: bool = True,
        cache_dir: str | Path | None = None,
        calls_per_minute: int | None = None,
        daily_limit: int | None = None,
        max_concurrency: int = 48,
        timeout: tuple[float, float] = (5.0, 30.0),
        max_retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        as_of: date | None = None,
        call_deadline: float | None = None,
        settings: FMPSettings | None = None,
        record: str | Path | None = None,
        replay: str | Path | None = None,
    ) -> None:
        self.max_concurrency = max_concurrency
        self._as_of = as_of
        self._transport: Transport | None = None
        self._transport_lock = threading.Lock()
        self.recorder: RecordingWriter | None = None
        self.recording: Recording | None = None
        if replay is not None:
            self._replay(replay, record, offline)
            return
        settings = settings or FMPSettings.load(
            fmp_api_key=api_key, fmp_base_url=base_url, cache_dir=cache_dir
        )
        key = settings.fmp_api_key.get_secret_value() if settings.fmp_api_key else None
        if offline is None:
            offline = key is None and settings.fmp_base_url == DEFAULT_FMP_BASE_URL
        self.cache_dir = settings.resolved_cache_dir if cache else None
        self._source = "snapshot" if offline else "fmp"
        if record is not None:
            if offline:
                raise RecordingError(
                    "Nothing to record: without FMP_API_KEY (or with --offline) the bundled "
                    "snapshot answers, not FMP. Set FMP_API_KEY to record a live run."
                )
            from .recording import RecordingWriter

            self.recorder = RecordingWriter(
                record, base_url=settings.fmp_base_url, as_of=self.as_of, secrets=[key or ""]
            )
        if offline:
            from .snapshot import SnapshotTransport

            self.counter = CallCounter()
            self._transport = SnapshotTransport(self.counter)
        else:
            state = settings.resolved_cache_dir / USAGE_FILE  # kept even with the cache off
            self.counter = CallCounter(state, daily_limit or settings.fmp_daily_limit)
            self._http = (
                settings.fmp_base_url,
                key,
                {
                    "cache_dir": self.cache_dir,
                    "counter": self.counter,
                    "calls_per_minute": calls_per_minute or settings.fmp_calls_per_minute,
                    "timeout": timeout,
                    "max_retries": max_retries,
                    "pool_size": max_concurrency,
                    "sleep": sleep,
                    "deadline": call_deadline or settings.fmp_call_deadline,
                },
            )

    @property
    def transport(self) -> Transport:
        """The live transport is built on first use: its HTTP stack and cache cost ~50 ms to
        load, which the first model request should not wait for."""
        if self._transport is None:
            with self._transport_lock:
                if self._transport is None:
                    from .http import HttpTransport

                    base_url, key, options = self._http
                    live: Transport = HttpTransport(base_url, key, **options)
                    if self.recorder is not None:
                        from .replay import RecordingTransport

                        live = RecordingTransport(live, self.recorder)
                    self._transport = live
        return self._transport

    def _replay(self, folder: str | Path, record: str | Path | None, offline: bool | None) -> None:
        """Serve a recording: dated like it, counted as recorded reads, never cached."""
        from .replay import ReplayTransport

        if record is not None or offline:
            raise RecordingError(
                "A replay (--replay, replay=) serves a recording: it cannot be combined with "
                "recording (--record, record=) or the offline snapshot (--offline, offline=True)."
            )
        from .recording import Recording

        self.recording = Recording(folder)
        transport = ReplayTransport(self.recording)
        self._transport, self.counter = transport, transport.counter
        self._as_of = self._as_of or self.recording.manifest.as_of
        self.cache_dir = None
        self._source = "recording"

    def __repr__(self) -> str:
        return f"FMPClient(source={self.source!r}, transport={self.transport!r})"

    @property
    def source(self) -> str:
        """``"fmp"`` for the live API, ``"snapshot"`` for the bundled offline data,
        ``"recording"`` for a replayed recording."""
        return self._source

    @property
    def offline(self) -> bool:
        """True on the bundled snapshot. A replay is not "offline" in this sense: it serves
        FMP's own answers, so it offers every tool a live run does."""
        return self.source == "snapshot"

    @property
    def as_of(self) -> date:
        """The day price windows are measured back from: the snapshot's day offline, else today
        (or what was passed, e.g. for a stand-in serving old data). Statements and quotes are
        whatever the source answers; this does not make live data point-in-time."""
        if self._as_of is not None:
            return self._as_of
        if self.offline:
            from .snapshot import SNAPSHOT_AS_OF

            return SNAPSHOT_AS_OF
        return date.today()

    def get(
        self, endpoint: str, params: dict[str, Any] | None = None, *, require_rows: bool = True
    ) -> tuple[list[dict[str, Any]], Provenance]:
        """Fetch ``endpoint`` (e.g. ``"profile"``) and return its rows with their provenance.

        ``symbol``/``symbols`` parameters are validated and normalised first, so a malformed
        ticker raises ``InvalidSymbolError`` and sends nothing. With ``require_rows``, an empty
        answer (FMP's way of saying "unknown symbol") raises ``UnknownSymbolError``.
        """
        params = dict(params or {})
        if params.get("limit") is not None:
            params["limit"] = check_limit(params["limit"], endpoint)
        clean = {key: _param(value) for key, value in params.items() if value is not None}
        symbol = None
        if "symbol" in clean:
            symbol = clean["symbol"] = normalize_symbol(clean["symbol"])
        if "symbols" in clean:
            symbol = clean["symbols"] = ",".join(normalize_symbols(clean["symbols"]))
        fetched: Fetched = self.transport.fetch(endpoint, clean, symbol=symbol)
        if require_rows and not fetched.rows:
            raise UnknownSymbolError(
                f"FMP has no {endpoint} data for '{symbol}'. Check the ticker, or look it up by "
                "company name (search_symbols).",
                endpoint=endpoint,
                symbol=symbol,
            )
        provenance = Provenance(
            source=self.source,
            endpoint=endpoint,
            as_of=fetched.as_of,  # type: ignore[arg-type]
            retrieved_at=fetched.retrieved_at,
            from_cache=fetched.from_cache,
        )
        return fetched.rows, provenance

    def one(self, model: type[S], endpoint: str, params: dict[str, Any]) -> S:
        """Fetch a single-object endpoint (quote, profile...) as ``model`` with its provenance."""
        rows, provenance = self.get(endpoint, params)
        return _parse(model, rows[:1], endpoint)[0].model_copy(update={"provenance": provenance})

    def records(
        self,
        model: type[M],
        endpoint: str,
        params: dict[str, Any] | None = None,
        *,
        require_rows: bool = True,
        container: type[Records] = Records,
    ) -> Records[M]:
        """Fetch a list endpoint as ``Records[model]`` (or ``container``) with its provenance."""
        rows, provenance = self.get(endpoint, params, require_rows=require_rows)
        items = _parse(model, rows, endpoint)
        kind = container if container is not Records else Records[model]  # type: ignore[valid-type]
        return kind(items=items, provenance=provenance)

    @property
    def notices(self) -> list[str]:
        """One-line notices about things that did not stop us but should be said (a damaged or
        unwritable cache, ...). Each was also raised as a Python warning."""
        return list(getattr(self._transport, "notices", []))

    def usage(self) -> dict[str, int]:
        """Counters so far (HTTP calls, cache hits, snapshot reads)."""
        return self.counter.snapshot()

    def usage_of(self, turn_id: str) -> dict[str, int]:
        """The counters of the calls made for one agent turn (the agent reads them once)."""
        return self.counter.of_turn(turn_id)

    def clear_cache(self) -> bool:
        """Empty the HTTP cache (the client keeps working); False if there is none."""
        cache = getattr(getattr(self.transport, "session", None), "cache", None)
        if cache is None:
            return False
        cache.clear()
        return True

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


#: The most rows a ``limit`` may ask for, per endpoint (more is clamped to it): statements and
#: metrics go back 30 years of quarters; lists of news, matches and companies are for reading.
MAX_LIMIT = {"news/stock": 100, "search-name": 50, "search-symbol": 50, "company-screener": 500}
DEFAULT_MAX_LIMIT = 120


def check_limit(value: Any, endpoint: str) -> int:
    """A ``limit`` as a whole number from 1 to the endpoint's maximum: larger is clamped, below 1
    (or not a whole number) raises ``InvalidParameterError`` with a message the model can act on."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    if number is None:
        raise InvalidParameterError(
            f"limit must be a whole number of rows (got {str(value)[:20]!r}); nothing was sent "
            f"for {endpoint}.",
            endpoint=endpoint,
        )
    if number < 1:
        raise InvalidParameterError(
            f"limit must be at least 1 (got {number}); nothing was sent for {endpoint}.",
            endpoint=endpoint,
        )
    return min(number, MAX_LIMIT.get(endpoint, DEFAULT_MAX_LIMIT))


def _parse(model: type[M], rows: list[dict[str, Any]], endpoint: str) -> list[M]:
    """Rows as models; a field FMP sent in an unexpected form is a response error, not a crash."""
    try:
        return [model.model_validate(row) for row in rows]
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        symbol = rows[0].get("symbol") if rows and isinstance(rows[0], dict) else None
        raise FMPResponseError(
            f"FMP sent malformed data for {endpoint}"
            + (f" ({symbol})" if symbol else "")
            + f": field {where!r}: {first['msg']}.",
            endpoint=endpoint,
            symbol=symbol,
        ) from None


def _param(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


_default: FMPClient | None = None
_default_lock = threading.Lock()


def default_client() -> FMPClient:
    """The client tools use when none is passed: built once from the environment."""
    global _default
    with _default_lock:
        if _default is None:
            _default = FMPClient()
        return _default


def set_default_client(client: FMPClient | None) -> None:
    """Replace (or, with ``None``, forget) the default client, e.g. in tests or notebooks."""
    global _default
    with _default_lock:
        _default = client
