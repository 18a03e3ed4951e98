"""Tests for orchestrations.analytics.fundamentals: hand-computed values and every None case."""

from __future__ import annotations

import math

import pytest

from orchestrations.analytics import fundamentals as f

NAN = math.nan


# --- growth ----------------------------------------------------------------------------------


def test_growth_hand_values() -> None:
    # 100 -> 121: 21 / 100 = 0.21
    assert f.growth(121, 100) == pytest.approx(0.21, rel=1e-12)
    # 100 -> 90: -10 / 100 = -0.10
    assert f.growth(90, 100) == pytest.approx(-0.10, rel=1e-12)


@pytest.mark.parametrize(
    ("current", "previous"),
    [(10, None), (None, 10), (10, 0), (10, -5), (NAN, 10), (10, NAN)],
)
def test_growth_none(current: float | None, previous: float | None) -> None:
    assert f.growth(current, previous) is None


def test_cagr_hand_values() -> None:
    # 100 -> 121 over 2 years: sqrt(1.21) - 1 = 1.1 - 1 = 0.10
    assert f.cagr(100, 121, 2) == pytest.approx(0.10, rel=1e-12)
    # 100 -> 200 over 1 year: 2 - 1 = 1.0
    assert f.cagr(100, 200, 1) == pytest.approx(1.0, rel=1e-12)
    # 80 -> 10 over 3 years: (1/8) ** (1/3) - 1 = 0.5 - 1 = -0.5
    assert f.cagr(80, 10, 3) == pytest.approx(-0.5, rel=1e-12)


@pytest.mark.parametrize(
    ("first", "last", "years"),
    [
        (0, 100, 2),
        (-10, 100, 2),
        (100, 0, 2),
        (100, -5, 2),
        (100, 121, 0),
        (100, 121, -1),
        (None, 121, 2),
        (100, None, 2),
        (100, 121, None),
        (NAN, 121, 2),
    ],
)
def test_cagr_none(first: float | None, last: float | None, years: float | None) -> None:
    assert f.cagr(first, last, years) is None


# --- profitability ---------------------------------------------------------------------------


def test_margin_hand_value() -> None:
    # 36.7 / 100 = 0.367 (a fraction, not 36.7)
    assert f.margin(36.7, 100) == pytest.approx(0.367, rel=1e-12)
    # a loss gives a negative margin: -5 / 50 = -0.10
    assert f.margin(-5, 50) == pytest.approx(-0.10, rel=1e-12)


@pytest.mark.parametrize(("num", "rev"), [(10, None), (10, 0), (10, -100), (None, 100)])
def test_margin_none(num: float | None, rev: float | None) -> None:
    assert f.margin(num, rev) is None


def test_average() -> None:
    # (10 + 20) / 2 = 15
    assert f.average(10, 20) == pytest.approx(15.0, abs=1e-12)
    assert f.average(None, 20) == pytest.approx(20.0, abs=1e-12)
    assert f.average(10, None) == pytest.approx(10.0, abs=1e-12)
    assert f.average(NAN, 20) == pytest.approx(20.0, abs=1e-12)
    assert f.average(None, None) is None


def test_roe_jpmorgan_fy2023() -> None:
    # 49,552 / 327,878 ($m): 327,878 * 0.15 = 49,181.7; 370.3 / 327,878 = 0.001129 -> 0.15113
    assert f.roe(49_552_000_000, 327_878_000_000) == pytest.approx(0.15113, rel=1e-4)


@pytest.mark.parametrize(("ni", "eq"), [(10, 0), (10, -100), (10, None), (None, 100)])
def test_roe_none(ni: float | None, eq: float | None) -> None:
    assert f.roe(ni, eq) is None


def test_roa() -> None:
    # 10 / 200 = 0.05
    assert f.roa(10, 200) == pytest.approx(0.05, rel=1e-12)
    assert f.roa(10, 0) is None
    assert f.roa(10, -1) is None
    assert f.roa(None, 200) is None


