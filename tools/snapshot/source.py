"""Serve the bundled snapshot in FMP's stable response shapes.

Endpoints the snapshot lacks are derived from what it has only where that is exact — a quote
from the last daily bar, the sector list from the dated company list, name search from the same
list — and otherwise answer ``NotInSnapshotError`` with a plain reason. Nothing is invented.
"""

from __future__ import annotations

import gzip
import json
import threading
from datetime import date, datetime, time, timedelta, timezone
from importlib import resources
from typing import Any

from ..errors import NotInSnapshotError
from ..ratelimit import CallCounter
from ..transport import Fetched
from .universe import ALIASES, UNIVERSE_AS_OF, load_universe

_DATA = resources.files(__package__).joinpath("data")
_MANIFEST = json.loads(_DATA.joinpath("manifest.json").read_text())
SNAPSHOT_AS_OF = date.fromisoformat(_MANIFEST["as_of"])
PROFILE_AS_OF = date.fromisoformat(_MANIFEST["profile_as_of"])
STATEMENTS = ("income-statement", "balance-sheet-statement", "cash-flow-statement")
PRICE_FIELDS = ("date", "open", "high", "low", "close", "volume", "adjClose")
# The last bar closed at 16:00 New York time, which on 2024-03-08 was EST (UTC-5).
MARKET_CLOSE = datetime.combine(SNAPSHOT_AS_OF, time(16, 0), timezone(timedelta(hours=-5)))


def later_splits(symbol: str) -> list[tuple[date, float]]:
    """Splits after the as-of date that the bundled prices and EPS are adjusted for, as (date,
    ratio): NVDA's 10-for-1 of 2024-06-10 (it traded at $875.28 on 2024-03-08, $87.53 here)."""
    rows = _MANIFEST.get("splits_after_as_of", {}).get(symbol, [])
    return [(date.fromisoformat(row["date"]), float(row["ratio"])) for row in rows]


def snapshot_symbols() -> tuple[str, ...]:
    """The 26 companies with full data in the snapshot."""
    return tuple(_MANIFEST["symbols"])


