"""Which metric a figure is about, and whether a fact's value is the figure's value."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from ..facts import Fact, shown_value
from .extract import Figure

STOP = {
    "the",
    "and",
    "per",
    "year",
    "total",
    "from",
    "over",
    "yoy",
    "diluted",
    "daily",
    "log",
    "returns",
    "day",
    "latest",
    "fiscal",
    "market",
    "price",
    "net",
    "vs",
    "annualised",
    "annualized",
    "after",
    "tax",
    "with",
    "its",
    "that",
    "last",
    "ends",
    "end",
    "current",
    "position",
    "range",
    "income",
    "operating",
    "equity",
    "assets",
    "cash",
    "value",
    "capital",
    "invested",
    "year-end",
    "share",
    "median",
    "peer",
}
WORST = ("worst", "deepest", "biggest", "largest", "sharpest", "steepest")
SYNONYMS = {
    "p/e": [
        "pe",
        "p/e",
        "price-to-earnings",
        "earnings multiple",
        "price/earnings",
        "x earnings",
        "times earnings",
        "x trailing earnings",
        "trailing earnings",
        "x eps",
        "earnings",
        "eps",
    ],
    "p/s": [
        "p/s",
        "price-to-sales",
        "price/sales",
        "sales multiple",
        "x sales",
        "times sales",
        "x revenue",
        "sales",
    ],
    "p/b": ["p/b", "price-to-book", "price/book", "x book", "times book", "book value", "book"],
    "p/tbv": ["p/tbv", "tangible book", "price/tangible book", "x tangible", "tangible"],
    "ev/ebitda": ["ev/ebitda", "ebitda multiple", "x ebitda", "enterprise value", "ebitda"],
    "fcf": ["fcf", "free cash flow", "free-cash-flow", "cash flow"],
    "eps": ["eps", "earnings per share", "earnings"],
    "roe": [
        "roe",
        "return on equity",
        "on equity",
        "return on average equity",
        "return on common equity",
        "return on average common equity",
    ],
    "rotce": ["rotce", "return on tangible common equity", "return on tangible equity", "tangible"],
    "roa": ["roa", "return on assets", "on assets"],
    "roic": ["roic", "return on invested capital", "return on capital"],
    "market cap": ["market cap", "market value", "worth", "market capitalisation", "valued"],
    "operating margin": ["op margin", "op. margin", "operating margin", "operating"],
    "net margin": [
        "net margin",
        "net income",
        "profit margin",
        "bottom line",
        "converts",
        "net",
        "profit",
    ],
    "net income": ["net income", "earned", "earns", "profit", "profits", "net"],
    "gross margin": ["gross margin", "gross"],
    "debt / equity": [
        "d/e",
        "debt/equity",
        "debt-to-equity",
        "leverage",
        "levered",
        "debt to equity",
    ],
    "net debt / ebitda": ["net debt/ebitda", "net debt to ebitda"],
    "net debt": ["net debt", "net cash"],
    "total return": [
        "return",
        "returned",
        "gain",
        "gained",
        "rallied",
        "lost",
        "outperformed",
        "outperforming",
        "underperformed",
        "outran",
        "outrun",
        "outpaced",
        "performer",
        "price action",
    ],
    "volatility": ["volatility", "volatile", "vol"],
    "max drawdown": [
        "drawdown",
        "drawdowns",
        "drew down",
        "draws down",
        "drawn down",
        "peak-to-trough",
        "max drawdown",
        "peak",
        *(f"{worst} {fall}" for worst in WORST for fall in ("fall", "drop", "decline", "slide")),
    ],
    "52-week high": ["52-week high", "high"],
    "52-week low": ["52-week low", "low"],
    "position in 52-week range": ["52-week range", "range"],
    "share price": ["price", "trades at $", "shares trade", "stock trades"],
    "price vs 200-day": ["200-day", "200-dma", "200dma", "200d"],
    "price vs 50-day": ["50-day", "50-dma", "50dma", "50d"],
    "interest coverage": ["interest coverage", "covers interest", "interest"],
    "current ratio": ["current ratio", "liquidity"],
    "equity / assets": [
        "equity/assets",
        "equity to assets",
        "equity-to-assets",
        "capital",
        "capitalised",
        "capitalized",
        "of assets",
    ],
    "revenue": ["revenue", "sales", "top line"],
    "cash and": ["cash"],
    "total debt": ["debt", "borrowings"],
    "peg": ["peg"],
    "payout ratio": [
        "payout",
        "pays out",
        "paid out",
        "pay out",
        "paying out",
        *(
            f"of {whose}{what}"
            for whose in ("", "its ", "their ", "that ", "the ")
            for what in ("earnings", "net income", "profits")
        ),
    ],
    "annualised total return": ["a year", "per year"],  # ("annualised" is volatility's too)
    "share buybacks": [
        "buyback",
        "bought back",
        "buying back",
        "buy back",
        "buys back",
        "repurchased",
        "repurchases",
        "repurchase",
        "repurchasing",
    ],
    "diluted share count": ["share count", "shares outstanding", "diluted shares"],
    "dividend yield": ["dividend", "pays"],  # "Lilly pays 0.6%" (but "pays out" is the payout)
    "after stock-based": [
        "after sbc",
        "net of sbc",
        "net of stock-based",
        "stock-based compensation",
        "stock-based",
        "sbc",
    ],
    "growth": ["growth", "grew"],
    "cagr": ["cagr", "compound", "annual growth", "a year"],
    "average p/e": ["average", "avg", "history", "historical", "own average"],
    "current p/e vs": ["premium", "discount", "above its average", "below its average"],
}
#: a growth or change written as a verb or a sign ("revenue fell 16.0%", "EPS rose 27.2%")
GROWTH_VERB = re.compile(
    r"\b(?:rose|grew|grown|growing|fell|falling|jumped|dropped|slipped|declined|decreased|"
    r"increased|collapsed|climbed|surged|soared|plunged|shrank|contracted|expanded|slid|"
    r"sank|tumbled|rebounded|doubled|up|down|gain(?:ed)?|lost|growth of|decline of|drop of|"
    r"increase of|rise of|fall of)\b[^.%\d]{0,25}$",
    re.IGNORECASE,
)
DOWN = re.compile(
    r"\b(?:fell|falling|dropped|slipped|declined|decreased|collapsed|plunged|shrank|"
    r"contracted|slid|sank|tumbled|down|lost|losing|decline of|drop of|fall of|loss of|"
    r"negative)\b[^.%\d,;]{0,20}$",
    re.IGNORECASE,
)
UP = re.compile(
    r"\b(?:rose|grew|jumped|increased|climbed|surged|soared|expanded|rebounded|up|gained|"
    r"rallied|added|returned|rise of|increase of|growth of)\b[^.%\d,;]{0,20}$",
    re.IGNORECASE,
)
DOWN_AFTER = re.compile(r"^\s*(?:below|lower|down|beneath|off)\b", re.IGNORECASE)
UP_AFTER = re.compile(r"^\s*(?:above|higher|up)\b", re.IGNORECASE)
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "twelve": "12",
    "a": "1",
    "the past": "1",
    "the last": "1",
    "past": "1",
    "last": "1",
    "the": "1",
}
WINDOW = re.compile(
    r"\b(?P<n>\d{1,2}(?:\.5)?|one|two|three|five|six|twelve|a|the past|the last|past|last|the)"
    r"[\s-]?(?P<unit>years?|yrs?|y|months?|mos?|m)\b(?!-(?:day|week|end))",  # (not "year-end")
    re.IGNORECASE,
)
BARE_WINDOW = re.compile(
    r"\b(?:over|in|for) (?:just |only )?(?:the (?:last |past |full |entire |whole )?)?"
    r"(one|two|three|four|five|six|twelve|\d{1,2})\b"
    r"(?![\s-]*(?:years?|yrs?|months?|mos?|[ym]\b|%|\.\d))",
    re.IGNORECASE,
)


#: a window that is the span of an average or history, not of a change
SPAN_OF_AVERAGE = re.compile(
    r"[\s-]*(?:fiscal[- ]year[- ]end\s+|year[- ]end\s+)?(?:average|avg|history|norm)\b"
    r"(?!\s+(?:annual\s+)?(?:returns?|growth|gains?))",
    re.I,
)


def text_windows(text: str, around: str = "") -> set[str]:
    """Return windows a text names: "over three years" -> {"3y"}, "past month" -> {"1m"}."""
    found = set()
    for match in WINDOW.finditer(text):
        n = match["n"].lower()
        n = _NUMBER_WORDS.get(n, n)
        unit = match["unit"].lower()[0]
        if match["n"].lower() in ("the", "a") and not re.search(
            r"(past|last|over|one|a)\s*$", text[: match.start()], re.I
        ):
            if match["n"].lower() == "the":
                continue
        if match["n"].lower() == "a" and re.search(
            r"[\d%x](?:\s*\[[^\]]*\])?\s*$", text[: match.start()]
        ):
            continue  # "11.8% a year": a rate per year, not a one-year window
        if SPAN_OF_AVERAGE.match(text, match.end()):
            continue  # "its two-year fiscal-year-end average of 14.1x": the average's span
        found.add(_months(n, unit))
    named = list(WINDOW.finditer(around or text))
    if named:  # "+70.0% over six months, +52.2% over three": the unit of the window before
        unit = named[-1]["unit"][0]
        for match in BARE_WINDOW.finditer(text):
            found.add(_months(_NUMBER_WORDS.get(match[1].lower(), match[1]), unit))
    return found


def _months(n: str, unit: str) -> str:
    """A window in months: ("3", "y") -> "36m"."""
    months = float(n) * (12 if unit.lower() == "y" else 1)
    return f"{months:g}m"


def fiscal_years(text: str) -> set[str]:
    """Fiscal years a text names: "FY2022", "fiscal 2022", "the end of FY22" -> {"2022"}."""
    found = set()
    for match in re.finditer(
        r"\b(?:FY\s?|fiscal (?:year )?|(?:year[- ])?end[- ](?:of[- ])?(?=\d{4}))(\d{2}|\d{4})\b",
        text,
        re.I,
    ):  # (also "at end-2023", "year-end 2022")
        year = match[1]
        found.add(year if len(year) == 4 else f"20{year}")
    return found


def fact_year(fact: Fact) -> str:
    """The fiscal year of a per-year fact (P/E at FY2022 end), or "" if it is not one."""
    match = re.search(r"_fy(\d{4})$", fact.metric)
    return match[1] if match else ""


def fact_window(fact: Fact) -> str:
    """The return window of a fact ("1y" for Total return 1Y), or "" if it has none."""
    if fact.metric.startswith(("pe_fy", "rank_")):
        return ""
    match = re.search(r"(?<![\d.])(\d+(?:\.\d+)?)([YM])\b", fact.label) or re.search(
        r"_(\d{1,2})([ym])$", fact.metric
    )
    return _months(match[1], match[2]) if match else ""


def label_words(fact: Fact, full: bool = False) -> frozenset[str]:
    """Words of the label that name the metric, including windows such as 1y or 6m."""
    return _label_words(fact.label.lower() if full else fact.label.lower().split(" (")[0])


@lru_cache(maxsize=4096)
def _label_words(label: str) -> frozenset[str]:
    return frozenset(
        w
        for w in re.findall(r"[a-z0-9/&-]+", label)
        if w not in STOP
        # (nor a window's start: "Max drawdown since 2019-03-11" is named "max drawdown")
        and not re.fullmatch(r"fy\d+|\d+|\d+[ymdw]|\d{4}-\d\d-\d\d|since", w)
        and (len(w) >= 3 or w in ("pe", "ps", "pb"))
    )


def keywords(fact: Fact) -> tuple[frozenset[str], frozenset[str]]:
    """(the label's name words, its words incl. synonyms of the metric). Cached by label and
    metric: a conversation shows the same few dozen labels for every company and turn."""
    return _keywords(fact.label, fact.metric)


@lru_cache(maxsize=4096)
def _keywords(full_label: str, metric: str) -> tuple[frozenset[str], frozenset[str]]:
    label = full_label.lower().split(" (")[0]
    synonyms = {
        s
        for in_label, in_metric, group in _synonym_patterns()
        if in_label.search(label) or in_metric.fullmatch(metric)
        for s in group
    }
    primary = _label_words(label)
    whole = {label} if len(label.split()) > 1 and len(label) > 6 else set()
    return primary, primary | synonyms | whole


@lru_cache(maxsize=1)
def _synonym_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str], list[str]]]:
    """Each synonym group with its key compiled once, as found in a label and in a metric."""
    return [
        (
            re.compile(rf"(?<![a-z/]){re.escape(key)}(?![a-z/])"),
            re.compile(rf"{re.escape(key)}(_.*)?"),
            group,
        )
        for key, group in SYNONYMS.items()
    ]


def mentioned(words: Iterable[str], text: str) -> set[str]:
    """The words the text names, singular or plural ("margins" names "margin")."""
    return {w for w in words if word_pattern(w).search(text)}


@lru_cache(maxsize=8192)
def word_pattern(word: str) -> re.Pattern[str]:
    # ("145.9% over a year": a one-year window, not the rate "11.8% a year")
    window = r"(?<!over )(?<!in )(?<!for )(?<!within )" if word == "a year" else ""
    return re.compile(rf"{window}(?<![a-z0-9/]){re.escape(word)}(?:s|es)?(?![a-z0-9/])")


@lru_cache(maxsize=65536)  # a figure's candidates are scored against the same texts often
def score(
    fact_words: tuple[frozenset[str], frozenset[str]], text: str, exclusive: bool = False
) -> float:
    """How well ``text`` names the fact's metric (0: not at all). ``exclusive``: choosing one
    metric for a figure, a word inside another metric's longer phrase does not count."""
    primary, words = fact_words
    hits = mentioned(words, text)
    if exclusive:
        hits -= {h for h in hits if _shadowed(h, words, text)}
    if not hits:
        return 0.0
    # a longer phrase is a stronger hint ("net margin" over "margin")
    strength = sum(1 + 0.5 * (len(h.split()) - 1) for h in hits)
    covered = {part for h in hits for part in re.split(r"[\s/-]+", h)} | hits
    return strength - 0.4 * len(primary - covered)


def _shadowed(word: str, words: frozenset[str], text: str) -> bool:
    """Every mention of ``word`` is part of a longer phrase naming another metric ("net income"
    in "56.5% of net income" is the payout ratio's phrase, not the net margin's)."""
    longer = [
        span
        for phrase, span in _phrases(text)
        if len(phrase) > len(word) and phrase not in words and word_pattern(word).search(phrase)
    ]
    if not longer:
        return False
    return all(
        any(start <= m.start() and m.end() <= end for start, end in longer)
        for m in word_pattern(word).finditer(text)
    )


@lru_cache(maxsize=4096)
def _phrases(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Where the text names each synonym phrase of more than one word."""
    return tuple(
        (phrase, m.span())
        for phrase in _LONG_PHRASES
        if phrase in text  # (a cheap test first: most texts name none of them)
        for m in word_pattern(phrase).finditer(text)
    )


_LONG_PHRASES = sorted({s for group in SYNONYMS.values() for s in group if " " in s})

MONEY_UNIT = re.compile(r"[A-Z]{3}(/share)?")  # USD, EUR/share


def options(figure: Figure, fact: Fact) -> list[float]:
    """The values ``fact`` may be written as in ``figure``'s unit (none: the units differ)."""
    target = fact.value
    if fact.unit == "rank" or target is None:
        return []
    if figure.kind == "money":
        return [target] if fact.unit == "shares" or MONEY_UNIT.fullmatch(fact.unit) else []
    if figure.kind == "percent":
        if fact.unit == "%":
            return [target]
        return [target * 100] if fact.unit in ("ratio",) else []
    if figure.kind == "points":
        return [target] if fact.unit == "%" else []
    if figure.kind == "multiple":
        return [target] if fact.unit in ("x", "ratio") else []
    # plain number: same value, or a percentage written as a fraction
    if fact.unit == "%":
        return [target, target / 100]
    return (
        [target] if fact.unit in ("x", "ratio", "shares") or MONEY_UNIT.fullmatch(fact.unit) else []
    )


def _rounds_shown(figure: Figure, fact: Fact) -> bool:
    """The figure is the value the prompt shows rounded half up at the figure's precision (the
    way a model rounds what it read: $17.75B -> $17.8B), where rounding the raw value would not."""
    if figure.kind not in ("money", "percent", "multiple") or fact.value is None:
        return False
    shown = abs(shown_value(fact.value, fact.unit))
    step = 2 * (figure.tolerance - 1e-9 * abs(figure.value))  # the figure's last digit
    up = math.floor(shown / step + 0.5 + 1e-9) * step  # half up
    return abs(abs(figure.value) - up) <= 1e-6 * max(step, up)


#: "down to 1.9x", "rose to 45%", "down from 26.2x": a level reached or left, not the change
LEVEL = re.compile(r"\b(?:to|from)\s+(?:just\s+|only\s+|about\s+|around\s+|roughly\s+)?$", re.I)

#: "P/B of 1.1x below the median": the metric's level, set against a yardstick (not "a gap of
#: 1.0x below", nor "54.2x below the median": a difference)
METRIC_OF = re.compile(
    r"\b(?!(?:gap|premium|discount|spread|difference|lead|shortfall|distance)\b)[\w/]+\s+of\s+"
    r"(?:just\s+|only\s+|about\s+|around\s+|roughly\s+)?$",
    re.I,
)


def direction(figure: Figure) -> int:
    """-1 when a word says the figure is a fall ("fell 16.0%", "3.0% below"), +1 a rise, else 0
    ("down to 1.9x" is a level)."""
    if figure.signed:
        return -1 if figure.text.lstrip("$US ").startswith(("-", "−")) else 1
    before = figure.before
    if LEVEL.search(before):
        return 0
    after = "" if METRIC_OF.search(before) else figure.after
    if DOWN.search(before) or DOWN_AFTER.search(after):
        return -1
    if UP.search(before) or UP_AFTER.search(after):
        return 1
    return 0


def matches(figure: Figure, fact: Fact) -> bool:
    """The fact's value is the figure's, at the precision the figure states (a direction word
    fixes the sign of an unsigned figure; "more than 55%" takes 56.6%)."""
    sign = direction(figure)
    value, tolerance = abs(figure.value), figure.tolerance
    for option in options(figure, fact):
        if sign and option and (option > 0) != (sign > 0) and figure.kind != "money":
            continue
        target = abs(option)
        if figure.bound == "above":
            if value - tolerance <= target <= value * (3 if figure.well else 1.3) + tolerance:
                return True
        elif figure.bound == "below":
            if value * (0 if figure.well else 0.6) - tolerance <= target <= value + tolerance:
                return True
        elif abs(value - target) <= tolerance:
            return True
        elif option == fact.value and _rounds_shown(figure, fact):
            return True  # "~$17.8B" rounds the prompt's $17.75B (the raw value is $17.748B)
    return False
