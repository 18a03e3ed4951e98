"""Client-side budget for FMP calls: a token bucket per minute and a counter per day.

FMP plans allow 300/750/3,000 calls a minute (the free plan 250 a day). The bucket holds a full
minute's budget, so a burst — one parallel round of a comparison — goes out at once, and only a
sustained stream is slowed to the plan's rate. The counter records what each question cost and,
persisted per day in the cache folder, how much of a daily quota is left.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from finagent.scope import current_scope


class TokenBucket:
    """Thread-safe token bucket: ``capacity`` tokens, refilled at ``per_minute`` a minute."""

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("calls per minute must be positive")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._tokens = self.capacity
        self._clock, self._sleep = clock, sleep
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, waiting if the bucket is empty; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return waited
                wait = (1 - self._tokens) / self.rate
            self._sleep(wait)
            waited += wait


class CallCounter:
    """Counts HTTP calls, cache hits and snapshot reads; persists today's HTTP calls to a file.

    ``snapshot()`` returns plain counters so callers (the agent's usage meter) can diff them.
    """

    def __init__(self, state_file: Path | None = None, daily_limit: int | None = None) -> None:
        self.http_calls = 0
        self.cache_hits = 0
        self.snapshot_reads = 0
        self.daily_limit = daily_limit
        self._state_file = state_file
        self._lock = threading.Lock()
        self._by_turn: dict[str, dict[str, int]] = {}
        self._day, self._today = date.today().isoformat(), 0
        if state_file is not None and state_file.is_file():
            try:
                state = json.loads(state_file.read_text())
                if state.get("date") == self._day:
                    self._today = int(state.get("calls", 0))
            except (ValueError, OSError):
                pass

    def reserve(self) -> bool:
        """Count one HTTP call about to be sent, or return False (counting nothing) when today's
        calls already reached ``daily_limit``. Today's count is re-read from the state file
        first, so clients of this and other processes sharing the folder add up."""
        with self._lock:
            day = date.today().isoformat()
            if day != self._day:
                self._day, self._today = day, 0
            self._merge_state()
            if self.daily_limit is not None and self._today >= self.daily_limit:
                return False
            self.http_calls += 1
            self._bill("fmp_calls", 1)
            self._today += 1
            self._persist()
            return True

    def release(self) -> None:
        """Give back a reserved call that got no answer (the connection failed)."""
        with self._lock:
            self.http_calls = max(0, self.http_calls - 1)
            self._bill("fmp_calls", -1)
            self._today = max(0, self._today - 1)
            self._persist()

    def _merge_state(self) -> None:
        if self._state_file is None:
            return
        try:
            state = json.loads(self._state_file.read_text())
            if state.get("date") == self._day:
                self._today = max(self._today, int(state.get("calls", 0)))
        except (ValueError, OSError, TypeError, AttributeError):
            pass

    def record_http(self) -> None:
        with self._lock:
            self.http_calls += 1
            self._bill("fmp_calls", 1)
            day = date.today().isoformat()
            if day != self._day:
                self._day, self._today = day, 0
            self._today += 1
            self._persist()

    def record_cache_hit(self) -> None:
        with self._lock:
            self.cache_hits += 1
            self._bill("fmp_cache_hits", 1)

    def record_snapshot_read(self) -> None:
        with self._lock:
            self.snapshot_reads += 1
            self._bill("snapshot_reads", 1)

    @property
    def calls_today(self) -> int:
        return self._today if date.today().isoformat() == self._day else 0

    @property
    def remaining_today(self) -> int | None:
        return None if self.daily_limit is None else max(0, self.daily_limit - self.calls_today)

    def _bill(self, counter: str, n: int) -> None:
        """Count for the agent turn this call works for (so a cancelled turn's late calls are
        never billed to the next one). Called under the lock."""
        scope = current_scope()
        if scope is not None:
            if scope.turn_id not in self._by_turn and len(self._by_turn) >= 100:
                self._by_turn.pop(next(iter(self._by_turn)))  # turns never read (cancelled)
            counts = self._by_turn.setdefault(scope.turn_id, {})
            counts[counter] = counts.get(counter, 0) + n
            if scope.prefetch and counter == "fmp_calls":
                counts["fmp_prefetch_calls"] = counts.get("fmp_prefetch_calls", 0) + n

    def of_turn(self, turn_id: str) -> dict[str, int]:
        """The counters billed to one turn (popped: a turn reads them once, when it ends)."""
        with self._lock:
            return self._by_turn.pop(turn_id, {})

    def snapshot(self) -> dict[str, int]:
        return {
            "fmp_calls": self.http_calls,
            "fmp_cache_hits": self.cache_hits,
            "snapshot_reads": self.snapshot_reads,
        }

    def _persist(self) -> None:
        if self._state_file is None:
            return
        try:
            self._state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._state_file.with_suffix(".tmp")
            tmp.write_text(json.dumps({"date": self._day, "calls": self._today}))
            tmp.replace(self._state_file)
        except OSError:
            pass  # a read-only cache folder must not break data access
