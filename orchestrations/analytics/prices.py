"""Pure price-series formulas: trailing returns, volatility, drawdown, moving averages, ranges.

A price series is a ``Sequence[tuple[datetime.date, float]]`` sorted ASCENDING by date
(callers sort). Every function returns ``None`` for missing or meaningless inputs instead of
crashing or inventing a zero; nothing here logs. Returns are FRACTIONS (0.12 means 12%).
"""

from __future__ import annotations

import calendar
import itertools
import math
import statistics
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from .fundamentals import finite as _num

Bar = tuple[date, float]


def months_before(day: date, months: int) -> date:
    """The same day-of-month ``months`` calendar months earlier, clamped to that month's end.

    E.g. 2024-03-31 minus 1 month is 2024-02-29; 2023-03-31 minus 1 month is 2023-02-28.
    """
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def close_on_or_before(series: Sequence[Bar], day: date) -> Bar | None:
    """The last bar dated on or before ``day`` (the close 'as of' that day), or None."""
    i = bisect_right(series, day, key=lambda bar: bar[0])
    if i == 0:
        return None
    return series[i - 1]


#: a window may start on the first trading day up to this many days after its calendar start
#: (the start fell on a weekend or holiday, or the history begins a day later)
START_TOLERANCE_DAYS = 7


def window_start(
    series: Sequence[Bar], end: date, months: int, tolerance_days: int = START_TOLERANCE_DAYS
) -> Bar | None:
    """The bar a window of ``months`` ending ``end`` starts from: the last close on or before
    the calendar start, else the first close at most ``tolerance_days`` after it; None when the
    history does not reach back that far. One rule for returns and drawdowns."""
    start = months_before(end, months)
    bar = close_on_or_before(series, start)
    if bar is not None:
        return bar
    if series and 0 <= (series[0][0] - start).days <= tolerance_days:
        return series[0]
    return None


def trailing_return(
    series: Sequence[Bar], as_of: date, months: int, tolerance_days: int = 0
) -> float | None:
    """Price return over the ``months`` calendar months ending ``as_of``.

    From the window's start bar (``window_start``; by default strictly on or before the start
    date, so a series that does not reach back far enough never yields a shorter-period return)
    to the close on or before ``as_of``.
    """
    if months <= 0:
        return None
    start_bar = window_start(series, as_of, months, tolerance_days)
    end_bar = close_on_or_before(series, as_of)
    if start_bar is None or end_bar is None:
        return None
    start, end = _num(start_bar[1]), _num(end_bar[1])
    if start is None or end is None or start <= 0:
        return None
    return end / start - 1.0


def annualized_volatility(closes: Sequence[float], periods_per_year: int = 252) -> float | None:
    """Annualized volatility: sample st. dev. (ddof=1) of log returns * sqrt(periods_per_year).

    The usual measure of how widely a price swings. None with fewer than 3 closes (fewer than
    2 returns) or any missing/non-positive close (log return undefined).
    """
    if len(closes) < 3 or periods_per_year <= 0:
        return None
    values: list[float] = []
    for close in closes:
        value = _num(close)
        if value is None or value <= 0:
            return None
        values.append(value)
    returns = [math.log(b / a) for a, b in itertools.pairwise(values)]
    return statistics.stdev(returns) * math.sqrt(periods_per_year)


def max_drawdown(series: Sequence[Bar]) -> tuple[float, date, date] | None:
    """Worst peak-to-trough decline: (fraction <= 0, peak date, trough date).

    The fraction is negative (e.g. -0.35 for a 35% fall). If prices never fall below a prior
    peak it is 0.0 with the first date as both peak and trough. When two declines are equally
    deep the earlier one is reported. None if the series is empty or has a missing or
    non-positive close.
    """
    if not series:
        return None
    first_day, first_close = series[0]
    peak = _num(first_close)
    if peak is None or peak <= 0:
        return None
    peak_day = first_day
    worst, worst_peak, worst_trough = 0.0, first_day, first_day
    for day, close in series:
        price = _num(close)
        if price is None or price <= 0:
            return None
        if price > peak:
            peak, peak_day = price, day
            continue
        drawdown = price / peak - 1.0
        if drawdown < worst:
            worst, worst_peak, worst_trough = drawdown, peak_day, day
    return worst, worst_peak, worst_trough


def simple_moving_average(closes: Sequence[float], window: int) -> float | None:
    """Mean of the last ``window`` closes (e.g. the 50- or 200-day average); None if fewer."""
    if window <= 0 or len(closes) < window:
        return None
    total = 0.0
    for close in closes[len(closes) - window :]:
        value = _num(close)
        if value is None:
            return None
        total += value
    return total / window


def distance_from(price: float | None, reference: float | None) -> float | None:
    """Relative position of ``price`` versus ``reference``: price / reference - 1.

    E.g. 0.08 means 8% above the 200-day average. None if reference is missing or <= 0.
    """
    p, ref = _num(price), _num(reference)
    if p is None or ref is None or ref <= 0:
        return None
    return p / ref - 1.0


def range_52_weeks(
    bars: Sequence[tuple[date, float, float]], as_of: date
) -> tuple[float, float] | None:
    """(highest high, lowest low) over the year ending ``as_of``.

    ``bars`` are (date, high, low) ascending. The window is as_of - 365 days < date <= as_of,
    so a bar exactly 365 days earlier is excluded. Missing highs/lows are skipped. None if no
    usable bar falls in the window.
    """
    start = as_of - timedelta(days=365)
    highs: list[float] = []
    lows: list[float] = []
    for day, high, low in bars:
        if not start < day <= as_of:
            continue
        h, lo = _num(high), _num(low)
        if h is not None:
            highs.append(h)
        if lo is not None:
            lows.append(lo)
    if not highs or not lows:
        return None
    return max(highs), min(lows)


def position_in_range(price: float | None, low: float | None, high: float | None) -> float | None:
    """Where ``price`` sits in [low, high]: 0 = at the low, 1 = at the high.

    (price - low) / (high - low). Can fall outside [0, 1] if price is outside the range.
    None if any input is missing or high <= low.
    """
    p, lo, hi = _num(price), _num(low), _num(high)
    if p is None or lo is None or hi is None or hi <= lo:
        return None
    return (p - lo) / (hi - lo)
