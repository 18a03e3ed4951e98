"""Pure fundamental-analysis formulas: growth, margins, returns on capital, leverage, valuation.

Every function takes plain numbers (never dicts) and returns ``float | None``.
Rule: missing or meaningless inputs give ``None`` -- never a crash and never a made-up zero.
Inputs that are ``None``, NaN or infinite count as missing; a ratio whose denominator is zero
or negative where the ratio would not be meaningful (e.g. ROE on negative equity) is ``None``.
The caller turns ``None`` into a warning; nothing here logs.

All percentages, margins, growth rates and returns are FRACTIONS (0.367 means 36.7%).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

Number = float | None  # ints are accepted too (PEP 484 numeric tower)


def finite(value: Number) -> float | None:
    """Return ``value`` as a finite float, or None if it is missing, NaN or infinite."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def _ratio(numerator: Number, denominator: Number) -> float | None:
    """numerator / denominator, None unless both present and the denominator is positive."""
    num, den = finite(numerator), finite(denominator)
    if num is None or den is None or den <= 0:
        return None
    return num / den


def growth(current: Number, previous: Number) -> float | None:
    """Period-over-period growth: (current - previous) / previous.

    Growth from a zero or negative base (e.g. a loss turning into a profit) has no meaningful
    percentage, so it is None.
    """
    cur, prev = finite(current), finite(previous)
    if cur is None or prev is None or prev <= 0:
        return None
    return (cur - prev) / prev


def cagr(first: Number, last: Number, years: Number) -> float | None:
    """Compound annual growth rate: (last / first) ** (1 / years) - 1.

    The constant yearly rate turning ``first`` into ``last``; only meaningful for two positive
    values over a positive span of years.
    """
    a, b, n = finite(first), finite(last), finite(years)
    if a is None or b is None or n is None or a <= 0 or b <= 0 or n <= 0:
        return None
    try:
        result = (b / a) ** (1.0 / n) - 1.0
    except OverflowError:
        return None
    return finite(result)


def margin(numerator: Number, revenue: Number) -> float | None:
    """Share of each revenue dollar kept as ``numerator`` (gross/operating/net profit, FCF...)."""
    return _ratio(numerator, revenue)


def average(a: Number, b: Number) -> float | None:
    """Mean of two balances (opening/closing equity or assets); the one present if only one is.

    Return ratios on an average balance are fairer when the balance moved during the year.
    """
    x, y = finite(a), finite(b)
    if x is None:
        return y
    if y is None:
        return x
    return (x + y) / 2.0


def roe(net_income: Number, equity: Number) -> float | None:
    """Return on equity: profit per dollar of equity; None if equity <= 0 (e.g. buybacks)."""
    return _ratio(net_income, equity)


def roa(net_income: Number, total_assets: Number) -> float | None:
    """Return on assets: profit per dollar of assets; the key profitability gauge for banks."""
    return _ratio(net_income, total_assets)


def effective_tax_rate(income_tax_expense: Number, income_before_tax: Number) -> float | None:
    """Share of pre-tax income actually paid as income tax, clamped to [0, 1].

    None when pre-tax income is zero or negative (a rate on a loss means nothing). Clamping
    keeps one-off tax benefits or charges from producing a nonsense rate for NOPAT.
    """
    rate = _ratio(income_tax_expense, income_before_tax)
    if rate is None:
        return None
    return min(1.0, max(0.0, rate))


def roic(
    operating_income: Number,
    tax_rate: Number,
    total_debt: Number,
    total_equity: Number,
    cash: Number,
) -> float | None:
    """Return on invested capital: after-tax operating profit per dollar of capital employed.

    NOPAT = operating_income * (1 - tax_rate); invested capital = debt + equity - cash.
    None if any input is missing or invested capital is not positive.
    """
    ebit, rate = finite(operating_income), finite(tax_rate)
    debt, equity, cash_ = finite(total_debt), finite(total_equity), finite(cash)
    if ebit is None or rate is None or debt is None or equity is None or cash_ is None:
        return None
    return _ratio(ebit * (1.0 - rate), debt + equity - cash_)


def debt_to_equity(total_debt: Number, equity: Number) -> float | None:
    """Financial leverage: dollars of debt per dollar of equity (None if equity <= 0)."""
    return _ratio(total_debt, equity)


def equity_to_assets(equity: Number, total_assets: Number) -> float | None:
    """Bank leverage measure: equity cushion per dollar of assets (higher = less leveraged)."""
    return _ratio(equity, total_assets)


def current_ratio(current_assets: Number, current_liabilities: Number) -> float | None:
    """Short-term liquidity: current assets available per dollar of current liabilities."""
    return _ratio(current_assets, current_liabilities)


