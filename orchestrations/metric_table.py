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
from .metric_inputs import (
    ASSETS,
    CASH,
    DEBT,
    EQUITY,
    as_of,
    balance,
    band,
    bank,
    basis,
    cash,
    cash_and_sti,
    common_equity,
    continuing,
    earnings,
    enterprise_value,
    eps,
    equity_problem,
    fy,
    fy_label,
    fy_range,
    fy_vs_prev,
    has_prev,
    identity,
    income,
    last_bar,
    last_close,
    last_year_closes,
    not_bank,
    price_vs_fy,
    prior_common_equity,
    prior_eps,
    prior_income,
    prior_tangible_common_equity,
    sma,
    tangible_common_equity,
    ttm_eps,
    ttm_label,
    year_eps,
)

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
    meaningless: Callable[[View], str | None] | None = None  # why not to compute it, if so
    note: Callable[[View], str] | None = None  # what the figure's reader must know
    brief: bool = True  # shown in the sector analysis's shorter list
    better: Literal["higher", "lower"] | None = None
    peers: Literal["all", "bank", "other"] | None = None
    outlier_above: float | None = None  # beyond it: kept, noted, left out of medians and ranks


@dataclass(frozen=True)
class Section:
    """Rows that share a precondition: ``skip(view)`` says why they are left out (a warning),
    ``""`` to leave them out silently, or ``None`` to write them; ``note(view)`` is a warning
    written after them. ``rows`` may depend on the company (one row per fiscal year)."""

    name: str
    rows: Sequence[Metric] | Callable[[View], Sequence[Metric]]
    skip: Callable[[View], str | None] = lambda view: None
    note: Callable[[View], str | None] = lambda view: None


# --- the rows ----------------------------------------------------------------------------------

MARKET = Section(
    "market",
    [
        Metric("price", "Share price", "USD/share", as_of, "Q", identity,
               {"price": lambda v: v.price}, note=lambda v: v.split_note()),
        Metric("price_as_traded", "Share price as traded then (before the later split)",
               "USD/share", as_of, "Q", identity, {"price": lambda v: v.price_as_traded},
               applies=lambda v: bool(v.split_note()), missing=""),
        Metric("market_cap", "Market cap", USD, as_of, "Q", identity,
               {"market cap": lambda v: v.market_cap}, better="higher"),
    ],
)  # fmt: skip


def _operating_margin(operating_income: float, revenue: float) -> Reading | None:
    value = f.margin(operating_income, revenue)
    if value is None:
        return None
    thin = abs(value) < 0.01
    return Reading(value, note="operating income near zero: sources define it differently, "
                   "so treat this margin as approximate" if thin else "")  # fmt: skip


def _roe_note(view: View) -> str:
    preferred = balance("preferred_stock")(view)
    return "preferred dividends not subtracted: the data has none" if preferred else ""


def average_common_equity(view: View) -> float | None:
    return f.average(common_equity(view), prior_common_equity(view) if view.prev else None)


def average_tangible_common_equity(view: View) -> float | None:
    prior = prior_tangible_common_equity(view) if view.prev else None
    return f.average(tangible_common_equity(view), prior)


def _averaged(view: View) -> str:
    return "average" if view.prev else "year-end"


