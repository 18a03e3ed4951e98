"""The persistent HTTP cache: requests-cache with per-kind lifetimes, keyed without the API key.

The key travels in the ``apikey`` header; naming it in ``ignored_parameters`` keeps it out of
cache keys *and* strips it from the stored request, so no cache file ever contains it. Only
HTTP 200 answers that are JSON arrays are stored: FMP's ``{"Error Message": ...}`` objects come
with status 200 too, and an error must never be served again from the cache.

One cache file is one backend per process: every client on the same folder shares it (one
connection, writes serialised in the process), so many agents on one folder do not fight over
SQLite's file lock. SQLite waits at most ~100 ms for a lock another *process* holds; a write that
still cannot get it is skipped (it is only a cache), and a read that cannot is a miss.

The cache must never stop an answer. A file that is not a database, or whose pages are
corrupt, is moved aside (``fmp-http-cache.sqlite.broken-<time>``) and a fresh one is started; a
folder that cannot be created or written means no cache for this run. Each such event is one
line in ``notices`` and a ``FMPCacheWarning`` (a ``UserWarning``), and the answer goes on.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MINUTE, HOUR, DAY = 60, 3600, 86400

#: Lifetime of a cached answer per endpoint, in seconds. Prices that closed long ago never change.
TTL_BY_ENDPOINT: dict[str, int] = {
    "quote": MINUTE,
    "batch-quote": MINUTE,
    "news/stock": 15 * MINUTE,
    "profile": DAY,
    "income-statement": DAY,
    "balance-sheet-statement": DAY,
    "cash-flow-statement": DAY,
    "key-metrics": DAY,
    "key-metrics-ttm": DAY,
    "ratios": DAY,
    "ratios-ttm": DAY,
    "analyst-estimates": DAY,
    "price-target-consensus": DAY,
    "company-screener": DAY,
    "stock-peers": 7 * DAY,
    "available-sectors": 7 * DAY,
    "search-name": 7 * DAY,
    "search-symbol": 7 * DAY,
    "historical-price-eod/full": HOUR,
}
CLOSED_HISTORY_TTL = 30 * DAY
DEFAULT_TTL = HOUR
CACHE_FILE = "fmp-http-cache.sqlite"


def ttl_for(endpoint: str, params: dict[str, Any], today: date | None = None) -> int:
    """Seconds to keep an answer; a price history that ends before yesterday is closed for good."""
    if endpoint.startswith("historical-price-eod"):
        end = params.get("to")
        today = today or date.today()
        if end and str(end) < (today - timedelta(days=1)).isoformat():
            return CLOSED_HISTORY_TTL
    return TTL_BY_ENDPOINT.get(endpoint, DEFAULT_TTL)


def is_cacheable(response: Any) -> bool:
    """Store only non-empty JSON arrays: error objects (even with status 200) and HTML pages are
    not data, and an empty answer ("unknown symbol") may be a typo the user is about to fix."""
    body = (response.content or b"").strip()
    return body[:1] == b"[" and body.replace(b" ", b"") != b"[]"


#: How long SQLite waits for a lock held by another process (ms), and how long a cache write
#: keeps trying before it is skipped (s). Kept short: a cache must never be the slow part.
BUSY_TIMEOUT_MS = 100
WRITE_WAIT = 0.25


class FMPCacheWarning(UserWarning):
    """The HTTP cache could not be used as it was (corrupt, unwritable); finagent goes on."""


_warned: dict[Any, Any] = {}


def notice(notices: list[str], message: str) -> None:
    """Record a one-line notice and raise it as a ``FMPCacheWarning``. Python prints it once, on
    one line (``finagent:0: FMPCacheWarning: ...``: no source line follows, as there is none to
    show), and it can be filtered or turned into an error like any warning."""
    if message not in notices:
        notices.append(message)
    log.info("%s", message)  # --verbose shows it among the debug logs too
    warnings.warn_explicit(
        message, FMPCacheWarning, "finagent", 0, module="tools.cache", registry=_warned
    )


def _kind(exc: BaseException) -> str:
    """``busy`` (another writer; skip this once), ``corrupt`` (move the file aside) or ``broken``
    (the file or folder cannot be used: run without the cache)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        if any(word in text for word in ("malformed", "not a database", "encrypted", "corrupt")):
            return "corrupt"
    if any(word in text for word in ("malformed", "not a database")):
        return "corrupt"
    return "broken"


