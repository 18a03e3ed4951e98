"""Time horizons in words ("next 3 years", "6 months", "long term") -> years, and the trailing
price windows that fit them (past performance over spans comparable to the horizon — never a
forecast)."""

from __future__ import annotations

import re

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a few": 3,
    "several": 5,
}
NAMED = {
    "decade": 10,
    "short term": 0.5,
    "short-term": 0.5,
    "near term": 0.5,
    "medium term": 3,
    "mid term": 3,
    "long term": 5,
    "long-term": 5,
    "ytd": 0.25,
}
_AMOUNT = re.compile(
    r"(\d+(?:\.\d+)?|a couple of|a few|several|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|an|a)\s*-?\s*(years?|yrs?|y|months?|mos?|m|quarters?|q|weeks?"
    r"|w)\b",
    re.IGNORECASE,
)

#: what a horizon may say, for the tool's schema (one source: the tables above)
HORIZON_HELP = (
    'The investor\'s horizon in words: a number and a unit ("3 years", "18 months", "2 quarters", '
    f'"5y"), or one of: {", ".join(sorted({k.replace("-", " ") for k in NAMED}))}. '
    "Default 1 year. It sets the price windows (the longest is 5 years); in a follow-up, repeat "
    "the horizon of the question it follows unless the user changes it."
)

#: (label, months) trailing windows we can compute from daily prices.
WINDOWS = (("1M", 1), ("3M", 3), ("6M", 6), ("1Y", 12), ("3Y", 36), ("5Y", 60))


def parse_horizon(text: str | float | int | None, default: float = 1.0) -> float:
    """Years in a horizon: "3 years" -> 3, "18 months" -> 1.5, "next quarter" -> 0.25."""
    if text is None or text == "":
        return default
    if isinstance(text, (int, float)):
        return float(text)
    lowered = text.lower().strip()
    match = _AMOUNT.search(lowered)
    if match:
        amount = WORDS.get(match[1].lower()) or float(match[1])
        unit = match[2].lower()[0]
        return amount * {"y": 1, "m": 1 / 12, "q": 0.25, "w": 1 / 52}[unit]
    for phrase, years in NAMED.items():
        if phrase in lowered:
            return years
    if "quarter" in lowered:
        return 0.25
    if "year" in lowered:
        return 1.0
    return default


def horizon_label(years: float) -> str:
    if years >= 1:
        return f"{years:g} year{'s' if years != 1 else ''}"
    return f"{round(years * 12):g} months"


def windows_for(years: float) -> list[tuple[str, int]]:
    """Trailing windows up to (and one past) the horizon, always with 1Y; short ones only for
    short horizons."""
    months = years * 12
    chosen = [w for w in WINDOWS if w[1] <= max(months, 12)]
    longer = [w for w in WINDOWS if w[1] > max(months, 12)]
    if longer and chosen[-1][1] < months:
        chosen.append(longer[0])
    return [w for w in chosen if w[1] >= 6] if years >= 2 else chosen
