"""Atomic market-data tools: quote, profile, daily prices, peers, news, search, screener, sectors.

Each is a plain typed function whose signature and docstring become the LLM tool schema; each
returns Pydantic models that carry their provenance. ``client`` is injected, never chosen by the
model: by default the shared client built from the environment.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from .client import FMPClient, default_client
from .models import (
    NewsItem,
    Peer,
    PriceBar,
    PriceHistory,
    Profile,
    Quote,
    Records,
    ScreenerResult,
    Sector,
    SymbolSearchResult,
)
from .symbols import normalize_symbols


def get_quote(symbol: str, *, client: FMPClient | None = None) -> Quote:
    """Latest price quote for one stock: price, day change, volume, 52-week range, market cap.

    Args:
        symbol: Ticker symbol, e.g. AAPL or BRK-B.
    """
    return (client or default_client()).one(Quote, "quote", {"symbol": symbol})


def get_profile(symbol: str, *, client: FMPClient | None = None) -> Profile:
    """Company profile: name, sector, industry, exchange, market cap, employees.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return (client or default_client()).one(Profile, "profile", {"symbol": symbol})


def get_price_history(
    symbol: str,
    start: date | None = None,
    end: date | None = None,
    *,
    client: FMPClient | None = None,
) -> PriceHistory:
    """Daily price bars (open, high, low, close, volume) between two dates, newest first.

    Args:
        symbol: Ticker symbol.
        start: First day (YYYY-MM-DD); FMP's default window when omitted.
        end: Last day (YYYY-MM-DD); the latest bar when omitted.
    """
    params = {"symbol": symbol, "from": start, "to": end}
    return (client or default_client()).records(
        PriceBar, "historical-price-eod/full", params, container=PriceHistory
    )


def get_peers(symbol: str, *, client: FMPClient | None = None) -> Records[Peer]:
    """Companies FMP considers peers of a stock (same exchange, sector and size band).

    Args:
        symbol: Ticker symbol.
    """
    return (client or default_client()).records(Peer, "stock-peers", {"symbol": symbol})


def get_news(
    symbols: list[str],
    limit: int = 10,
    start: date | None = None,
    end: date | None = None,
    *,
    client: FMPClient | None = None,
) -> Records[NewsItem]:
    """Recent news articles about one or more stocks (headlines are third-party text).

    Args:
        symbols: Ticker symbols, e.g. ["AAPL", "MSFT"].
        limit: Maximum number of articles.
        start: Earliest publication day (YYYY-MM-DD).
        end: Latest publication day (YYYY-MM-DD).
    """
    params = {"symbols": normalize_symbols(symbols), "limit": limit, "from": start, "to": end}
    return (client or default_client()).records(NewsItem, "news/stock", params, require_rows=False)


def search_symbols(
    query: str,
    limit: int = 10,
    by: Literal["name", "symbol"] = "name",
    *,
    client: FMPClient | None = None,
) -> Records[SymbolSearchResult]:
    """Find ticker symbols by company name (e.g. "Microsoft" -> MSFT) or by ticker prefix.

    Args:
        query: Company name or part of it (by="name"), or the start of a ticker (by="symbol").
        limit: Maximum number of matches.
        by: Search company names or ticker symbols.
    """
    endpoint = "search-name" if by == "name" else "search-symbol"
    return (client or default_client()).records(
        SymbolSearchResult, endpoint, {"query": query.strip(), "limit": limit}, require_rows=False
    )


def screen_sector(
    sector: str,
    industry: str | None = None,
    limit: int = 10,
    min_market_cap: float | None = None,
    *,
    client: FMPClient | None = None,
) -> Records[ScreenerResult]:
    """Largest actively traded US-listed companies of a sector (and optionally an industry).

    Not in FMP's free plan (it answers 402: PlanRestrictedError) nor in the offline snapshot.

    Args:
        sector: One of FMP's 11 sectors, e.g. Technology, Financial Services, Healthcare.
        industry: An industry inside the sector, e.g. Semiconductors or Banks - Diversified.
        limit: Maximum number of companies.
        min_market_cap: Smallest market cap in US dollars, e.g. 10000000000 for $10B.
    """
    params = {
        "sector": sector,
        "industry": industry,
        "limit": limit,
        "marketCapMoreThan": int(min_market_cap) if min_market_cap else None,
        "isEtf": "false",
        "isFund": "false",
        "isActivelyTrading": "true",
        "country": "US",
    }
    found = (client or default_client()).records(
        ScreenerResult, "company-screener", params, require_rows=False
    )
    found.items.sort(key=lambda row: -(row.market_cap or 0))
    return found


def get_sectors(*, client: FMPClient | None = None) -> Records[Sector]:
    """The names of FMP's sectors (11 of them), for use with screen_sector."""
    return (client or default_client()).records(Sector, "available-sectors")