def test_effective_tax_rate() -> None:
    # 21 / 100 = 0.21
    assert f.effective_tax_rate(21, 100) == pytest.approx(0.21, rel=1e-12)
    # tax benefit: -5 / 100 = -0.05 -> clamped to 0
    assert f.effective_tax_rate(-5, 100) == pytest.approx(0.0, abs=1e-12)
    # 150 / 100 = 1.5 -> clamped to 1
    assert f.effective_tax_rate(150, 100) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(("tax", "pretax"), [(5, 0), (5, -10), (None, 100), (5, None)])
def test_effective_tax_rate_none(tax: float | None, pretax: float | None) -> None:
    assert f.effective_tax_rate(tax, pretax) is None


def test_roic_hand_value() -> None:
    # NOPAT = 100 * (1 - 0.25) = 75; invested capital = 200 + 400 - 100 = 500; 75 / 500 = 0.15
    assert f.roic(100, 0.25, 200, 400, 100) == pytest.approx(0.15, rel=1e-12)


@pytest.mark.parametrize(
    "args",
    [
        (100, 0.25, 0, 100, 150),  # invested capital 0 + 100 - 150 = -50
        (100, 0.25, 50, 100, 150),  # invested capital exactly 0
        (None, 0.25, 200, 400, 100),
        (100, None, 200, 400, 100),
        (100, 0.25, None, 400, 100),
        (100, 0.25, 200, None, 100),
        (100, 0.25, 200, 400, None),
    ],
)
def test_roic_none(args: tuple) -> None:
    assert f.roic(*args) is None


# --- balance sheet ---------------------------------------------------------------------------


def test_debt_to_equity() -> None:
    # 150 / 300 = 0.5
    assert f.debt_to_equity(150, 300) == pytest.approx(0.5, rel=1e-12)
    assert f.debt_to_equity(150, 0) is None
    assert f.debt_to_equity(150, -300) is None
    assert f.debt_to_equity(None, 300) is None


def test_equity_to_assets_jpmorgan_fy2023() -> None:
    # 327,878 / 3,875,393 ($m): 3,875,393 * 0.0846 = 327,858.2; 19.8 / 3,875,393 = 0.0000051
    # -> 0.084605 ~ 0.08461
    assert f.equity_to_assets(327_878_000_000, 3_875_393_000_000) == pytest.approx(
        0.08461, rel=1e-4
    )
    assert f.equity_to_assets(100, 0) is None
    assert f.equity_to_assets(100, None) is None
    assert f.equity_to_assets(None, 1000) is None


def test_current_ratio() -> None:
    # 300 / 200 = 1.5
    assert f.current_ratio(300, 200) == pytest.approx(1.5, rel=1e-12)
    assert f.current_ratio(300, 0) is None
    assert f.current_ratio(300, -1) is None
    assert f.current_ratio(300, None) is None
    assert f.current_ratio(None, 200) is None


def test_interest_coverage() -> None:
    # 500 / |-50| = 10, and the same when interest is reported positive
    assert f.interest_coverage(500, -50) == pytest.approx(10.0, rel=1e-12)
    assert f.interest_coverage(500, 50) == pytest.approx(10.0, rel=1e-12)
    # an operating loss gives a negative coverage: -100 / 50 = -2
    assert f.interest_coverage(-100, 50) == pytest.approx(-2.0, rel=1e-12)


def test_interest_coverage_none() -> None:
    assert f.interest_coverage(500, 0) is None  # no interest to cover: not meaningful
    assert f.interest_coverage(500, None) is None
    assert f.interest_coverage(None, 50) is None


# --- cash flow -------------------------------------------------------------------------------


def test_free_cash_flow_microsoft_fy2023_negative_capex() -> None:
    # FMP: operatingCashFlow 87,582m, capitalExpenditure -28,107m -> 87,582 - 28,107 = 59,475m
    assert f.free_cash_flow(87_582_000_000, -28_107_000_000) == pytest.approx(
        59_475_000_000, abs=0.5
    )


def test_free_cash_flow_apple_negative_capex() -> None:
    # FY2024: 118,254m + (-9,447m) = 108,807m
    assert f.free_cash_flow(118_254_000_000, -9_447_000_000) == pytest.approx(
        108_807_000_000, abs=0.5
    )
    # FY2023 (snapshot data): 110,543m + (-10,959m) = 99,584m
    assert f.free_cash_flow(110_543_000_000, -10_959_000_000) == pytest.approx(
        99_584_000_000, abs=0.5
    )


