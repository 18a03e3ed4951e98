"""The dated company list: 502 S&P 500 members with sector, industry and market cap on 2024-03-06.

It serves name-to-ticker resolution offline and is the fallback list of large caps per sector or
industry when the FMP screener is not in the user's plan (the free plan answers 402).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

_DATA = resources.files(__package__).joinpath("data")
UNIVERSE_AS_OF = date.fromisoformat(
    json.loads(_DATA.joinpath("manifest.json").read_text())["universe_as_of"]
)
#: everyday names of companies that their listed names do not contain ("Google" is Alphabet)
ALIASES = {
    "google": "GOOGL",
    "alphabet": "GOOGL",
    "facebook": "META",
    "meta": "META",
    "jp morgan": "JPM",
    "j p morgan": "JPM",
    "jpmorgan": "JPM",
    "chase": "JPM",
    "citi": "C",
    "citigroup": "C",
    "conoco": "COP",
    "wells": "WFC",
    "lilly": "LLY",
    "eli lilly": "LLY",
    "exxon": "XOM",
    "bofa": "BAC",
    "goldman": "GS",
    "schlumberger": "SLB",
    "j&j": "JNJ",
    "nvidia": "NVDA",
    "amazon": "AMZN",
    "tesla": "TSLA",
    "berkshire": "BRK-B",
    "apple": "AAPL",
    "microsoft": "MSFT",
}
EXCHANGES = {
    "NMS": ("NASDAQ", "NASDAQ Global Select"),
    "NYQ": ("NYSE", "New York Stock Exchange"),
    "NGM": ("NASDAQ", "NASDAQ Global Market"),
    "NCM": ("NASDAQ", "NASDAQ Capital Market"),
    "BTS": ("CBOE", "CBOE BZX"),
}


@dataclass(frozen=True)
class UniverseCompany:
    symbol: str
    name: str
    sector: str
    industry: str
    exchange: str
    exchange_full_name: str
    price: float
    market_cap: float


@lru_cache(maxsize=1)
def load_universe() -> tuple[UniverseCompany, ...]:
    """All companies of the dated list, largest market cap first."""
    raw = _DATA.joinpath(f"sp500-{UNIVERSE_AS_OF}.csv.gz").read_bytes()
    rows = csv.DictReader(io.StringIO(gzip.decompress(raw).decode()))
    companies = []
    for row in rows:
        short, full = EXCHANGES.get(row["exchange"], (row["exchange"], row["exchange"]))
        companies.append(
            UniverseCompany(
                row["symbol"],
                row["name"],
                row["sector"],
                row["industry"],
                short,
                full,
                float(row["price"]),
                float(row["marketCap"]),
            )
        )
    return tuple(sorted(companies, key=lambda c: -c.market_cap))
