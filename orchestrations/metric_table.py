"""Every company metric as one row of data: id, label, unit, formula, inputs, period rule,
applicability. ``metrics.py`` is the small interpreter that writes rows to a fact sheet.

Adding a metric is one row here and a hand-checked test. A row's ``inputs`` name each statement
field it reads (the name appears in the warning when a field is missing); its ``formula`` is a
pure analytics function over those inputs, in order, returning ``None`` when the ratio is not
meaningful (``why_none`` says why). ``better`` ranks the metric in sector analyses (with a
sector median); ``peers`` gives it a peer median in the company snapshot.

Banks and brokers (``view.is_bank``) have no gross profit, EBITDA, current ratio or meaningful
free cash flow: they are valued on P/B, P/TBV, ROE, ROA and equity/assets instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .analytics import fundamentals as f
from .analytics import prices as px
from .company import CompanyView, FiscalYear

PCT, X, RATIO, USD = "%", "x", "ratio", "USD"
MONEY, PER_SHARE = "money", "money/share"  # the statements' own currency (view.currency)

View = CompanyView
Getter = Callable[[View], Any]


@dataclass(frozen=True)
class Reading:
    """A formula's value with what only the value knows: its own label, period or note."""

    value: float
    label: str | None = None
    period: str | None = None
    note: str = ""
    warning: str | None = None


@dataclass(frozen=True)
class Metric:
    key: str | Callable[[View], str]
    label: str | Callable[[View], str]
    unit: str
    period: Callable[[View], str]
    source: str
    formula: Callable[..., float | Reading | None]
    inputs: dict[str, Getter] = field(default_factory=dict)
    scale: float = 1
    applies: Callable[[View], bool] = lambda view: True
    why_none: str = "not meaningful"  # "" leaves the figure out silently
    missing: str | None = None  # the warning when an input is missing ("" = none)
    brief: bool = True  # shown in the sector analysis's shorter list
    better: Literal["higher", "lower"] | None = None
    peers: Literal["all", "bank", "other"] | None = None


@dataclass(frozen=True)
class Section:
    """Rows that share a precondition: ``skip(view)`` says why they are left out (a warning),
    ``""`` to leave them out silently, or ``None`` to write them; ``note(view)`` is a warning
    written after them. ``rows`` may depend on the company (one row per fiscal year)."""

    name: str
    rows: Sequence[Metric] | Callable[[View], Sequence[Metric]]
    skip: Callable[[View], str | None] = lambda view: None
    note: Callable[[View], str | None] = lambda view: None


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


def enterprise_value(view: View) -> float | None:
    return f.enterprise_value(view.market_cap, DEBT(view), CASH(view))


def last_year_closes(view: View) -> list[float] | None:
    end = view.series[-1][0]
    return [close for day, close in view.raw_closes if (end - day).days < 365] or None


def last_close(view: View) -> float:
    return view.raw_closes[-1][1]


def sma(n: int) -> Getter:
    return lambda view: px.simple_moving_average([c for _, c in view.raw_closes], n)


def band(view: View) -> tuple[float, float] | None:
    return px.range_52_weeks(view.highs_lows, view.series[-1][0])


# --- the rows ----------------------------------------------------------------------------------

MARKET = Section(
    "market",
    [
        Metric("price", "Share price", "USD/share", as_of, "Q", identity,
               {"price": lambda v: v.price}),
        Metric("market_cap", "Market cap", USD, as_of, "Q", identity,
               {"market cap": lambda v: v.market_cap}, better="higher"),
    ],
)  # fmt: skip


