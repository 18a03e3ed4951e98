"""The live transport: FMP's stable API over HTTP, with cache, retries, rate limit and
de-duplication.

- One session whose connection pool is sized to the client's concurrency, so parallel calls reuse
  connections instead of opening new ones (requests' ``Session`` carries no per-call state here:
  no cookies, no auth object — the key is a per-request header).
- Bounded retries with exponential backoff on 429, 5xx and connection errors; ``Retry-After`` is
  honoured when FMP sends it, up to ``max_retry_wait`` (a daily quota is not worth waiting for).
- A deadline per call (``deadline`` seconds, ``FMP_CALL_DEADLINE``, default 20): attempts, read
  timeouts, backoff and ``Retry-After`` waits together never exceed it; past it the call fails
  with ``FMPDeadlineError``, which names the call and the time spent.
- Identical requests in flight at the same time share one HTTP call (single flight): the cache
  only helps once the first answer is stored.
- A plan refusal (402/403: "not in your plan") is remembered for the transport's life and given
  again without a call: the plan does not change mid-session, and each ask costs quota. Other
  errors (rate limits, 5xx, timeouts) are never remembered.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from finagent.errors import TurnCancelled
from finagent.guard import check_real_request
from finagent.scope import current_scope

from .cache import cached_session, ttl_for
from .errors import (
    FMPConnectionError,
    FMPDeadlineError,
    FMPError,
    FMPQuotaExceededError,
    FMPTimeoutError,
    PlanRestrictedError,
    classify_response,
)
from .ratelimit import CallCounter, TokenBucket
from .transport import Fetched

log = logging.getLogger(__name__)
USER_AGENT = "finagent/0.1 (+https://github.com/finagent)"


class HttpTransport:
    source = "fmp"

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        *,
        cache_dir: Path | None,
        counter: CallCounter,
        calls_per_minute: int = 300,
        timeout: tuple[float, float] = (5.0, 30.0),
        max_retries: int = 3,
        backoff: float = 0.5,
        max_retry_wait: float = 30.0,
        pool_size: int = 32,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float = 20.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.counter = counter
        self.timeout, self.max_retries = timeout, max_retries
        self.backoff, self.max_retry_wait = backoff, max_retry_wait
        self._sleep, self._clock = sleep, clock
        self.deadline = deadline
        self.limiter = TokenBucket(calls_per_minute, sleep=sleep)
        self._notices: list[str] = []
        session = cached_session(cache_dir, self._notices) if cache_dir is not None else None
        self.session = session if session is not None else requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_size)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        self._inflight: dict[tuple[str, tuple[tuple[str, str], ...]], Future[Fetched]] = {}
        self._inflight_lock = threading.Lock()
        self._refused: dict[tuple[str, tuple[tuple[str, str], ...]], PlanRestrictedError] = {}

    def __repr__(self) -> str:  # never show the key
        return f"HttpTransport(base_url={self.base_url!r}, cached={self.cached})"

    @property
    def cached(self) -> bool:
        return hasattr(self.session, "cache")

    @property
    def notices(self) -> list[str]:
        """One line per problem with the cache (corrupt, unwritable) met so far; none stops us."""
        later = getattr(getattr(self.session, "cache", None), "notices", [])
        return self._notices + [n for n in later if n not in self._notices]

    def fetch(self, endpoint: str, params: dict[str, str], *, symbol: str | None) -> Fetched:
        key = (endpoint, tuple(sorted(params.items())))
        with self._inflight_lock:
            refused = self._refused.get(key)
            if refused is not None:
                raise copy.copy(refused).with_traceback(None)
            pending = self._inflight.get(key)
            leader = pending is None
            if leader:
                pending = self._inflight[key] = Future()
        if not leader:
            return pending.result()
        try:
            result = self._fetch_with_retries(endpoint, params, symbol)
        except BaseException as exc:
            if isinstance(exc, PlanRestrictedError):
                with self._inflight_lock:
                    self._refused[key] = exc
            pending.set_exception(exc)
            raise
        else:
            pending.set_result(result)
            return result
        finally:
            with self._inflight_lock:
                del self._inflight[key]

    def _fetch_with_retries(
        self, endpoint: str, params: dict[str, str], symbol: str | None
    ) -> Fetched:
        started = self._clock()
        end = started + self.deadline
        error: FMPError | None = None
        scope = current_scope()
        for attempt in range(self.max_retries + 1):
            if scope is not None and scope.cancelled:  # the question was cancelled: send nothing
                raise TurnCancelled("Turn cancelled; no more data is fetched for it.")
            remaining = end - self._clock()
            if remaining <= 0:
                raise self._out_of_time(endpoint, symbol, attempt, started, error)
            rows, error, response = self._attempt(endpoint, params, symbol, remaining)
            if error is None:
                return self._fetched(rows, response)
            delay = (
                error.retry_after if error.retry_after is not None else self.backoff * 2**attempt
            )
            if not error.retryable or attempt == self.max_retries or delay > self.max_retry_wait:
                if attempt and self._clock() >= end and isinstance(error, FMPTimeoutError):
                    raise self._out_of_time(endpoint, symbol, attempt + 1, started, error)
                raise error
            if self._clock() + delay >= end:  # waiting would overrun the deadline: stop now
                wait = delay if self._clock() < end else None
                raise self._out_of_time(endpoint, symbol, attempt + 1, started, error, wait)
            log.info("retrying %s in %.1fs after: %s", endpoint, delay, error)
            self._sleep(delay)
        raise AssertionError("unreachable")

    def _out_of_time(
        self,
        endpoint: str,
        symbol: str | None,
        attempts: int,
        started: float,
        last: FMPError | None,
        wait: float | None = None,
    ) -> FMPDeadlineError:
        where = f"{endpoint} for {symbol}" if symbol else endpoint
        spent = self._clock() - started
        asked = last is not None and last.retry_after is not None
        why = (
            f"waiting {wait:g}s more{' (as FMP asked)' if asked else ''} would pass the "
            f"{self.deadline:g}s deadline"
            if wait is not None
            else f"the {self.deadline:g}s deadline passed"
        )
        last_text = f" Last answer: {last}" if last is not None else ""
        error = FMPDeadlineError(
            f"FMP call {where} gave up after {spent:.1f}s and {attempts} attempt"
            f"{'s' if attempts != 1 else ''}: {why} (FMP_CALL_DEADLINE, retries and waits "
            f"included).{last_text}",
            endpoint=endpoint,
            symbol=symbol,
            status=last.status if last is not None else None,
        )
        error.__cause__ = last
        return error

    def _attempt(
        self, endpoint: str, params: dict[str, str], symbol: str | None, remaining: float
    ) -> tuple[list[Any] | None, FMPError | None, Any]:
        url = f"{self.base_url}/{endpoint}"
        check_real_request("FMP", url)
        headers = {"apikey": self._api_key} if self._api_key else {}
        # No redirects: requests would re-send the apikey header to wherever a 3xx points.
        kwargs: dict[str, Any] = {
            "params": params,
            "headers": headers,
            # a read timeout longer than the time left would let one stuck attempt overrun it
            "timeout": (min(self.timeout[0], remaining), min(self.timeout[1], remaining)),
            "allow_redirects": False,
        }
        if self.cached:
            kwargs["expire_after"] = ttl_for(endpoint, params)
            hit = self.session.get(url, only_if_cached=True, **kwargs)
            # a hit costs no rate-limit token and no FMP call; a miss is a synthetic 504
            if hit.from_cache and hit.status_code != 504:
                self.counter.record_cache_hit()
                return self._classify(hit, endpoint, symbol)
        if not self.counter.reserve():  # FMP_DAILY_LIMIT: stop before the quota is exceeded
            return None, self._quota_spent(endpoint, symbol), None
        self.limiter.acquire()
        try:
            response = self.session.get(url, **kwargs)
        except requests.Timeout:
            self.counter.release()
            return (
                None,
                FMPTimeoutError(
                    f"FMP did not answer {endpoint} within {kwargs['timeout'][1]:.1f}s. Check the "
                    "connection or try again.",
                    endpoint=endpoint,
                    symbol=symbol,
                ),
                None,
            )
        except requests.RequestException as exc:
            self.counter.release()
            reason = type(exc).__name__
            return (
                None,
                FMPConnectionError(
                    f"Could not reach FMP at {self.base_url} for {endpoint} ({reason}). Check the "
                    "network, or run offline on the bundled snapshot.",
                    endpoint=endpoint,
                    symbol=symbol,
                ),
                None,
            )
        return self._classify(response, endpoint, symbol)

    def _quota_spent(self, endpoint: str, symbol: str | None) -> FMPQuotaExceededError:
        where = f"{endpoint} for {symbol}" if symbol else endpoint
        today, limit = self.counter.calls_today, self.counter.daily_limit
        return FMPQuotaExceededError(
            f"FMP daily limit reached: {today} of {limit} calls made today (FMP_DAILY_LIMIT), so "
            f"{where} was not sent. Cached answers still work; the count starts again tomorrow "
            "(raise FMP_DAILY_LIMIT if your plan allows more).",
            calls_today=today,
            daily_limit=limit,
            endpoint=endpoint,
            symbol=symbol,
        )

    def _classify(
        self, response: Any, endpoint: str, symbol: str | None
    ) -> tuple[list[Any] | None, FMPError | None, Any]:
        rows, error = classify_response(
            response.status_code,
            response.content,
            response.headers,
            endpoint=endpoint,
            symbol=symbol,
            has_key=bool(self._api_key),
        )
        return rows, error, response

    @staticmethod
    def _fetched(rows: list[Any] | None, response: Any) -> Fetched:
        from_cache = bool(getattr(response, "from_cache", False))
        created = getattr(response, "created_at", None) if from_cache else None
        retrieved = (
            created.replace(tzinfo=timezone.utc)
            if created and created.tzinfo is None
            else created or datetime.now(timezone.utc)
        )
        return Fetched(
            rows=rows or [], as_of=retrieved.date(), retrieved_at=retrieved, from_cache=from_cache
        )

    def close(self) -> None:
        self.session.close()