class SnapshotTransport:
    source = "snapshot"

    def __init__(self, counter: CallCounter | None = None) -> None:
        self.counter = counter or CallCounter()
        self._companies: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SnapshotTransport(as_of={SNAPSHOT_AS_OF})"

    def fetch(self, endpoint: str, params: dict[str, str], *, symbol: str | None) -> Fetched:
        self.counter.record_snapshot_read()
        handler = _HANDLERS.get(endpoint)
        if handler is None:
            raise NotInSnapshotError(
                f"{endpoint} is not in the offline snapshot (it holds profiles, annual statements "
                f"and daily prices as of {SNAPSHOT_AS_OF}). Set FMP_API_KEY for live data.",
                endpoint=endpoint,
                symbol=symbol,
            )
        rows, as_of = handler(self, params, endpoint)
        retrieved = MARKET_CLOSE.astimezone(timezone.utc)
        return Fetched(rows=rows, as_of=as_of, retrieved_at=retrieved)

    def close(self) -> None:
        pass

    # --- data --------------------------------------------------------------------------------

    def company(self, symbol: str, endpoint: str) -> dict[str, Any]:
        if symbol not in _MANIFEST["symbols"]:
            raise NotInSnapshotError(
                f"The offline snapshot has no data for {symbol}: it covers "
                f"{len(_MANIFEST['symbols'])} large US companies ({', '.join(snapshot_symbols())})."
                " Set FMP_API_KEY for live data on any symbol.",
                endpoint=endpoint,
                symbol=symbol,
            )
        with self._lock:
            if symbol not in self._companies:
                raw = _DATA.joinpath(f"{symbol}.json.gz").read_bytes()
                self._companies[symbol] = json.loads(gzip.decompress(raw))
            return self._companies[symbol]

    def _profile(self, params: dict[str, str], endpoint: str) -> tuple[list[dict], date]:
        return [dict(self.company(params["symbol"], endpoint)["profile"])], PROFILE_AS_OF

    def _statement(self, params: dict[str, str], endpoint: str) -> tuple[list[dict], date]:
        if params.get("period", "annual").lower() not in ("annual", "fy"):
            raise NotInSnapshotError(
                f"Quarterly {endpoint} is not in the offline snapshot (annual statements only). "
                "Set FMP_API_KEY for live data.",
                endpoint=endpoint,
                symbol=params["symbol"],
            )
        rows = self.company(params["symbol"], endpoint)[endpoint]
        limit = int(params.get("limit", len(rows)))
        return [dict(row) for row in rows[:limit]], SNAPSHOT_AS_OF

    def _bars(self, symbol: str, endpoint: str) -> list[dict[str, Any]]:
        prices = self.company(symbol, endpoint)["prices"]
        return [
            dict(zip(PRICE_FIELDS, values)) | {"symbol": symbol}
            for values in zip(*(prices[field] for field in PRICE_FIELDS))
        ]

    def _history(self, params: dict[str, str], endpoint: str) -> tuple[list[dict], date]:
        start, end = params.get("from", ""), params.get("to", "9999")
        bars = self._bars(params["symbol"], endpoint)
        rows = [bar for bar in bars if start <= bar["date"] <= end]
        if not rows:
            raise NotInSnapshotError(
                f"The offline snapshot has daily prices for {params['symbol']} from "
                f"{bars[-1]['date']} to {bars[0]['date']} only (asked {start or '...'} to "
                f"{end if end != '9999' else '...'}). Set FMP_API_KEY for live data.",
                endpoint=endpoint,
                symbol=params["symbol"],
            )
        return rows, SNAPSHOT_AS_OF

    def _quote(self, params: dict[str, str], endpoint: str) -> tuple[list[dict], date]:
        symbol = params["symbol"]
        bars = self._bars(symbol, endpoint)  # newest first
        last, previous = bars[0], bars[1]
        year_ago = SNAPSHOT_AS_OF.replace(year=SNAPSHOT_AS_OF.year - 1).isoformat()
        year = [bar for bar in bars if bar["date"] > year_ago]
        closes = [bar["close"] for bar in bars]
        profile = self.company(symbol, endpoint)["profile"]
        # Market cap on the as-of day: shares implied by the dated profile (cap / price on
        # 2024-03-06) times the as-of close. Exact as long as the share count did not change.
        implied_shares = profile["marketCap"] / profile["price"]
        quote = {
            "symbol": symbol,
            "name": profile["companyName"],
            "price": last["close"],
            "change": last["close"] - previous["close"],
            "changePercentage": (last["close"] / previous["close"] - 1) * 100,
            "volume": last["volume"],
            "dayLow": last["low"],
            "dayHigh": last["high"],
            "yearHigh": max(bar["high"] for bar in year),
            "yearLow": min(bar["low"] for bar in year),
            "marketCap": implied_shares * last["close"],
            "priceAvg50": sum(closes[:50]) / 50,
            "priceAvg200": sum(closes[:200]) / 200,
            "exchange": profile["exchange"],
            "open": last["open"],
            "previousClose": previous["close"],
            "timestamp": int(MARKET_CLOSE.timestamp()),
        }
        return [quote], SNAPSHOT_AS_OF

    def _search(self, params: dict[str, str], endpoint: str) -> tuple[list[dict], date]:
        query = params.get("query", "").strip().lower()
        limit = int(params.get("limit", 10))
        companies = load_universe()
        if endpoint == "search-symbol":
            hits = [c for c in companies if c.symbol.lower().startswith(query)]
        else:  # by name, or by an everyday name ("google" finds Alphabet's GOOGL)
            aliased = {
                symbol for alias, symbol in ALIASES.items() if query and alias.startswith(query)
            }
            hits = [
                c for c in companies if query and (query in c.name.lower() or c.symbol in aliased)
            ]
        rows = [
            {
                "symbol": c.symbol,
                "name": c.name,
                "currency": "USD",
                "exchangeFullName": c.exchange_full_name,
                "exchange": c.exchange,
            }
            for c in hits[:limit]
        ]
        return rows, UNIVERSE_AS_OF

    def _sectors(self, params: dict[str, str], endpoint: str) -> tuple[list[dict], date]:
        sectors = sorted({c.sector for c in load_universe()})
        return [{"sector": sector} for sector in sectors], UNIVERSE_AS_OF


_HANDLERS = {
    "profile": SnapshotTransport._profile,
    "quote": SnapshotTransport._quote,
    "historical-price-eod/full": SnapshotTransport._history,
    "search-name": SnapshotTransport._search,
    "search-symbol": SnapshotTransport._search,
    "available-sectors": SnapshotTransport._sectors,
    **{kind: SnapshotTransport._statement for kind in STATEMENTS},
}
