"""Company names and tickers in free text -> symbols, offline (wiring: uses the dated S&P 500 list).

"Microsoft" -> MSFT, "Alphabet"/"Google" -> GOOGL (with a note: Alphabet has two share classes),
"$AMD" or "AMD" -> AMD. Used by the offline planner and the evaluation set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

SUFFIXES = re.compile(
    r"\b(inc|incorporated|corporation|corp|company|co|plc|ltd|limited|holdings?"
    r"|group|the|n\.?v|s\.?a|platforms|technologies)\b\.?"
)
COMMON_FIRST_WORDS = {
    "general",
    "american",
    "first",
    "united",
    "international",
    "bank",
    "capital",
    "southern",
    "public",
    "digital",
    "applied",
    "texas",
    "advanced",
    "global",
    "universal",
    "national",
    "western",
    "eastern",
    "northern",
    "central",
    "pacific",
    "atlantic",
    "marathon",
    "republic",
    "state",
    "church",
    "best",
    "live",
    "block",
    "match",
    "target",
    "equity",
    "realty",
    "principal",
    "progressive",
    "dominion",
    "consolidated",
    "old",
    "host",
    "baker",
    "arch",
    "energy",
    "health",
    "regions",
    "charles",
    "intercontinental",
    "exelon",
    "morgan",
}
from tools.snapshot.universe import ALIASES  # noqa: E402  (the data layer's table)

NOTES = {"GOOGL": "Alphabet has two share classes (GOOGL class A, GOOG class C); using GOOGL."}
STOP_TICKERS = {
    "A",
    "I",
    "IT",
    "ON",
    "ALL",
    "ARE",
    "BE",
    "CAN",
    "SO",
    "AN",
    "OR",
    "AND",
    "FOR",
    "NOW",
    "KEY",
    "LOW",
    "HAS",
    "BIG",
    "PE",
    "EPS",
    "FCF",
    "ROE",
    "CEO",
    "USA",
    "US",
    "AI",
    "EV",
    "YOY",
    "TTM",
    "FY",
    "Q",
    "OK",
    "VS",
    "ETF",
    "IPO",
    "GDP",
    "CAGR",
    "PB",
    "PS",
    "ROA",
    "ROIC",
    "EBITDA",
    "USD",
    "PEG",
    "DE",
    "TV",
    "DD",
    "MA",
    "V",
    "SEE",
    "L",
}


def _clean(name: str) -> str:
    name = name.lower().replace("&", " and ")
    name = SUFFIXES.sub(" ", name)
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", name).split())


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], set[str]]:
    from tools.snapshot import load_universe, snapshot_symbols

    names: dict[str, str] = {}
    firsts: dict[str, set[str]] = {}
    for company in load_universe():
        cleaned = _clean(company.name)
        if cleaned and cleaned not in names:
            names[cleaned] = company.symbol
        first = cleaned.split(" ")[0] if cleaned else ""
        firsts.setdefault(first, set()).add(company.symbol)
    for first, symbols in firsts.items():
        if len(first) >= 4 and first not in COMMON_FIRST_WORDS and first not in names:
            if len(symbols) == 1:
                names[first] = next(iter(symbols))
    for alias, symbol in ALIASES.items():
        names[_clean(alias) if alias != "j&j" else "j and j"] = symbol
    symbols = {c.symbol for c in load_universe()} | set(snapshot_symbols())
    return names, symbols


def _pattern(name: str) -> re.Pattern[str]:
    words = [r"(?:and|&)" if w == "and" else re.escape(w) for w in name.split()]
    return re.compile(r"(?<![a-z0-9])" + r"[\s.,'-]*".join(words) + r"(?![a-z0-9])")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    names, _ = _index()
    return [(_pattern(name), symbol) for name, symbol in names.items()]


#: lower-case words taken as tickers: the snapshot's, minus English words
LOWER_TICKERS = {
    "aapl",
    "msft",
    "googl",
    "goog",
    "nvda",
    "orcl",
    "adbe",
    "intc",
    "amd",
    "csco",
    "jpm",
    "bac",
    "wfc",
    "xom",
    "cvx",
    "slb",
    "jnj",
    "unh",
    "pfe",
    "lly",
    "mrk",
    "abbv",
}


def find_symbols(text: str) -> tuple[list[str], list[str]]:
    """Symbols mentioned in ``text`` (by ticker or name), in order of appearance, and notes."""
    return find_symbols_typed(text)[:2]


COMPARING = re.compile(r"\b(compare|comparison|vs\.?|versus)\b", re.IGNORECASE)


def _unknown_ticker(raw: str, token: str, text: str) -> bool:
    """A ticker we do not know, typed as one (3 to 5 capitals) in a comparison: kept, so the
    answer can say there is no data for it instead of leaving it out."""
    return (
        raw.isupper()
        and 3 <= len(raw) <= 5
        and raw.isalpha()
        and token not in STOP_TICKERS
        and bool(COMPARING.search(text))
    )


def find_symbols_typed(text: str) -> tuple[list[str], list[str], set[str]]:
    """Like ``find_symbols``, plus the symbols that were typed as tickers (not names)."""
    _, symbols = _index()
    spans: list[tuple[int, int, str]] = []
    typed: set[str] = set()
    for match in re.finditer(r"\$?\b[A-Za-z]{1,5}(?:[.-][A-Za-z])?\b", text):
        raw = match[0].lstrip("$")
        token = raw.upper().replace(".", "-")
        if raw != raw.upper() and raw.lower() not in LOWER_TICKERS:
            continue
        known = token in symbols and (match[0].startswith("$") or token not in STOP_TICKERS)
        if known or _unknown_ticker(raw, token, text):  # "Compare AAPL and ZZZZ": keep ZZZZ
            spans.append((match.start(), match.end(), token))
            typed.add(token)
    lowered = text.lower()
    for pattern, symbol in _patterns():
        spans += [(m.start(), m.end(), symbol) for m in pattern.finditer(lowered)]
    # a match inside a longer one ("stanley" in "morgan stanley") does not count
    kept = [
        s
        for s in spans
        if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in spans)
    ]
    ordered: list[str] = []
    for _, _, symbol in sorted(kept):
        if symbol not in ordered:
            ordered.append(symbol)
    notes = [NOTES[s] for s in ordered if s in NOTES and s not in typed]
    return ordered, notes, typed


def company_names(tickers: Iterable[str]) -> dict[str, list[str]]:
    """The names (and everyday aliases) of these companies, for the answer verifier: only
    companies the facts are about, so "price target" never names Target Corporation."""
    from tools.snapshot import load_universe

    wanted = set(tickers)
    names = {c.symbol: [c.name] for c in load_universe() if c.symbol in wanted}
    for alias, symbol in ALIASES.items():
        if symbol in wanted and len(alias) > 3:
            names.setdefault(symbol, []).append(alias.title() if alias.islower() else alias)
    return names


class NamedVerifier:
    """The core verifier, given the names of the companies in the facts at each call."""

    def __init__(self, verifier: Any = None) -> None:
        self.verifier = verifier  # None: the core's, imported at the first answer

    def prepare(self, facts: Iterable[Any]) -> None:
        self._core().prepare(facts)

    def _core(self) -> Any:
        if self.verifier is None:
            from ..verify import Verifier

            self.verifier = Verifier()
        return self.verifier

    def __call__(self, answer: str, facts: Iterable[Any], current: Any = None) -> Any:
        self._core()
        facts = list(facts)
        current = list(current) if current is not None else None
        entities = {f.entity for f in [*facts, *(current or [])]}
        return self.verifier(answer, facts, current=current, names=company_names(entities))