def interest_coverage(operating_income: Number, interest_expense: Number) -> float | None:
    """How many times operating income covers interest: operating_income / |interest_expense|.

    Sources differ on the sign of interest expense, hence the absolute value. With no interest
    expense there is nothing to cover and the ratio is not meaningful: None.
    """
    ebit, interest = finite(operating_income), finite(interest_expense)
    if ebit is None or interest is None or interest == 0:
        return None
    return ebit / abs(interest)


def free_cash_flow(operating_cash_flow: Number, capital_expenditure: Number) -> float | None:
    """Cash left after maintaining and growing the asset base: OCF minus capex spent.

    FMP reports capex as a negative number (FCF = OCF + capex); some sources report it
    unsigned, so a positive capex is also treated as an outflow. Missing capex gives None:
    assuming zero would overstate FCF.
    """
    ocf, capex = finite(operating_cash_flow), finite(capital_expenditure)
    if ocf is None or capex is None:
        return None
    return ocf - abs(capex)


def fcf_yield(free_cash_flow: Number, market_cap: Number) -> float | None:
    """Free cash flow per dollar of market value: the owner's cash 'earnings yield'."""
    return _ratio(free_cash_flow, market_cap)


def pe(price: Number, eps: Number) -> float | None:
    """Price/earnings: dollars paid per dollar of earnings; None if EPS <= 0 (not meaningful)."""
    return _ratio(price, eps)


def price_to_sales(market_cap: Number, revenue: Number) -> float | None:
    """Market value per dollar of revenue; usable when earnings are negative."""
    return _ratio(market_cap, revenue)


def price_to_book(market_cap: Number, equity: Number) -> float | None:
    """Market value per dollar of book equity (None if equity <= 0)."""
    return _ratio(market_cap, equity)


def price_to_tangible_book(
    market_cap: Number, equity: Number, goodwill_and_intangibles: Number
) -> float | None:
    """Market value per dollar of tangible equity (equity minus goodwill and intangibles).

    Preferred for banks, where intangibles cannot absorb losses. None if tangible equity is
    not positive, or if goodwill/intangibles is unknown (assuming zero would flatter the ratio).
    """
    eq, intangibles = finite(equity), finite(goodwill_and_intangibles)
    if eq is None or intangibles is None:
        return None
    return _ratio(market_cap, eq - intangibles)


def enterprise_value(market_cap: Number, total_debt: Number, cash: Number) -> float | None:
    """Value of the whole business to all capital providers: market cap + debt - cash."""
    cap, debt, cash_ = finite(market_cap), finite(total_debt), finite(cash)
    if cap is None or debt is None or cash_ is None:
        return None
    return cap + debt - cash_


def ev_to_ebitda(enterprise_value: Number, ebitda: Number) -> float | None:
    """Capital-structure-neutral valuation multiple; None if EBITDA <= 0."""
    return _ratio(enterprise_value, ebitda)


def net_debt_to_ebitda(total_debt: Number, cash: Number, ebitda: Number) -> float | None:
    """Years of EBITDA needed to repay debt net of cash (negative = net cash); None if EBITDA<=0."""
    debt, cash_ = finite(total_debt), finite(cash)
    if debt is None or cash_ is None:
        return None
    return _ratio(debt - cash_, ebitda)


def peg(pe_ratio: Number, eps_growth: Number) -> float | None:
    """P/E divided by EPS growth in percentage points: pe / (eps_growth * 100).

    Around 1 means the multiple is 'paid for' by growth. None if growth <= 0 or the P/E is
    missing or not positive (neither is meaningful).
    """
    ratio, grow = finite(pe_ratio), finite(eps_growth)
    if ratio is None or grow is None or ratio <= 0 or grow <= 0:
        return None
    return ratio / (grow * 100.0)


def median(values: Sequence[Number]) -> float | None:
    """Median of the present values (None/NaN skipped), e.g. a peer-group median multiple."""
    present = [v for v in (finite(x) for x in values) if v is not None]
    if not present:
        return None
    return float(statistics.median(present))


def rank(value: Number, values: Sequence[Number], higher_is_better: bool = True) -> int | None:
    """1-based rank of ``value`` among the present values (1 = best).

    Ties share the better rank (competition ranking: 1 + count of strictly better values).
    ``value`` need not appear in ``values``. None if ``value`` is missing.
    """
    v = finite(value)
    if v is None:
        return None
    present = [x for x in (finite(y) for y in values) if x is not None]
    if higher_is_better:
        better = sum(1 for x in present if x > v)
    else:
        better = sum(1 for x in present if x < v)
    return better + 1