FUNDAMENTALS = Section(
    "fundamentals",
    [
        Metric("revenue", "Revenue", MONEY, fy_label, "IS", identity,
               {"revenue": income("revenue")}, brief=False),
        Metric("net_income", "Net income", MONEY, fy_label, "IS", identity,
               {"net income": income("net_income")}, brief=False),
        Metric("eps", "EPS (diluted)", PER_SHARE, fy_label, "IS", identity,
               {"diluted EPS": income("eps_diluted")}, brief=False),
        Metric("revenue_growth", "Revenue growth YoY", PCT, fy_vs_prev, "IS", f.growth,
               {"revenue": income("revenue"), "prior revenue": prior_income("revenue")},
               scale=100, applies=has_prev, better="higher",
               why_none="not meaningful (prior revenue not positive)"),
        Metric("eps_growth", "EPS growth YoY (diluted)", PCT, fy_vs_prev, "IS", f.growth,
               {"EPS": income("eps_diluted"), "prior EPS": prior_income("eps_diluted")},
               scale=100, applies=has_prev,
               why_none="not meaningful (prior EPS not positive)"),
        Metric(lambda v: f"revenue_cagr_{len(v.years) - 1}y",
               lambda v: f"Revenue CAGR {len(v.years) - 1}y", PCT, fy_range, "IS", f.cagr,
               {"first revenue": lambda v: v.years[-1].income.revenue,
                "last revenue": income("revenue"), "years": lambda v: len(v.years) - 1},
               scale=100, applies=lambda v: len(v.years) >= 3),
        Metric("gross_margin", "Gross margin", PCT, fy_label, "IS", f.margin,
               {"gross profit": income("gross_profit"), "revenue": income("revenue")},
               scale=100, applies=not_bank),
        Metric("operating_margin", "Operating margin", PCT, fy_label, "IS", f.margin,
               {"operating income": income("operating_income"), "revenue": income("revenue")},
               scale=100, applies=not_bank, better="higher"),
        Metric("net_margin", "Net margin", PCT, fy_label, "IS", f.margin,
               {"net income": income("net_income"), "revenue": income("revenue")},
               scale=100, better="higher"),
        Metric("roe", "ROE (net income / year-end equity)", PCT, fy_label, "IS,BS", f.roe,
               {"net income": income("net_income"), "equity": EQUITY}, scale=100,
               why_none="not meaningful (equity not positive)", better="higher"),
        Metric("roa", "ROA (net income / year-end assets)", PCT, fy_label, "IS,BS", f.roa,
               {"net income": income("net_income"), "total assets": ASSETS}, scale=100),
        Metric("equity_to_assets", "Equity / assets", PCT, fy_label, "BS", f.equity_to_assets,
               {"equity": EQUITY, "total assets": ASSETS}, scale=100, applies=bank,
               better="higher"),
        Metric("roic", "ROIC (after-tax operating income / invested capital)", PCT, fy_label,
               "IS,BS", f.roic,
               {"operating income": income("operating_income"),
                "tax rate": lambda v: f.effective_tax_rate(
                    fy(v).income.income_tax_expense, fy(v).income.income_before_tax),
                "total debt": DEBT, "equity": EQUITY, "cash": CASH},
               scale=100, applies=not_bank),
        Metric("debt_to_equity", "Debt / equity", RATIO, fy_label, "BS", f.debt_to_equity,
               {"total debt": DEBT, "equity": EQUITY}, applies=not_bank, better="lower",
               why_none="not meaningful (equity not positive)"),
        Metric("current_ratio", "Current ratio", RATIO, fy_label, "BS", f.current_ratio,
               {"current assets": balance("total_current_assets"),
                "current liabilities": balance("total_current_liabilities")},
               applies=not_bank),
        Metric("interest_coverage", "Interest coverage (operating income / interest)", X,
               fy_label, "IS", f.interest_coverage,
               {"operating income": income("operating_income"),
                "interest expense": income("interest_expense")},
               applies=not_bank, why_none="not meaningful (no interest expense reported)"),
        Metric("fcf", "Free cash flow (OCF + capex)", MONEY, fy_label, "CF", f.free_cash_flow,
               {"operating cash flow": cash("operating_cash_flow"),
                "capital expenditure": cash("capital_expenditure")}, applies=not_bank),
        Metric("fcf_margin", "FCF margin", PCT, fy_label, "CF,IS", f.margin,
               {"free cash flow": lambda v: v.fcf, "revenue": income("revenue")}, scale=100,
               applies=not_bank),
    ],
    skip=lambda v: None if v.fy else f"{v.symbol}: no annual statements available; "
    "fundamentals left out.",
    note=lambda v: None if v.prev else f"{v.symbol}: only one fiscal year available; "
    "no year-over-year growth.",
)  # fmt: skip


def _valuation_skip(view: View) -> str | None:
    if view.fy is None or view.as_of is None:
        return ""
    if view.currency != view.price_currency:
        return (
            f"{view.symbol} reports in {view.currency} but trades in {view.price_currency}:"
            " valuation multiples are left out (no currency conversion)."
        )
    return None