def test_free_cash_flow_unsigned_capex_is_an_outflow() -> None:
    # capex reported unsigned as 30: 100 - 30 = 70 (same as FMP's -30)
    assert f.free_cash_flow(100, 30) == pytest.approx(70.0, abs=1e-12)
    assert f.free_cash_flow(100, -30) == pytest.approx(70.0, abs=1e-12)
    assert f.free_cash_flow(100, 0) == pytest.approx(100.0, abs=1e-12)


def test_free_cash_flow_none() -> None:
    # JPMorgan's FMP cash-flow statement has capitalExpenditure null: do not assume zero
    assert f.free_cash_flow(12_974_000_000, None) is None
    assert f.free_cash_flow(None, -10) is None
    assert f.free_cash_flow(100, NAN) is None


def test_fcf_yield() -> None:
    # 5 / 100 = 0.05
    assert f.fcf_yield(5, 100) == pytest.approx(0.05, rel=1e-12)
    assert f.fcf_yield(5, 0) is None
    assert f.fcf_yield(5, -100) is None
    assert f.fcf_yield(None, 100) is None


# --- valuation -------------------------------------------------------------------------------


def test_pe() -> None:
    # 150 / 6 = 25
    assert f.pe(150, 6) == pytest.approx(25.0, rel=1e-12)


@pytest.mark.parametrize(("price", "eps"), [(150, -1.5), (150, 0), (150, None), (None, 6)])
def test_pe_none(price: float | None, eps: float | None) -> None:
    assert f.pe(price, eps) is None


def test_price_to_sales() -> None:
    # 1000 / 250 = 4
    assert f.price_to_sales(1000, 250) == pytest.approx(4.0, rel=1e-12)
    assert f.price_to_sales(1000, 0) is None
    assert f.price_to_sales(1000, None) is None
    assert f.price_to_sales(None, 250) is None


def test_price_to_book() -> None:
    # 1000 / 400 = 2.5
    assert f.price_to_book(1000, 400) == pytest.approx(2.5, rel=1e-12)
    assert f.price_to_book(1000, 0) is None
    assert f.price_to_book(1000, -400) is None
    assert f.price_to_book(None, 400) is None


def test_price_to_tangible_book() -> None:
    # tangible equity 400 - 150 = 250; 1000 / 250 = 4
    assert f.price_to_tangible_book(1000, 400, 150) == pytest.approx(4.0, rel=1e-12)
    assert f.price_to_tangible_book(1000, 400, 0) == pytest.approx(2.5, rel=1e-12)


@pytest.mark.parametrize(
    "args",
    [
        (1000, 400, 400),  # tangible equity 0
        (1000, 400, 500),  # tangible equity -100
        (1000, 400, None),  # unknown intangibles: do not assume zero
        (1000, None, 150),
        (None, 400, 150),
    ],
)
def test_price_to_tangible_book_none(args: tuple) -> None:
    assert f.price_to_tangible_book(*args) is None


def test_enterprise_value() -> None:
    # 1000 + 200 - 50 = 1150
    assert f.enterprise_value(1000, 200, 50) == pytest.approx(1150.0, abs=1e-9)
    assert isinstance(f.enterprise_value(1000, 200, 50), float)
    assert f.enterprise_value(None, 200, 50) is None
    assert f.enterprise_value(1000, None, 50) is None
    assert f.enterprise_value(1000, 200, None) is None


def test_ev_to_ebitda() -> None:
    # 1150 / 115 = 10
    assert f.ev_to_ebitda(1150, 115) == pytest.approx(10.0, rel=1e-12)
    assert f.ev_to_ebitda(1150, 0) is None
    assert f.ev_to_ebitda(1150, -20) is None
    assert f.ev_to_ebitda(None, 115) is None