# --- the basis of a figure: common equity, continuing operations, multi-year growth ------------

#: equity below this share of total assets is "near zero": ratios on it are not meaningful
NEAR_ZERO_EQUITY = 0.02
#: discontinued operations at or above this share of net income are material
MATERIAL_DISCONTINUED = 0.05
#: EPS growth below this yearly rate is too small to divide a P/E by; above the cap, a rebound
GROWTH_FLOOR, GROWTH_CAP = 0.02, 0.5


def common_equity(stockholders_equity: Number, preferred_stock: Number) -> float | None:
    """Equity that belongs to common shareholders: stockholders' equity minus preferred stock
    (a missing preferred line counts as none; banks report it, e.g. JPM $27.4B)."""
    equity = finite(stockholders_equity)
    if equity is None:
        return None
    return equity - (finite(preferred_stock) or 0.0)


def tangible(equity: Number, goodwill_and_intangibles: Number) -> float | None:
    """Equity minus goodwill and intangibles; None when the intangibles are unknown."""
    eq, intangibles = finite(equity), finite(goodwill_and_intangibles)
    if eq is None or intangibles is None:
        return None
    return eq - intangibles


def equity_problem(equity: Number, prior_equity: Number, total_assets: Number) -> str | None:
    """Why ratios on this equity are not meaningful — negative, near zero (under 2% of assets)
    or changed sign since the prior year-end — or None when they are."""
    now, before, assets = finite(equity), finite(prior_equity), finite(total_assets)
    if now is None:
        return None
    if now <= 0:
        return "equity not positive"
    if before is not None and before <= 0:
        return "equity changed sign during the year"
    if assets is not None and assets > 0 and now / assets < NEAR_ZERO_EQUITY:
        return f"equity near zero ({now / assets:.1%} of assets)"
    return None


def return_on_average(income: Number, balance: Number, prior_balance: Number) -> float | None:
    """Income over the average of the opening and closing balance (the closing one alone when
    there is no opening one); None unless that average is positive."""
    return _ratio(income, average(balance, prior_balance))


def discontinued_is_material(net_income: Number, discontinued: Number) -> bool:
    """Discontinued operations of at least 5% of net income (JNJ FY2023: $21.8B of $35.2B)."""
    total, gone = finite(net_income), finite(discontinued)
    if total is None or gone is None or total == 0:
        return False
    return abs(gone) >= MATERIAL_DISCONTINUED * abs(total)


def per_share(amount: Number, diluted_shares: Number) -> float | None:
    """An amount per diluted share (e.g. EPS from continuing operations)."""
    return _ratio(amount, diluted_shares)


def eps_growth_problem(eps_oldest_first: Sequence[Number]) -> str | None:
    """Why a multi-year EPS growth rate is not a rate to divide a P/E by, or None."""
    values = [finite(v) for v in eps_oldest_first]
    if any(v is None or v <= 0 for v in values):
        return "a year with missing or non-positive EPS"
    rate = cagr(values[0], values[-1], len(values) - 1)
    if rate is None or rate <= 0:
        return "EPS fell"
    if rate < GROWTH_FLOOR:
        return f"EPS grew under {GROWTH_FLOOR:.0%} a year"
    if rate > GROWTH_CAP:
        return f"EPS grew over {GROWTH_CAP:.0%} a year, a rebound rather than a growth rate"
    return None


def annualized_return(total_return: Number, years: Number) -> float | None:
    """The yearly rate that compounds to ``total_return`` over ``years`` (a fraction)."""
    r, n = finite(total_return), finite(years)
    if r is None or n is None or n <= 0 or r <= -1:
        return None
    return cagr(1.0, 1.0 + r, n)


def dividend_yield(dividends_paid: Number, market_cap: Number) -> float | None:
    """Dividends paid in the fiscal year (sign ignored: FMP reports them negative) over market
    cap; 0 when the company paid none (a reported 0), None when the field is missing."""
    paid = finite(dividends_paid)
    return None if paid is None else _ratio(abs(paid), market_cap)


def payout_ratio(dividends_paid: Number, net_income: Number) -> float | None:
    """Share of net income paid out as dividends; None when net income is not positive."""
    paid = finite(dividends_paid)
    return None if paid is None else _ratio(abs(paid), net_income)


def fcf_after_sbc(free_cash_flow_: Number, stock_based_compensation: Number) -> float | None:
    """Free cash flow minus stock-based compensation (a real cost paid in shares)."""
    fcf, sbc = finite(free_cash_flow_), finite(stock_based_compensation)
    if fcf is None or sbc is None:
        return None
    return fcf - abs(sbc)
