"""The pure formulas behind each figure's basis, with hand-checked values."""

from __future__ import annotations

from datetime import date

import pytest

from orchestrations.analytics import fundamentals as f
from orchestrations.analytics import prices as px


def test_common_and_tangible_equity() -> None:
    assert f.common_equity(327_878, 27_404) == 300_474  # JPM FY2023, millions
    assert f.common_equity(206_223, None) == 206_223  # no preferred line: none
    assert f.common_equity(None, 5) is None
    assert f.tangible(300_474, 64_381) == 236_093
    assert f.tangible(300_474, None) is None  # unknown intangibles never count as zero


@pytest.mark.parametrize(
    ("now", "before", "assets", "problem"),
    [
        (1_073, -6_220, 134_384, "equity changed sign during the year"),  # ORCL
        (-1, 5, 100, "equity not positive"),
        (0, 5, 100, "equity not positive"),
        (1, 1, 100, "equity near zero (1.0% of assets)"),
        (2.1, 2, 100, None),  # just above 2 % of assets
        (300_474, 264_928, 3_875_393, None),  # JPM: 7.8 % of assets is a bank's normal
        (10, None, None, None),
    ],
)
def test_equity_problem(now, before, assets, problem) -> None:
    assert f.equity_problem(now, before, assets) == problem


def test_return_on_average_balance() -> None:
    assert f.return_on_average(49_552, 300_474, 264_928) == pytest.approx(49_552 / 282_701)
    assert f.return_on_average(10, 100, None) == pytest.approx(0.1)  # the closing one alone
    assert f.return_on_average(10, -100, 50) is None


def test_material_discontinued_operations() -> None:
    assert f.discontinued_is_material(35_153, 21_827)  # JNJ FY2023
    assert f.discontinued_is_material(100, 5)  # exactly 5 %
    assert not f.discontinued_is_material(100, 4.9)
    assert not f.discontinued_is_material(100, None) and not f.discontinued_is_material(0, 5)
    assert f.per_share(13_326, 2_560.4) == pytest.approx(5.20465, rel=1e-5)


@pytest.mark.parametrize(
    ("eps", "problem"),
    [
        ([3.28, 5.61, 6.11, 6.13], None),  # AAPL FY2020-FY2023: 23.2 % a year
        ([5.0, 4.0, 3.0], "EPS fell"),
        ([5.0, -1.0, 6.0], "a year with missing or non-positive EPS"),
        ([5.0, None, 6.0], "a year with missing or non-positive EPS"),
        ([5.0, 5.05, 5.1], "EPS grew under 2% a year"),  # 1.0 % a year
        ([0.2, 1.0, 3.0], "EPS grew over 50% a year, a rebound rather than a growth rate"),
    ],
)
def test_eps_growth_problem(eps, problem) -> None:
    assert f.eps_growth_problem(eps) == problem


def test_annualised_return_dividends_payout_and_fcf_after_sbc() -> None:
    # (1 + 2.96527) ** (1/5) - 1 = 0.31744
    assert f.annualized_return(2.96527, 5) == pytest.approx(3.96527**0.2 - 1)
    assert f.annualized_return(-1.0, 5) is None and f.annualized_return(0.5, 0) is None
    assert f.dividend_yield(-11_770, 384_247) == pytest.approx(11_770 / 384_247)
    assert f.dividend_yield(0.0, 100) == 0.0 and f.dividend_yield(None, 100) is None
    assert f.payout_ratio(-11_770, 13_326) == pytest.approx(11_770 / 13_326)
    assert f.payout_ratio(-5, -10) is None
    assert f.fcf_after_sbc(99_584, 10_833) == 88_751
    assert f.fcf_after_sbc(99_584, -10_833) == 88_751  # sign ignored
    assert f.fcf_after_sbc(None, 1) is None


def test_window_start_takes_the_first_trading_day_within_a_week() -> None:
    series = [(date(2019, 3, 11), 10.0), (date(2020, 3, 9), 11.0), (date(2024, 3, 8), 20.0)]
    # 5 years before 2024-03-08 is 2019-03-08 (a Friday); the first bar is 3 days later
    assert px.window_start(series, date(2024, 3, 8), 60) == (date(2019, 3, 11), 10.0)
    assert px.window_start(series, date(2024, 3, 8), 60, tolerance_days=2) is None
    assert px.window_start(series, date(2024, 3, 1), 60) is None  # starts 10 days too late
    assert px.trailing_return(series, date(2024, 3, 8), 60) is None  # strict by default
    assert px.trailing_return(series, date(2024, 3, 8), 60, 7) == pytest.approx(1.0)


# --- boundaries (found by mutation testing) -----------------------------------------------------


def test_equity_problem_boundaries() -> None:
    assert f.equity_problem(10, 0, 100) == "equity changed sign during the year"  # from exactly 0
    assert f.equity_problem(2, 5, 100) is None  # exactly 2 % of assets is not "near zero"
    assert f.equity_problem(1.99, 5, 100) == "equity near zero (2.0% of assets)"
    assert f.equity_problem(0.5, 5, 0.8) is None  # assets under 1 (units): still a ratio
    assert f.equity_problem(1, 5, 0) is None and f.equity_problem(1, 5, None) is None


def test_eps_growth_problem_boundaries() -> None:
    assert f.eps_growth_problem([0.0, 1.0, 2.0]) == "a year with missing or non-positive EPS"
    # the CAGR runs from the first to the last year over len - 1 years: 1 -> 1.21 over 2 = 10 %
    assert f.eps_growth_problem([1.0, 5.0, 1.21]) is None
    assert f.eps_growth_problem([1.0, 0.5, 1.0]) == "EPS fell"  # flat counts as no growth
    assert f.eps_growth_problem([1.0, 1.0, 1.02**2]) is None  # exactly 2 % a year
    assert f.eps_growth_problem([1.0, 1.0, 1.5**2]) is None  # exactly 50 % a year
    assert f.eps_growth_problem([2.0, 3.0, 4.0, 5.0]) is None  # 35.7 % a year over 3 years
    assert f.eps_growth_problem([1.0, 3.0, 2.0]) is None  # 41 % a year: the middle does not count


def test_annualised_return_boundaries() -> None:
    assert f.annualized_return(0.21, 2) == pytest.approx(0.1)
    assert f.annualized_return(-0.36, 2) == pytest.approx(-0.2)  # 0.64 ** 0.5 - 1
    assert f.annualized_return(3.0, 0.5) == pytest.approx(15.0)  # 4 ** 2 - 1: under a year
    assert f.annualized_return(-1.5, 2) is None and f.annualized_return(0.2, -1) is None
    assert f.annualized_return(None, 2) is None and f.annualized_return(0.2, None) is None


def test_cash_and_short_term_investments_without_the_combined_line() -> None:
    from types import SimpleNamespace

    from orchestrations.metric_inputs import cash_and_sti

    def view(**balance):
        fields = {"cash_and_short_term_investments": None, "cash_and_cash_equivalents": None,
                  "short_term_investments": None, **balance}  # fmt: skip
        year = SimpleNamespace(balance=SimpleNamespace(**fields))
        return SimpleNamespace(fy=year)

    assert (
        cash_and_sti(view(cash_and_short_term_investments=25.0, cash_and_cash_equivalents=7.0))
        == 25.0
    )
    assert cash_and_sti(view(cash_and_cash_equivalents=7.0, short_term_investments=18.0)) == 25.0
    assert cash_and_sti(view(cash_and_cash_equivalents=7.0)) == 7.0  # no STI line: cash alone
    assert cash_and_sti(view(short_term_investments=18.0)) is None  # no cash line: unknown