def test_net_debt_to_ebitda() -> None:
    # (300 - 100) / 50 = 4; net cash (100 - 300) / 50 = -4
    assert f.net_debt_to_ebitda(300, 100, 50) == pytest.approx(4.0, rel=1e-12)
    assert f.net_debt_to_ebitda(100, 300, 50) == pytest.approx(-4.0, rel=1e-12)
    assert f.net_debt_to_ebitda(300, 100, 0) is None
    assert f.net_debt_to_ebitda(300, 100, -50) is None
    assert f.net_debt_to_ebitda(None, 100, 50) is None
    assert f.net_debt_to_ebitda(300, None, 50) is None


def test_peg() -> None:
    # 20 / (0.10 * 100) = 20 / 10 = 2
    assert f.peg(20, 0.10) == pytest.approx(2.0, rel=1e-12)
    # 30 / (0.25 * 100) = 1.2
    assert f.peg(30, 0.25) == pytest.approx(1.2, rel=1e-12)


@pytest.mark.parametrize(("pe_ratio", "g"), [(20, 0), (20, -0.1), (20, None), (None, 0.1)])
def test_peg_none(pe_ratio: float | None, g: float | None) -> None:
    assert f.peg(pe_ratio, g) is None


# --- peer comparison -------------------------------------------------------------------------


def test_median() -> None:
    # sorted present values 1, 2, 3 -> 2
    assert f.median([3, None, 1, 2]) == pytest.approx(2.0, abs=1e-12)
    # 1, 2, 3, 4 -> (2 + 3) / 2 = 2.5
    assert f.median([4, 1, 3, 2]) == pytest.approx(2.5, abs=1e-12)
    assert f.median([]) is None
    assert f.median([None, None]) is None
    assert f.median([NAN, 5.0]) == pytest.approx(5.0, abs=1e-12)


def test_rank() -> None:
    peers = [10, None, 30, 20]
    assert f.rank(30, peers) == 1
    assert f.rank(10, peers) == 3
    # lower is better (e.g. a valuation multiple): 10 is best, 30 is worst
    assert f.rank(10, peers, higher_is_better=False) == 1
    assert f.rank(30, peers, higher_is_better=False) == 3
    # ties share the better rank: one value (30) beats 20
    assert f.rank(20, [20, 30, 20]) == 2
    assert f.rank(None, peers) is None


# --- boundaries found by mutation testing ------------------------------------------------------
# Amounts between 0 and 1 are ordinary (EPS of $0.50, figures in billions, growth of 5%): only
# zero and negative values are "not meaningful", so each rule is checked just above zero.


def test_finite_rejects_booleans() -> None:
    # float(True) is 1.0, but a flag is not an amount
    assert f.finite(True) is None
    assert f.finite(False) is None
    assert f.finite(1) == 1.0


def test_ratios_with_a_denominator_between_zero_and_one() -> None:
    # revenue 0.5 (e.g. $0.5bn), net income 0.2: 0.2 / 0.5 = 0.4
    assert f.margin(0.2, 0.5) == pytest.approx(0.4, rel=1e-12)
    # EPS $0.50, price $10: 10 / 0.5 = 20
    assert f.pe(10.0, 0.5) == pytest.approx(20.0, rel=1e-12)


def test_growth_from_a_base_between_zero_and_one() -> None:
    # 0.5 -> 0.75: (0.75 - 0.5) / 0.5 = 0.5
    assert f.growth(0.75, 0.5) == pytest.approx(0.5, rel=1e-12)


def test_cagr_with_values_between_zero_and_one() -> None:
    # 0.5 -> 2.0 over 2 years: (2.0 / 0.5) ** (1 / 2) - 1 = 4 ** 0.5 - 1 = 1.0
    assert f.cagr(0.5, 2.0, 2) == pytest.approx(1.0, rel=1e-12)
    # 2.0 -> 0.5 over 2 years: 0.25 ** 0.5 - 1 = -0.5
    assert f.cagr(2.0, 0.5, 2) == pytest.approx(-0.5, rel=1e-12)


def test_peg_boundaries() -> None:
    # P/E 0.5 with 5% growth: 0.5 / (0.05 * 100) = 0.5 / 5 = 0.1
    assert f.peg(0.5, 0.05) == pytest.approx(0.1, rel=1e-12)
    # a P/E of exactly 0 is not meaningful, like a negative one
    assert f.peg(0.0, 0.05) is None
