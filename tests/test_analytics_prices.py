"""Tests for orchestrations.analytics.prices: hand-computed values and every None case."""

from __future__ import annotations

import math
from datetime import date

import pytest

from orchestrations.analytics import prices as p

D = date


# --- months_before / close_on_or_before ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 3, 31), 1, D(2024, 2, 29)),  # clamped to leap-year February end
        (D(2023, 3, 31), 1, D(2023, 2, 28)),  # clamped to non-leap February end
        (D(2024, 1, 15), 1, D(2023, 12, 15)),  # crosses a year boundary
        (D(2024, 5, 31), 12, D(2023, 5, 31)),
        (D(2024, 2, 29), 12, D(2023, 2, 28)),
        (D(2024, 7, 31), 3, D(2024, 4, 30)),
        (D(2024, 6, 30), 0, D(2024, 6, 30)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert p.months_before(day, months) == expected


SERIES = [(D(2024, 1, 2), 10.0), (D(2024, 1, 3), 11.0), (D(2024, 1, 5), 12.0)]


def test_close_on_or_before() -> None:
    assert p.close_on_or_before(SERIES, D(2024, 1, 3)) == (D(2024, 1, 3), 11.0)  # exact date
    assert p.close_on_or_before(SERIES, D(2024, 1, 4)) == (D(2024, 1, 3), 11.0)  # gap day
    assert p.close_on_or_before(SERIES, D(2024, 2, 1)) == (D(2024, 1, 5), 12.0)  # after end
    assert p.close_on_or_before(SERIES, D(2024, 1, 1)) is None  # before first bar
    assert p.close_on_or_before([], D(2024, 1, 1)) is None


# --- trailing_return -------------------------------------------------------------------------

MONTH_END = [
    (D(2024, 2, 28), 90.0),
    (D(2024, 2, 29), 100.0),
    (D(2024, 3, 1), 105.0),
    (D(2024, 3, 28), 110.0),
]


def test_trailing_return_across_month_end_clamp() -> None:
    # 2024-03-31 minus 1 month -> 2024-02-29 (close 100); close on/before 03-31 is 03-28 (110)
    # 110 / 100 - 1 = 0.10  (02-28 would give 0.2222, 03-01 would give 0.0476)
    assert p.trailing_return(MONTH_END, D(2024, 3, 31), 1) == pytest.approx(0.10, rel=1e-12)


def test_trailing_return_twelve_months() -> None:
    series = [(D(2023, 6, 27), 50.0), (D(2023, 6, 28), 80.0), (D(2024, 6, 28), 100.0)]
    # start 2023-06-28 (80) -> end 2024-06-28 (100): 100 / 80 - 1 = 0.25
    assert p.trailing_return(series, D(2024, 6, 28), 12) == pytest.approx(0.25, rel=1e-12)


def test_trailing_return_bar_exactly_on_start_date_is_enough() -> None:
    series = [(D(2024, 2, 29), 100.0), (D(2024, 3, 28), 80.0)]
    # 80 / 100 - 1 = -0.20
    assert p.trailing_return(series, D(2024, 3, 31), 1) == pytest.approx(-0.20, rel=1e-12)


def test_trailing_return_series_too_short() -> None:
    # first bar 2024-03-01 is after the start date 2024-02-29: strict -> None
    assert p.trailing_return(MONTH_END[2:], D(2024, 3, 31), 1) is None


def test_trailing_return_none_cases() -> None:
    assert p.trailing_return([], D(2024, 3, 31), 1) is None
    assert p.trailing_return(MONTH_END, D(2024, 3, 31), 0) is None
    zero_start = [(D(2024, 2, 29), 0.0), (D(2024, 3, 28), 5.0)]
    assert p.trailing_return(zero_start, D(2024, 3, 31), 1) is None


# --- annualized_volatility -------------------------------------------------------------------


def test_annualized_volatility_hand_computed() -> None:
    # closes 100, 110, 99: log returns ln(1.1) = 0.0953102, ln(0.9) = -0.1053605
    # mean = -0.0050252; deviations +/-0.1003353; sample var = 2 * 0.1003353^2 / 1 = 0.0201344
    # sd = 0.1418956 (= ln(11/9) / sqrt(2) = 0.2006707 / 1.4142136)
    # * sqrt(252) = 0.1418956 * 15.8745079 = 2.252523  (= 0.2006707 * sqrt(126) = * 11.2249722)
    assert p.annualized_volatility([100, 110, 99]) == pytest.approx(2.252523, rel=1e-5)


def test_annualized_volatility_constant_growth_is_zero() -> None:
    # 100, 110, 121: both log returns ln(1.1) -> sample sd 0
    assert p.annualized_volatility([100, 110, 121]) == pytest.approx(0.0, abs=1e-12)


def test_annualized_volatility_periods_per_year() -> None:
    # same two returns, monthly: 0.1418956 * sqrt(12) = 0.1418956 * 3.4641016 = 0.4915410
    assert p.annualized_volatility([100, 110, 99], 12) == pytest.approx(0.491541, rel=1e-5)


@pytest.mark.parametrize(
    "closes", [[], [100.0], [100.0, 110.0], [100.0, 0.0, 99.0], [100.0, -5.0, 99.0]]
)
def test_annualized_volatility_none(closes: list[float]) -> None:
    assert p.annualized_volatility(closes) is None


def test_annualized_volatility_nan_is_none() -> None:
    assert p.annualized_volatility([100.0, math.nan, 99.0]) is None


# --- max_drawdown ----------------------------------------------------------------------------


def test_max_drawdown_two_dips_second_deeper() -> None:
    series = [
        (D(2024, 1, 1), 100.0),
        (D(2024, 1, 2), 120.0),  # peak 1
        (D(2024, 1, 3), 108.0),  # dip 1: 108 / 120 - 1 = -0.10
        (D(2024, 1, 4), 130.0),  # peak 2
        (D(2024, 1, 5), 91.0),  # dip 2: 91 / 130 - 1 = -0.30
        (D(2024, 1, 6), 100.0),
    ]
    result = p.max_drawdown(series)
    assert result is not None
    fraction, peak, trough = result
    assert fraction == pytest.approx(-0.30, rel=1e-12)
    assert peak == D(2024, 1, 4)
    assert trough == D(2024, 1, 5)


def test_max_drawdown_first_dip_deeper_keeps_old_peak() -> None:
    series = [
        (D(2024, 1, 1), 200.0),  # peak
        (D(2024, 1, 2), 150.0),  # 150 / 200 - 1 = -0.25
        (D(2024, 1, 3), 180.0),
        (D(2024, 1, 4), 160.0),  # 160 / 200 - 1 = -0.20, shallower
    ]
    assert p.max_drawdown(series) == (pytest.approx(-0.25, rel=1e-12), D(2024, 1, 1), D(2024, 1, 2))


def test_max_drawdown_never_falls() -> None:
    series = [(D(2024, 1, 1), 10.0), (D(2024, 1, 2), 10.0), (D(2024, 1, 3), 12.0)]
    assert p.max_drawdown(series) == (0.0, D(2024, 1, 1), D(2024, 1, 1))


def test_max_drawdown_none() -> None:
    assert p.max_drawdown([]) is None
    assert p.max_drawdown([(D(2024, 1, 1), 10.0), (D(2024, 1, 2), 0.0)]) is None


# --- moving average / distance / ranges ------------------------------------------------------


def test_simple_moving_average() -> None:
    # last 3 of 1..5: (3 + 4 + 5) / 3 = 4
    assert p.simple_moving_average([1, 2, 3, 4, 5], 3) == pytest.approx(4.0, abs=1e-12)
    # all 5: 15 / 5 = 3
    assert p.simple_moving_average([1, 2, 3, 4, 5], 5) == pytest.approx(3.0, abs=1e-12)
    assert p.simple_moving_average([1, 2, 3, 4, 5], 6) is None
    assert p.simple_moving_average([1, 2, 3], 0) is None
    assert p.simple_moving_average([], 1) is None


def test_distance_from() -> None:
    # 108 / 100 - 1 = 0.08; 90 / 100 - 1 = -0.10
    assert p.distance_from(108, 100) == pytest.approx(0.08, rel=1e-12)
    assert p.distance_from(90, 100) == pytest.approx(-0.10, rel=1e-12)
    assert p.distance_from(108, 0) is None
    assert p.distance_from(108, -1) is None
    assert p.distance_from(108, None) is None
    assert p.distance_from(None, 100) is None


def test_range_52_weeks_excludes_bar_exactly_365_days_before() -> None:
    as_of = D(2023, 6, 30)  # 365 days before is 2022-06-30 (no Feb 29 in between)
    bars = [
        (D(2022, 6, 30), 500.0, 1.0),  # exactly 365 days before: excluded
        (D(2022, 7, 1), 150.0, 90.0),  # first day inside the window
        (D(2023, 1, 15), 160.0, 95.0),
        (D(2023, 6, 30), 140.0, 100.0),  # as_of itself: included
        (D(2023, 7, 3), 999.0, 0.5),  # after as_of: excluded
    ]
    # highs 150, 160, 140 -> 160; lows 90, 95, 100 -> 90
    assert p.range_52_weeks(bars, as_of) == (160.0, 90.0)


def test_range_52_weeks_none() -> None:
    assert p.range_52_weeks([], D(2023, 6, 30)) is None
    assert p.range_52_weeks([(D(2022, 6, 30), 500.0, 1.0)], D(2023, 6, 30)) is None


def test_position_in_range() -> None:
    # (125 - 100) / (150 - 100) = 25 / 50 = 0.5
    assert p.position_in_range(125, 100, 150) == pytest.approx(0.5, rel=1e-12)
    # (120 - 90) / (160 - 90) = 30 / 70 = 0.428571
    assert p.position_in_range(120, 90, 160) == pytest.approx(0.428571, rel=1e-5)
    assert p.position_in_range(100, 100, 100) is None  # high == low
    assert p.position_in_range(100, 150, 100) is None  # high < low
    assert p.position_in_range(None, 90, 160) is None


# --- boundaries found by mutation testing ------------------------------------------------------
# Closes below 1 are ordinary (penny stocks, some currencies): only zero and negative closes are
# invalid, so each rule is checked just above zero.


def test_trailing_return_with_closes_below_one() -> None:
    series = [(D(2024, 2, 29), 0.5), (D(2024, 3, 28), 0.75)]
    # 0.75 / 0.5 - 1 = 0.5
    assert p.trailing_return(series, D(2024, 3, 31), 1) == pytest.approx(0.5, rel=1e-12)


def test_trailing_return_missing_end_close_is_none() -> None:
    series = [(D(2024, 2, 29), 100.0), (D(2024, 3, 28), math.nan)]
    assert p.trailing_return(series, D(2024, 3, 31), 1) is None


def test_annualized_volatility_closes_below_one() -> None:
    # 0.5, 0.55, 0.495 are 100, 110, 99 scaled by 1/200: the same log returns, so the same
    # 2.252523 as in test_annualized_volatility_hand_computed
    assert p.annualized_volatility([0.5, 0.55, 0.495]) == pytest.approx(2.252523, rel=1e-5)


def test_annualized_volatility_period_boundaries() -> None:
    # one period a year: the sample sd itself, ln(11/9) / sqrt(2) = 0.2006707 / 1.4142136
    assert p.annualized_volatility([100, 110, 99], 1) == pytest.approx(0.1418956, rel=1e-5)
    # zero periods a year is meaningless (not a volatility of 0)
    assert p.annualized_volatility([100, 110, 99], 0) is None


def test_max_drawdown_with_closes_below_one() -> None:
    series = [(D(2024, 1, 1), 0.8), (D(2024, 1, 2), 0.6), (D(2024, 1, 3), 0.7)]
    # 0.6 / 0.8 - 1 = -0.25, peak 01-01, trough 01-02
    assert p.max_drawdown(series) == (pytest.approx(-0.25, rel=1e-12), D(2024, 1, 1), D(2024, 1, 2))


def test_max_drawdown_peak_is_the_first_day_at_the_high() -> None:
    series = [
        (D(2024, 1, 1), 100.0),  # the high is first reached here
        (D(2024, 1, 2), 100.0),  # equal, not a new high
        (D(2024, 1, 3), 80.0),  # 80 / 100 - 1 = -0.20
    ]
    # the decline is measured from when the high was first reached
    assert p.max_drawdown(series) == (pytest.approx(-0.20, rel=1e-12), D(2024, 1, 1), D(2024, 1, 3))


def test_simple_moving_average_window_of_one_is_the_last_close() -> None:
    assert p.simple_moving_average([1, 2, 3], 1) == pytest.approx(3.0, abs=1e-12)


def test_distance_from_reference_below_one() -> None:
    # 0.54 / 0.5 - 1 = 0.08
    assert p.distance_from(0.54, 0.5) == pytest.approx(0.08, rel=1e-12)


def test_range_52_weeks_includes_the_as_of_bar() -> None:
    as_of = D(2023, 6, 30)
    bars = [
        (D(2023, 1, 15), 160.0, 95.0),
        (D(2023, 6, 30), 170.0, 90.0),  # as_of itself holds both the high and the low
    ]
    assert p.range_52_weeks(bars, as_of) == (170.0, 90.0)


def test_range_52_weeks_needs_both_highs_and_lows() -> None:
    as_of = D(2023, 6, 30)
    assert p.range_52_weeks([(D(2023, 1, 15), 160.0, None)], as_of) is None
    assert p.range_52_weeks([(D(2023, 1, 15), None, 95.0)], as_of) is None


def test_position_in_range_missing_bound_is_none() -> None:
    assert p.position_in_range(120, None, 160) is None
    assert p.position_in_range(120, 90, None) is None


def test_max_drawdown_fact_covers_only_the_requested_window() -> None:
    """The window is cut by the caller, ``orchestrations.metrics.price_facts`` (max_drawdown has
    no window of its own): a deeper fall before the window must not leak into the 1Y figure."""
    from types import SimpleNamespace

    from finagent.facts import FactSheet
    from orchestrations.company import CompanyView
    from orchestrations.metrics import price_facts

    series = [
        (D(2022, 1, 3), 100.0),
        (D(2022, 3, 1), 50.0),  # 50 / 100 - 1 = -0.50, but before the window
        (D(2022, 6, 30), 100.0),  # window start: 2023-06-30 minus 12 months
        (D(2023, 1, 3), 120.0),  # peak in the window
        (D(2023, 3, 1), 90.0),  # 90 / 120 - 1 = -0.25, the 1Y drawdown
        (D(2023, 6, 30), 110.0),
    ]
    view = CompanyView(
        data=SimpleNamespace(symbol="TST"),
        as_of=D(2023, 6, 30),
        price=110.0,
        market_cap=None,
        years=[],
        series=series,
        raw_closes=series,
        total_return=False,
        highs_lows=[],
    )
    sheet = FactSheet()
    price_facts(sheet, view, [], drawdown_years=1)
    fact = sheet.get("TST.max_drawdown")
    assert fact is not None
    assert fact.value == pytest.approx(-25.0, rel=1e-12)
    assert fact.label == "Max drawdown 1Y"
    assert fact.period == "2022-06-30 to 2023-06-30"
    assert fact.note == "peak 2023-01-03, trough 2023-03-01"
