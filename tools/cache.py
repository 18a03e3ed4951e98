"""The persistent HTTP cache: requests-cache with per-kind lifetimes, keyed without the API key.

The key travels in the ``apikey`` header; naming it in ``ignored_parameters`` keeps it out of
cache keys *and* strips it from the stored request, so no cache file ever contains it. Only
HTTP 200 answers that are JSON arrays are stored: FMP's ``{"Error Message": ...}`` objects come
with status 200 too, and an error must never be served again from the cache.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

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


def cached_session(cache_dir: Path) -> Any:
    """A ``CachedSession`` backed by SQLite (WAL, so parallel readers don't block the writer)."""
    from requests_cache import CachedSession, SQLiteCache

    cache_dir.mkdir(parents=True, exist_ok=True)
    backend = SQLiteCache(cache_dir / CACHE_FILE, wal=True)
    return CachedSession(
        backend=backend,
        expire_after=DEFAULT_TTL,
        allowable_codes=(200,),
        allowable_methods=("GET",),
        ignored_parameters=["apikey"],
        filter_fn=is_cacheable,
        match_headers=False,
        stale_if_error=False,
    )


def clear_cache(cache_dir: Path) -> bool:
    """Delete the cache file(s); returns whether anything was removed."""
    removed = False
    for path in cache_dir.glob(CACHE_FILE + "*"):
        path.unlink(missing_ok=True)
        removed = True
    return removed
