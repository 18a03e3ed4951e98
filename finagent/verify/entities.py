"""Which companies a text names: tickers, company names and their short forms.

The verifier imports nothing from the app: whoever calls it passes the names it knows,
``{"MSFT": ["Microsoft Corporation"], ...}``; short forms ("Exxon", "JPMorgan", "Lilly") are
derived here from the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_LEGAL = re.compile(
    r",?\s+(?:inc\.?|incorporated|corporation|corp\.?|company|co\.?|& co\.?|limited|ltd\.?"
    r"|plc|group|holdings?|n\.v\.|s\.a\.|ag|se|l\.p\.)(?=$|[\s,])",
    re.IGNORECASE,
)
#: words that never name a company on their own
_GENERIC = {
    "the",
    "bank",
    "general",
    "american",
    "first",
    "united",
    "advanced",
    "eli",
    "international",
    "national",
    "platforms",
    "devices",
    "systems",
    "technologies",
    "financial",
    "energy",
    "health",
    "group",
    "and",
    "of",
}
#: well-known short names a company name does not contain
NICKNAMES = {
    "alphabet": ["Google"],
    "bank of america": ["BofA", "BoA"],
    "johnson & johnson": ["J&J", "JNJ"],
    "conocophillips": ["Conoco"],
    "schlumberger": ["SLB"],
    "meta platforms": ["Facebook"],
    "exxon mobil": ["ExxonMobil"],
    "berkshire hathaway": ["Berkshire"],
    "citigroup": ["Citi"],
    "procter & gamble": ["P&G"],
    "american express": ["AmEx", "Amex"],
}
#: the sector or peer median (``median.pe``), named as such
MEDIAN = re.compile(r"\bmedians?\b|\bpeers?\b|\bpeer group\b|\bsector\b|\bindustry\b", re.I)


def short_names(name: str) -> list[str]:
    """``"Exxon Mobil Corporation"`` -> ["Exxon Mobil Corporation", "Exxon Mobil", "Exxon",
    "Mobil", "ExxonMobil"]."""
    names = [name.strip()]
    core = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    for _ in range(3):
        core = re.sub(r"\s+(?:and|&)$", "", _LEGAL.sub("", core).strip(" ,"))
    names.append(core)
    words = core.split()
    if len(words) > 1 and len(words[0]) >= 3 and words[0].lower() not in _GENERIC:
        names.append(words[0])
    if len(words) == 2 and len(words[1]) >= 4 and words[1].lower() not in _GENERIC:
        names.append(words[1])
    names += NICKNAMES.get(core.lower(), [])
    return list(dict.fromkeys(n for n in names if n))


class Entities:
    """Finds the companies (tickers) a text names."""

    def __init__(self, tickers: Iterable[str], names: Mapping[str, Iterable[str]] | None = None):
        self.tickers = set(tickers)
        patterns: list[tuple[re.Pattern[str], str]] = []
        for ticker in sorted(self.tickers):
            if ticker == "median":
                continue
            patterns.append(
                (re.compile(rf"(?<![A-Za-z0-9]){re.escape(ticker)}(?![A-Za-z0-9])"), ticker)
            )
        for ticker, aliases in (names or {}).items():
            if isinstance(aliases, str):
                aliases = [aliases]
            for alias in {s for name in aliases for s in short_names(name)}:
                flags = re.IGNORECASE if len(alias) > 4 else 0
                patterns.append(
                    (
                        re.compile(rf"(?<![A-Za-z0-9]){re.escape(alias)}(?![A-Za-z0-9])", flags),
                        ticker,
                    )
                )
        self.patterns = patterns
        self._found: dict[str, list[tuple[int, str]]] = {}  # (an answer asks of a text often)

    def find(self, text: str) -> list[tuple[int, str]]:
        """(position, ticker) of every company named in ``text``, in order."""
        if text not in self._found:
            found: dict[int, str] = {}
            for pattern, ticker in self.patterns:
                for match in pattern.finditer(text):
                    found.setdefault(match.start(), ticker)
            self._found[text] = sorted(found.items())
        return list(self._found[text])

    def end(self, text: str, at: int) -> int:
        """Where the longest company name starting at ``at`` ends (``at`` if none does)."""
        ends = [m.end() for pattern, _ in self.patterns if (m := pattern.match(text, at))]
        return max(ends, default=at)

    def named(self, text: str) -> set[str]:
        return {ticker for _, ticker in self.find(text)}
