"""What the metric table's rows read: period rules, statement fields, and the basis of each
figure — common equity (preferred stock out), earnings on continuing operations when discontinued
ones are material, cash with short-term investments. Plain functions of a ``CompanyView``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .analytics import fundamentals as f
from .analytics import prices as px
from .company import CompanyView, FiscalYear

View = CompanyView
Getter = Callable[[View], Any]


# --- period rules and inputs ------------------------------------------------------------------


def fy(view: View) -> FiscalYear:
    assert view.fy is not None  # sections skip companies without a fiscal year
    return view.fy


def fy_label(view: View) -> str:
    return fy(view).label


def fy_vs_prev(view: View) -> str:
    return f"{fy(view).label} vs {view.prev.label}" if view.prev else fy(view).label


def fy_range(view: View) -> str:
    return f"{view.years[-1].label}-{fy(view).label}"


def price_vs_fy(view: View) -> str:
    return f"price {view.as_of} / {fy(view).label}"


def as_of(view: View) -> str:
    return str(view.as_of)


def last_bar(view: View) -> str:
    return str(view.series[-1][0])


def income(name: str) -> Getter:
    return lambda view: getattr(fy(view).income, name)


def prior_income(name: str) -> Getter:
    return lambda view: getattr(view.prev.income, name) if view.prev else None


def balance(name: str) -> Getter:
    return lambda view: getattr(fy(view).balance, name) if fy(view).balance else None


def cash(name: str) -> Getter:
    return lambda view: getattr(fy(view).cash, name) if fy(view).cash else None


def bank(view: View) -> bool:
    return view.is_bank


def not_bank(view: View) -> bool:
    return not view.is_bank


def has_prev(view: View) -> bool:
    return view.prev is not None


def identity(value: float) -> float:
    return value


EQUITY = balance("total_stockholders_equity")
ASSETS = balance("total_assets")
DEBT = balance("total_debt")
CASH = balance("cash_and_cash_equivalents")


def _prior_balance(view: View, name: str) -> Any:
    prior = view.prev.balance if view.prev else None
    return getattr(prior, name) if prior else None


def common_equity(view: View) -> float | None:
    """Stockholders' equity minus preferred stock, at the latest fiscal year-end."""
    return f.common_equity(EQUITY(view), balance("preferred_stock")(view))


def prior_common_equity(view: View) -> float | None:
    return f.common_equity(
        _prior_balance(view, "total_stockholders_equity"), _prior_balance(view, "preferred_stock")
    )


def tangible_common_equity(view: View) -> float | None:
    return f.tangible(common_equity(view), balance("goodwill_and_intangible_assets")(view))


def prior_tangible_common_equity(view: View) -> float | None:
    intangibles = _prior_balance(view, "goodwill_and_intangible_assets")
    return f.tangible(prior_common_equity(view), intangibles)


def equity_problem(view: View) -> str | None:
    return f.equity_problem(common_equity(view), prior_common_equity(view), ASSETS(view))


def cash_and_sti(view: View) -> float | None:
    """Cash, equivalents and short-term investments: what net debt and EV subtract."""
    both = balance("cash_and_short_term_investments")(view)
    if both is not None:
        return both
    cash_, sti = CASH(view), balance("short_term_investments")(view)
    return None if cash_ is None else cash_ + (sti or 0.0)


def enterprise_value(view: View) -> float | None:
    return f.enterprise_value(view.market_cap, DEBT(view), cash_and_sti(view))


def continuing(view: View) -> bool:
    """Earnings on continuing operations: discontinued ones are material in the latest or the
    prior fiscal year (JNJ FY2023: Kenvue, $21.8B of $35.2B net income)."""
    return any(
        f.discontinued_is_material(
            year.income.net_income, year.income.net_income_from_discontinued_operations
        )
        for year in view.years[:2]
    )


def year_earnings(view: View, year: FiscalYear) -> float | None:
    """Net income on the company's basis: continuing operations where that is the basis."""
    i = year.income
    if continuing(view) and i.net_income_from_continuing_operations is not None:
        return i.net_income_from_continuing_operations
    return i.net_income


def year_eps(view: View, year: FiscalYear) -> float | None:
    """Diluted EPS on the company's basis (continuing: continuing net income per diluted share)."""
    if continuing(view):
        return f.per_share(year_earnings(view, year), year.income.weighted_average_shs_out_dil)
    return year.income.eps_diluted


def earnings(view: View) -> float | None:
    return year_earnings(view, fy(view))


def eps(view: View) -> float | None:
    return year_eps(view, fy(view))


def prior_eps(view: View) -> float | None:
    return year_eps(view, view.prev) if view.prev else None


def basis(view: View) -> str:
    """The words that go into a label when earnings are on continuing operations."""
    return ", continuing operations" if continuing(view) else ""


def last_year_closes(view: View) -> list[float] | None:
    end = view.series[-1][0]
    return [close for day, close in view.raw_closes if (end - day).days < 365] or None


def last_close(view: View) -> float:
    return view.raw_closes[-1][1]


def sma(n: int) -> Getter:
    return lambda view: px.simple_moving_average([c for _, c in view.raw_closes], n)


def band(view: View) -> tuple[float, float] | None:
    return px.range_52_weeks(view.highs_lows, view.series[-1][0])


def ttm_eps(view: View) -> float | None:
    """Diluted EPS over the last four quarters, on the company's basis (continuing operations
    where that is the basis); None without four consecutive quarters."""
    quarters = view.ttm_quarters
    if not quarters:
        return None
    if continuing(view):
        values = [
            f.per_share(q.net_income_from_continuing_operations, q.weighted_average_shs_out_dil)
            for q in quarters
        ]
    else:
        values = [q.eps_diluted for q in quarters]
    return None if any(v is None for v in values) else sum(values)


def ttm_label(view: View) -> str:
    quarters = view.ttm_quarters
    return f"price {view.as_of} / TTM to {quarters[0].date}" if quarters else str(view.as_of)