def _make_backend(path: Path) -> Any:
    """The SQLite backend, with bounded lock waits (requests-cache itself waits forever)."""
    from requests_cache import SQLiteCache
    from requests_cache.backends.sqlite import SQLiteDict

    class BoundedSQLiteDict(SQLiteDict):
        @contextlib.contextmanager
        def _acquire_sqlite_lock(self) -> Iterator[None]:
            with self._lock:
                give_up = time.monotonic() + WRITE_WAIT
                while True:
                    try:
                        self._connection.execute("BEGIN IMMEDIATE")
                        self._active_transaction = True
                        break
                    except sqlite3.OperationalError:
                        if time.monotonic() > give_up:
                            raise
                        time.sleep(0.002)
                try:
                    yield
                    self._connection.commit()
                except sqlite3.OperationalError:
                    self._connection.rollback()
                    raise
                finally:
                    self._active_transaction = False

    class Backend(SQLiteCache):
        def __init__(self, db_path: Path) -> None:
            # SQLiteCache.__init__ with our dicts; ``timeout`` is SQLite's busy timeout (s)
            super(SQLiteCache, self).__init__(cache_name=str(db_path))
            kw = {"wal": True, "timeout": BUSY_TIMEOUT_MS / 1000}
            self.responses = BoundedSQLiteDict(db_path, table_name="responses", **kw)
            self.redirects = BoundedSQLiteDict(
                db_path, table_name="redirects", lock=self.responses._lock, serializer=None, **kw
            )

    return Backend(path)


class SharedCache:
    """The one cache backend of a cache file in this process, safe against a broken file.

    It is what ``CachedSession`` calls (``get_response``, ``save_response``, ``delete``...); any
    SQLite failure in those becomes a miss or a skipped write instead of an exception.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []  # what went wrong while running (every client sees it)
        self.disabled = False
        self._lock = threading.Lock()
        self._backend = _make_backend(path)

    def __getattr__(self, name: str) -> Any:  # everything else (create_key, clear...) as is
        return getattr(self._backend, name)

    # CachedSession stores its settings on the backend
    @property
    def _settings(self) -> Any:
        return self._backend._settings

    @_settings.setter
    def _settings(self, value: Any) -> None:
        self._backend._settings = value

    def get_response(self, key: str, default: Any = None) -> Any:
        if self.disabled:
            return default
        try:
            return self._backend.get_response(key, default)
        except sqlite3.Error as exc:
            self._trouble(exc, "read")
            return default

    def save_response(self, response: Any, cache_key: Any = None, expires: Any = None) -> None:
        if self.disabled:
            return
        try:
            self._backend.save_response(response, cache_key, expires)
        except sqlite3.Error as exc:
            self._trouble(exc, "write")

    def delete(self, *keys: str, **kwargs: Any) -> None:
        """Delete entries; a key that is not stored costs a read, not a write transaction
        (requests-cache deletes the key of every uncacheable answer, hits and misses alike)."""
        if self.disabled:
            return
        try:
            if keys and not kwargs:
                keys = tuple(k for k in keys if self._backend.responses.get(k) is not None)
                if not keys:
                    return
            self._backend.delete(*keys, **kwargs)
        except sqlite3.Error as exc:
            self._trouble(exc, "delete")

    def clear(self) -> None:
        try:
            self._backend.clear()
        except (sqlite3.Error, OSError) as exc:
            self._trouble(exc, "clear")

    def close(self) -> None:
        """Shared: the clients' sessions never close it (see ``cached_session``)."""

    def _trouble(self, exc: BaseException, op: str) -> None:
        kind = _kind(exc)
        if kind == "busy":
            log.debug("cache %s skipped: %s", op, exc)
            return
        with self._lock:
            if self.disabled:
                return
            self.disabled = True
            _forget(self.path, self)
        if kind == "corrupt":
            aside = quarantine(self.path)
            where = f"moved aside to {aside.name}" if aside else "could not be moved aside"
            notice(
                self.notices,
                f"The FMP cache {self.path} is damaged ({exc}); it was {where}. Running without "
                "the cache until restart; the next start begins a fresh one.",
            )
        else:
            notice(
                self.notices,
                f"The FMP cache {self.path} failed ({exc}); running without the cache.",
            )


