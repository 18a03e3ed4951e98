"""Ticker validation and normalisation, done before any request so bad input sends nothing.

FMP writes share classes with a dash (``BRK-B``) and exchange suffixes with a dot (``VOD.L``,
``ENB-PA.TO``). People type ``brk.b``; we turn a one-letter A/B/C class suffix into FMP's dash
form and leave other suffixes alone, since ``.L`` (London) is a one-letter exchange suffix.
"""

from __future__ import annotations

import re

from .errors import InvalidSymbolError

MAX_SYMBOL_LENGTH = 15
_VALID = re.compile(r"^\^?[A-Z0-9][A-Z0-9.\-]*$")
_SHARE_CLASS = re.compile(r"^([A-Z0-9]+)\.([ABC])$")


def normalize_symbol(raw: str) -> str:
    """Return FMP's spelling of a ticker, or raise ``InvalidSymbolError`` with the reason."""
    if not isinstance(raw, str):
        raise InvalidSymbolError(f"A ticker symbol must be text, not {type(raw).__name__}.")
    symbol = raw.strip()
    if not symbol.isascii():
        # before upper-casing: Unicode case mapping turns 'ß' into 'SS' and 'ﬁ' into 'FI', and
        # full-width 'ＡＡＰＬ' is not what FMP knows. Show the code points, never guess.
        shown = symbol if len(symbol) <= 20 else symbol[:20] + "..."
        odd = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(symbol) if not c.isascii())
        raise InvalidSymbolError(
            f"'{shown}' is not a valid ticker symbol: it has characters outside ASCII ({odd}). "
            "Use the exchange's Latin letters and digits (e.g. AAPL, BRK-B), or search by company "
            "name (search_symbols)."
        )
    symbol = symbol.upper()
    if not symbol:
        raise InvalidSymbolError(
            "The ticker symbol is empty. Give a symbol such as AAPL or search by company name."
        )
    shown = symbol if len(symbol) <= 20 else symbol[:20] + "..."
    if len(symbol) > MAX_SYMBOL_LENGTH:
        raise InvalidSymbolError(
            f"'{shown}' is not a ticker symbol: {len(symbol)} characters, "
            f"at most {MAX_SYMBOL_LENGTH} allowed."
        )
    if not _VALID.match(symbol) or ".." in symbol:
        raise InvalidSymbolError(
            f"'{shown}' is not a valid ticker symbol: use letters, digits, "
            "'.', '-' and a leading '^' only (e.g. AAPL, BRK-B, ^GSPC)."
        )
    share_class = _SHARE_CLASS.match(symbol)
    return f"{share_class[1]}-{share_class[2]}" if share_class else symbol


def normalize_symbols(raw: list[str] | tuple[str, ...] | str) -> list[str]:
    """Normalise a list (or a comma-separated string) of tickers, dropping duplicates in order."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    result: list[str] = []
    for item in items:
        symbol = normalize_symbol(item)
        if symbol not in result:
            result.append(symbol)
    return result