VALUATION = Section(
    "valuation",
    [
        Metric("pe", "P/E (price / diluted EPS)", X, price_vs_fy, "Q,IS", f.pe,
               {"price": lambda v: v.price, "EPS": income("eps_diluted")},
               why_none="not meaningful (EPS not positive)", better="lower", peers="all"),
        Metric("ps", "P/S (market cap / revenue)", X, price_vs_fy, "Q,IS", f.price_to_sales,
               {"market cap": lambda v: v.market_cap, "revenue": income("revenue")},
               peers="other"),
        Metric("pb", "P/B (market cap / equity)", X, price_vs_fy, "Q,BS", f.price_to_book,
               {"market cap": lambda v: v.market_cap, "equity": EQUITY},
               why_none="not meaningful (equity not positive)", better="lower", peers="bank"),
        Metric("ptbv", "P/TBV (market cap / tangible equity)", X, price_vs_fy, "Q,BS",
               f.price_to_tangible_book,
               {"market cap": lambda v: v.market_cap, "equity": EQUITY,
                "goodwill and intangibles": balance("goodwill_and_intangible_assets")},
               applies=bank, peers="bank"),
        Metric("ev_ebitda", "EV/EBITDA", X, price_vs_fy, "Q,BS,IS", f.ev_to_ebitda,
               {"enterprise value": enterprise_value, "EBITDA": income("ebitda")},
               applies=not_bank, why_none="not meaningful (EBITDA not positive)",
               better="lower", peers="other"),
        Metric("fcf_yield", "FCF yield (FCF / market cap)", PCT, price_vs_fy, "Q,CF", f.fcf_yield,
               {"free cash flow": lambda v: v.fcf, "market cap": lambda v: v.market_cap},
               scale=100, applies=not_bank, better="higher"),
    ],
    skip=_valuation_skip,
)  # fmt: skip


def _growth_adjusted_pe(price: float, eps: float, prior_eps: float) -> float | None:
    growth = f.growth(eps, prior_eps)
    return f.peg(f.pe(price, eps), growth or 0)


BALANCE = Section(
    "balance",
    [
        Metric("cash", "Cash and equivalents", MONEY, fy_label, "BS", identity, {"cash": CASH},
               missing=""),
        Metric("total_debt", "Total debt", MONEY, fy_label, "BS", identity, {"total debt": DEBT},
               missing=""),
        Metric("equity", "Shareholders' equity", MONEY, fy_label, "BS", identity,
               {"equity": EQUITY}, missing=""),
        Metric("net_debt_ebitda", "Net debt / EBITDA", X, fy_label, "BS,IS", f.net_debt_to_ebitda,
               {"total debt": DEBT, "cash": CASH, "EBITDA": income("ebitda")}, applies=not_bank,
               missing="", why_none=""),
    ],
    skip=lambda v: None if v.fy and v.fy.balance else "",
)  # fmt: skip


def return_rows(windows: Sequence[tuple[str, int]]) -> list[Metric]:
    """Trailing return rows for the horizon's windows, e.g. ``[("1Y", 12), ("3Y", 36)]``."""

    def trailing(months: int) -> Callable[[View], float | None]:
        return lambda v: px.trailing_return(v.series, v.series[-1][0], months)

    def row(label: str, months: int) -> Metric:
        return Metric(
            f"return_{label.lower()}",
            lambda v: f"{'Total return' if v.total_return else 'Price return'} {label}",
            PCT,
            lambda v: f"{label} to {v.series[-1][0]}",
            "PX",
            identity,
            {"return": trailing(months)},
            scale=100,
            missing=f"{label} return not available (price history too short)",
            better="higher" if label == "1Y" else None,
        )

    return [row(label, months) for label, months in windows]


def _drawdown(years: float) -> Callable[[View], Reading | None]:
    def reading(view: View) -> Reading | None:
        end = view.series[-1][0]
        start = px.months_before(end, round(years * 12))
        window = [(day, close) for day, close in view.series if day >= start]
        found = px.max_drawdown(window)
        if found is None:
            return None
        full = (window[0][0] - start).days <= 7
        return Reading(
            found[0],
            label=f"Max drawdown {years:g}Y" if full else f"Max drawdown since {window[0][0]}",
            period=f"{window[0][0]} to {end}",
            note=f"peak {found[1]}, trough {found[2]}",
            warning=None
            if full
            else f"{view.symbol}: prices start {window[0][0]}, so the drawdown covers less "
            f"than {years:g} years.",
        )

    return reading