_shared: dict[Path, SharedCache] = {}
_shared_lock = threading.Lock()


def _forget(path: Path, cache: SharedCache) -> None:
    with _shared_lock:
        if _shared.get(path) is cache:
            del _shared[path]


def quarantine(path: Path) -> Path | None:
    """Move a broken cache file (and its WAL files) aside; returns where, or None."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    try:
        path.replace(target)
    except OSError:
        return None
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()
    return target


def shared_cache(cache_dir: Path, notices: list[str]) -> SharedCache | None:
    """The process's backend for the cache in ``cache_dir``, or None if it cannot be used.

    A file that is not a database is moved aside and a fresh one started; a folder that cannot
    be created or written gives None. Either way, a notice says so.
    """
    path = (Path(cache_dir).expanduser() / CACHE_FILE).absolute()
    with _shared_lock:
        cache = _shared.get(path)
        if cache is not None and not cache.disabled:
            return cache
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                cache = SharedCache(path)
            except OSError as exc:
                notice(
                    notices,
                    f"The FMP cache folder {path.parent} cannot be used ({exc.strerror or exc}); "
                    "running without the cache.",
                )
                return None
            except sqlite3.Error as exc:
                if _kind(exc) == "corrupt" and attempt == 0:
                    aside = quarantine(path)
                    if aside is not None:
                        notice(
                            notices,
                            f"The FMP cache {path} was not a usable database ({exc}); it was "
                            f"moved aside to {aside.name} and a fresh cache started.",
                        )
                        continue
                notice(notices, f"The FMP cache {path} cannot be used ({exc}); running without it.")
                return None
            _shared[path] = cache
            return cache
    return None


def cached_session(cache_dir: Path, notices: list[str] | None = None) -> Any:
    """A ``CachedSession`` on the shared SQLite backend of ``cache_dir`` (WAL, so readers don't
    block the writer), or None when the cache cannot be used (``notices`` says why)."""
    from requests_cache import CachedSession

    backend = shared_cache(cache_dir, notices if notices is not None else [])
    if backend is None:
        return None
    session = CachedSession(
        backend=backend._backend,
        expire_after=DEFAULT_TTL,
        allowable_codes=(200,),
        allowable_methods=("GET",),
        ignored_parameters=["apikey"],
        filter_fn=is_cacheable,
        match_headers=False,
        stale_if_error=False,
        autoclose=False,  # the backend is shared with the process's other clients
    )
    session.cache = backend  # every cache operation goes through the failure-safe wrapper
    return session


def clear_cache(cache_dir: Path) -> bool:
    """Delete the cache file(s); returns whether anything was removed."""
    path = (Path(cache_dir).expanduser() / CACHE_FILE).absolute()
    with _shared_lock:
        cache = _shared.get(path)
    if cache is not None:  # empty it in place: other clients of this process hold it open
        cache.clear()
    removed = False
    for path in cache_dir.glob(CACHE_FILE + "*"):
        if cache is not None and ".broken-" not in path.name:
            removed = True
            continue
        path.unlink(missing_ok=True)
        removed = True
    return removed