FUNDAMENTALS = Section(
    "fundamentals",
    [
        Metric("revenue", "Revenue", MONEY, fy_label, "IS", identity,
               {"revenue": income("revenue")}, brief=False),
        Metric("net_income", "Net income", MONEY, fy_label, "IS", identity,
               {"net income": income("net_income")}, brief=False),
        Metric("net_income_continuing", "Net income from continuing operations", MONEY, fy_label,
               "IS", identity, {"net income": earnings}, brief=False, applies=continuing),
        Metric("eps", lambda v: f"EPS (diluted{basis(v)})", PER_SHARE, fy_label, "IS", identity,
               {"diluted EPS": eps}, brief=False, note=lambda v: v.split_note()),
        Metric("revenue_growth", "Revenue growth YoY", PCT, fy_vs_prev, "IS", f.growth,
               {"revenue": income("revenue"), "prior revenue": prior_income("revenue")},
               scale=100, applies=has_prev, better="higher",
               why_none="not meaningful (prior revenue not positive)"),
        Metric("eps_growth", lambda v: f"EPS growth YoY (diluted{basis(v)})", PCT, fy_vs_prev,
               "IS", f.growth, {"EPS": eps, "prior EPS": prior_eps}, scale=100, applies=has_prev,
               why_none="not meaningful (prior EPS not positive)"),
        Metric(lambda v: f"revenue_cagr_{len(v.years) - 1}y",
               lambda v: f"Revenue CAGR {len(v.years) - 1}y", PCT, fy_range, "IS", f.cagr,
               {"first revenue": lambda v: v.years[-1].income.revenue,
                "last revenue": income("revenue"), "years": lambda v: len(v.years) - 1},
               scale=100, applies=lambda v: len(v.years) >= 3),
        Metric(lambda v: f"eps_cagr_{len(v.years) - 1}y",
               lambda v: f"EPS CAGR {len(v.years) - 1}y (diluted{basis(v)})", PCT, fy_range, "IS",
               f.cagr, {"first EPS": lambda v: year_eps(v, v.years[-1]), "last EPS": eps,
                        "years": lambda v: len(v.years) - 1},
               scale=100, applies=lambda v: len(v.years) >= 3, brief=False,
               why_none="not meaningful (EPS not positive at both ends)"),
        Metric("gross_margin", "Gross margin", PCT, fy_label, "IS", f.margin,
               {"gross profit": income("gross_profit"), "revenue": income("revenue")},
               scale=100, applies=not_bank),
        Metric("operating_margin", "Operating margin", PCT, fy_label, "IS", _operating_margin,
               {"operating income": income("operating_income"), "revenue": income("revenue")},
               scale=100, applies=not_bank, better="higher"),
        Metric("net_margin", lambda v: "Net margin (continuing operations)" if continuing(v)
               else "Net margin", PCT, fy_label, "IS", f.margin,
               {"net income": earnings, "revenue": income("revenue")},
               scale=100, better="higher"),
        Metric("roe", lambda v: f"ROE (net income / {_averaged(v)} common equity{basis(v)})",
               PCT, fy_label, "IS,BS", f.roe,
               {"net income": earnings, "common equity": average_common_equity},
               scale=100, meaningless=equity_problem, better="higher", note=_roe_note),
        Metric("rotce", lambda v: f"ROTCE (net income / {_averaged(v)} tangible common equity)",
               PCT, fy_label, "IS,BS", f.roe,
               {"net income": earnings, "tangible common equity": average_tangible_common_equity},
               scale=100, applies=bank, meaningless=equity_problem, better="higher",
               note=_roe_note, why_none="not meaningful (tangible common equity not positive)"),
        Metric("roa", "ROA (net income / year-end assets)", PCT, fy_label, "IS,BS", f.roa,
               {"net income": earnings, "total assets": ASSETS}, scale=100),
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
        Metric("fcf", "Free cash flow (operating cash flow − capital expenditure)", MONEY,
               fy_label, "CF", f.free_cash_flow,
               {"operating cash flow": cash("operating_cash_flow"),
                "capital expenditure": cash("capital_expenditure")}, applies=not_bank),
        Metric("fcf_margin", "FCF margin", PCT, fy_label, "CF,IS", f.margin,
               {"free cash flow": lambda v: v.fcf, "revenue": income("revenue")}, scale=100,
               applies=not_bank),
        Metric("fcf_after_sbc", "FCF after stock-based compensation", MONEY, fy_label, "CF",
               f.fcf_after_sbc, {"free cash flow": lambda v: v.fcf,
                                 "stock-based compensation": cash("stock_based_compensation")},
               applies=not_bank, brief=False),
        Metric("buybacks", "Share buybacks (common stock repurchased)", MONEY, fy_label, "CF",
               abs, {"common stock repurchased": cash("common_stock_repurchased")}, brief=False),
        Metric("diluted_shares_change", "Diluted share count change YoY", PCT, fy_vs_prev, "IS",
               f.growth, {"diluted shares": income("weighted_average_shs_out_dil"),
                          "prior diluted shares": prior_income("weighted_average_shs_out_dil")},
               scale=100, applies=has_prev, brief=False),
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


def dividends(view: View) -> float | None:
    """Common dividends paid; banks report only net dividends (preferred included)."""
    common = cash("common_dividends_paid")(view)
    return common if common is not None else cash("net_dividends_paid")(view)


def _dividend_note(view: View) -> str:
    if cash("common_dividends_paid")(view) is None and cash("net_dividends_paid")(view):
        return "net dividends paid, preferred included: the data has no common-only line"
    return ""


VALUATION = Section(
    "valuation",
    [
        Metric("pe", lambda v: f"P/E (price / last fiscal year's diluted EPS{basis(v)})", X,
               price_vs_fy, "Q,IS", f.pe, {"price": lambda v: v.price, "EPS": eps},
               why_none="not meaningful (EPS not positive)", better="lower", peers="all",
               outlier_above=100),
        Metric("pe_ttm", lambda v: f"P/E TTM (price / trailing twelve months' diluted EPS"
               f"{basis(v)})", X, ttm_label, "Q,IS", f.pe, {"price": lambda v: v.price,
                                                           "TTM EPS": ttm_eps},
               applies=lambda v: bool(v.data.quarters) or "quarters" in v.data.errors,
               missing="", why_none="not meaningful (TTM EPS not positive)", outlier_above=100),
        Metric("ps", "P/S (market cap / revenue)", X, price_vs_fy, "Q,IS", f.price_to_sales,
               {"market cap": lambda v: v.market_cap, "revenue": income("revenue")},
               peers="other", outlier_above=50),
        Metric("pb", "P/B (market cap / common equity)", X, price_vs_fy, "Q,BS",
               f.price_to_book, {"market cap": lambda v: v.market_cap,
                                 "common equity": common_equity},
               meaningless=equity_problem, better="lower", peers="bank", outlier_above=50),
        Metric("ptbv", "P/TBV (market cap / tangible common equity)", X, price_vs_fy, "Q,BS",
               f.price_to_book, {"market cap": lambda v: v.market_cap,
                                 "tangible common equity": tangible_common_equity},
               applies=bank, meaningless=equity_problem, peers="bank", outlier_above=50,
               why_none="not meaningful (tangible common equity not positive)"),
        Metric("ev_ebitda", "EV/EBITDA (EV: market cap + debt − cash and short-term investments)",
               X, price_vs_fy, "Q,BS,IS", f.ev_to_ebitda,
               {"enterprise value": enterprise_value, "EBITDA": income("ebitda")},
               applies=not_bank, why_none="not meaningful (EBITDA not positive)",
               better="lower", peers="other", outlier_above=100),
        Metric("fcf_yield", "FCF yield (FCF / market cap)", PCT, price_vs_fy, "Q,CF", f.fcf_yield,
               {"free cash flow": lambda v: v.fcf, "market cap": lambda v: v.market_cap},
               scale=100, applies=not_bank, better="higher"),
        Metric("dividend_yield", lambda v: f"Dividend yield ({fy(v).label} dividends paid / "
               "market cap)", PCT, price_vs_fy, "Q,CF", f.dividend_yield,
               {"dividends paid": dividends, "market cap": lambda v: v.market_cap}, scale=100,
               note=_dividend_note),
        Metric("payout_ratio", lambda v: f"Payout ratio (dividends paid / net income{basis(v)})",
               PCT, fy_label, "CF,IS", f.payout_ratio,
               {"dividends paid": dividends, "net income": earnings}, scale=100,
               why_none="not meaningful (net income not positive)", note=_dividend_note),
    ],
    skip=_valuation_skip,
)  # fmt: skip


BALANCE = Section(
    "balance",
    [
        Metric("cash", "Cash and equivalents", MONEY, fy_label, "BS", identity, {"cash": CASH},
               missing=""),
        Metric("cash_sti", "Cash and short-term investments", MONEY, fy_label, "BS", identity,
               {"cash and short-term investments": cash_and_sti}, missing="", applies=not_bank),
        Metric("total_debt", "Total debt", MONEY, fy_label, "BS", identity, {"total debt": DEBT},
               missing=""),
        Metric("net_debt", "Net debt (total debt − cash and short-term investments)", MONEY,
               fy_label, "BS", lambda debt, cash_: debt - cash_,
               {"total debt": DEBT, "cash and short-term investments": cash_and_sti},
               applies=not_bank, missing=""),
        Metric("equity", "Shareholders' equity", MONEY, fy_label, "BS", identity,
               {"equity": EQUITY}, missing=""),
        Metric("common_equity", "Common equity (shareholders' equity − preferred stock)", MONEY,
               fy_label, "BS", identity, {"common equity": common_equity}, missing="",
               applies=lambda v: bool(balance("preferred_stock")(v))),
        Metric("net_debt_ebitda", "Net debt / EBITDA", X, fy_label, "BS,IS", f.net_debt_to_ebitda,
               {"total debt": DEBT, "cash and short-term investments": cash_and_sti,
                "EBITDA": income("ebitda")}, applies=not_bank, missing="", why_none=""),
    ],
    skip=lambda v: None if v.fy and v.fy.balance else "",
)  # fmt: skip


def _window(months: int) -> Callable[[View], Reading | None]:
    """The trailing return over a window, with the window's actual first trading day."""

    def reading(view: View) -> Reading | None:
        end = view.series[-1][0]
        start = px.window_start(view.series, end, months)
        value = px.trailing_return(view.series, end, months, px.START_TOLERANCE_DAYS)
        if start is None or value is None:
            return None
        return Reading(value, period=f"{start[0]} to {end}")

    return reading


def _annualised(months: int) -> Callable[[View], Reading | None]:
    def reading(view: View) -> Reading | None:
        window = _window(months)(view)
        value = None if window is None else f.annualized_return(window.value, months / 12)
        return None if value is None else Reading(value, period=window.period)

    return reading


def _kind(view: View) -> str:
    return "Total return" if view.total_return else "Price return"


def return_rows(windows: Sequence[tuple[str, int]]) -> list[Metric]:
    """Trailing (and, from two years, annualised) returns for the horizon's windows."""
    rows = []
    for label, months in windows:
        rows.append(
            Metric(f"return_{label.lower()}", lambda v, label=label: f"{_kind(v)} {label}", PCT,
                   last_bar, "PX", identity, {"return": _window(months)}, scale=100,
                   missing=f"{label} return not available (price history too short)",
                   better="higher" if label == "1Y" else None)
        )  # fmt: skip
        if months >= 24:
            rows.append(
                Metric(f"return_cagr_{label.lower()}",
                       lambda v, label=label: f"Annualised {_kind(v).lower()} {label}", PCT,
                       last_bar, "PX", identity, {"return": _annualised(months)}, scale=100,
                       missing="")
            )  # fmt: skip
    return rows


def _drawdown(years: float) -> Callable[[View], Reading | None]:
    def reading(view: View) -> Reading | None:
        end = view.series[-1][0]
        months = round(years * 12)
        first = px.window_start(view.series, end, months)
        start = first[0] if first else px.months_before(end, months)
        window = [(day, close) for day, close in view.series if day >= start]
        found = px.max_drawdown(window)
        if found is None:
            return None
        return Reading(
            found[0],
            label=f"Max drawdown {years:g}Y" if first else f"Max drawdown since {window[0][0]}",
            period=f"{window[0][0]} to {end}",
            note=f"peak {found[1]}, trough {found[2]}",
            warning=None
            if first
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


def _year_end_pe(view: View, year: FiscalYear) -> tuple[date, float] | None:
    """The close on the fiscal year's end (or up to 7 days before it) over that year's EPS (on
    the company's basis) — never a price after the period it is paired with."""
    bar = px.close_on_or_before(view.raw_closes, year.end)
    if bar is None or (year.end - bar[0]).days > 7:
        return None
    value = f.pe(bar[1], year_eps(view, year))
    return None if value is None else (bar[0], value)


def pe_history(view: View) -> list[float]:
    return [found[1] for year in view.years if (found := _year_end_pe(view, year))]


def current_pe(view: View) -> float | None:
    return f.pe(view.price, eps(view))


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
    enough = lambda v: current_pe(v) is not None and len(pe_history(v)) >= 2  # noqa: E731
    rows += [
        Metric("pe_hist_avg", lambda v: f"Average P/E at the last {len(pe_history(v))} FY ends",
               X, lambda v: "fiscal-year ends", "PX,IS",
               lambda history: sum(history) / len(history), {"history": pe_history},
               applies=enough),
        Metric("pe_vs_hist", "Current P/E vs that average", PCT, as_of, "Q,PX,IS",
               lambda pe, history: pe / (sum(history) / len(history)) - 1,
               {"P/E": current_pe, "history": pe_history}, scale=100, applies=enough),
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


def eps_oldest_first(view: View) -> list[float | None] | None:
    """Diluted EPS (company basis) of every fiscal year, oldest first; None with fewer than 3."""
    if len(view.years) < 3:
        return None
    return [year_eps(view, year) for year in reversed(view.years)]


def _peg(pe: float, history: list[float]) -> float | None:
    return f.peg(pe, f.cagr(history[0], history[-1], len(history) - 1))


PEG = Metric(
    "peg", lambda v: f"PEG (P/E / {len(v.years) - 1}-year EPS CAGR %)", RATIO,
    lambda v: f"{price_vs_fy(v)}; EPS CAGR {fy_range(v)}", "Q,IS", _peg,
    {"P/E": current_pe, "EPS history": eps_oldest_first},
    applies=lambda v: _valuation_skip(v) is None and current_pe(v) is not None,
    missing="PEG not available (fewer than three fiscal years of EPS; a one-year growth rate "
    "is not used)",
    meaningless=lambda v: f.eps_growth_problem(eps_oldest_first(v) or []),
)  # fmt: skip

ALL_ROWS: tuple[Metric, ...] = (
    *MARKET.rows, *FUNDAMENTALS.rows, *VALUATION.rows, *BALANCE.rows,
    *price_rows([("1Y", 12)], 1), PEG,
)  # fmt: skip
#: metric id -> higher is better, for the sector analysis's medians and ranks
RANKED = {m.key: m.better == "higher" for m in ALL_ROWS if m.better and isinstance(m.key, str)}
#: metric id -> the bound above which a value is an outlier (left out of medians and ranks)
OUTLIER_ABOVE = {
    m.key: m.outlier_above for m in ALL_ROWS if m.outlier_above and isinstance(m.key, str)
}