def price_rows(windows: Sequence[tuple[str, int]], drawdown_years: float) -> list[Metric]:
    """Trailing returns, volatility, drawdown, moving averages and the 52-week range."""
    return [
        *return_rows(windows),
        Metric("volatility_1y", "Volatility 1Y (annualised, daily log returns)", PCT,
               lambda v: f"1Y to {v.series[-1][0]}", "PX", px.annualized_volatility,
               {"daily closes": last_year_closes}, scale=100, better="lower"),
        Metric("max_drawdown", "Max drawdown", PCT, last_bar, "PX", identity,
               {"drawdown": _drawdown(drawdown_years)}, scale=100, missing=""),
        *[Metric(f"vs_sma{n}", f"Price vs {n}-day average", PCT, last_bar, "PX", px.distance_from,
                 {"price": last_close, f"{n}-day average": sma(n)}, scale=100) for n in (50, 200)],
        Metric("high_52w", "52-week high", "USD/share", lambda v: f"52w to {v.series[-1][0]}",
               "PX", identity, {"52-week range": lambda v: band(v)[0] if band(v) else None},
               missing=""),
        Metric("low_52w", "52-week low", "USD/share", lambda v: f"52w to {v.series[-1][0]}",
               "PX", identity, {"52-week range": lambda v: band(v)[1] if band(v) else None},
               missing=""),
        Metric("range_position", "Position in 52-week range (0 = low, 100 = high)", PCT,
               last_bar, "PX", px.position_in_range,
               {"price": last_close, "low": lambda v: band(v)[1] if band(v) else None,
                "high": lambda v: band(v)[0] if band(v) else None}, scale=100,
               applies=lambda v: band(v) is not None),
    ]  # fmt: skip


def price_section(windows: Sequence[tuple[str, int]], drawdown_years: float) -> Section:
    return Section(
        "prices",
        price_rows(windows, drawdown_years),
        skip=lambda v: (
            None
            if v.series and v.as_of is not None
            else f"{v.symbol}: no daily prices available; price performance left out."
        ),
    )


PEG = Metric(
    "peg", "PEG (P/E / EPS growth %)", RATIO,
    lambda v: f"{price_vs_fy(v)}; growth {fy_vs_prev(v)}", "Q,IS", _growth_adjusted_pe,
    {"price": lambda v: v.price, "EPS": income("eps_diluted"),
     "prior EPS": prior_income("eps_diluted")},
    applies=lambda v: _valuation_skip(v) is None and has_prev(v)
    and f.pe(v.price, fy(v).income.eps_diluted) is not None
    and f.growth(fy(v).income.eps_diluted, v.prev.income.eps_diluted) is not None,
    why_none="not meaningful (EPS growth not positive)", missing="",
)  # fmt: skip


def _year_end_pe(view: View, year: FiscalYear) -> tuple[date, float] | None:
    """The close on the fiscal year's end (or up to 7 days before it) over that year's EPS —
    never a price after the period it is paired with."""
    bar = px.close_on_or_before(view.raw_closes, year.end)
    if bar is None or (year.end - bar[0]).days > 7:
        return None
    value = f.pe(bar[1], year.income.eps_diluted)
    return None if value is None else (bar[0], value)


def pe_history(view: View) -> list[float]:
    return [found[1] for year in view.years if (found := _year_end_pe(view, year))]


def _history_rows(view: View) -> list[Metric]:
    rows = []
    for year in view.years:
        found = _year_end_pe(view, year)
        if found is None:
            continue
        rows.append(
            Metric(f"pe_{year.label.lower()}", f"P/E at {year.label} end", X,
                   lambda v, day=found[0], label=year.label: f"price {day} / {label}",
                   "PX,IS", identity, {"P/E": lambda v, value=found[1]: value})
        )  # fmt: skip
    current = lambda v: f.pe(v.price, fy(v).income.eps_diluted)  # noqa: E731
    enough = lambda v: current(v) is not None and len(pe_history(v)) >= 2  # noqa: E731
    rows += [
        Metric("pe_hist_avg", lambda v: f"Average P/E at the last {len(pe_history(v))} FY ends",
               X, lambda v: "fiscal-year ends", "PX,IS",
               lambda history: sum(history) / len(history), {"history": pe_history},
               applies=enough),
        Metric("pe_vs_hist", "Current P/E vs that average", PCT, as_of, "Q,PX,IS",
               lambda pe, history: pe / (sum(history) / len(history)) - 1,
               {"P/E": current, "history": pe_history}, scale=100, applies=enough),
    ]  # fmt: skip
    return rows


HISTORY = Section(
    "history",
    _history_rows,
    skip=lambda v: "" if v.currency != v.price_currency else None,
    note=lambda v: (
        None
        if len(pe_history(v)) >= 2
        else f"{v.symbol}: fewer than two "
        "fiscal-year-end P/E ratios available, so no comparison with its own history."
    ),
)

ALL_ROWS: tuple[Metric, ...] = (
    *MARKET.rows, *FUNDAMENTALS.rows, *VALUATION.rows, *BALANCE.rows,
    *price_rows([("1Y", 12)], 1), PEG,
)  # fmt: skip
#: metric id -> higher is better, for the sector analysis's medians and ranks
RANKED = {m.key: m.better == "higher" for m in ALL_ROWS if m.better and isinstance(m.key, str)}
