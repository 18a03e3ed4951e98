"""Gathering one company's data — the calls, run in the orchestration's single parallel round —
and the derived view the metrics read: the latest fiscal year known on the price date, the one
before it, the price series, and whether the company is valued like a bank."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tools import (
    FMPClient,
    get_balance_sheets,
    get_cash_flows,
    get_income_statements,
    get_price_history,
    get_price_target_consensus,
    get_profile,
    get_quote,
)
from tools.errors import FMPError
from tools.models import (
    BalanceSheet,
    CashFlowStatement,
    IncomeStatement,
    PriceHistory,
    PriceTargetConsensus,
    Profile,
    Quote,
)
from tools.provenance import Provenance

from .analytics.fundamentals import free_cash_flow
from .sectors import BANK_LIKE

STATEMENT_LIMIT = 5  # FMP's free plan allows at most 5 periods
QUARTERS = 4  # a trailing twelve months


def company_calls(
    client: FMPClient, symbol: str, parts: tuple[str, ...], history_years: float
) -> dict[tuple[str, str], Callable[[], Any]]:
    """The atomic calls for one company, keyed ``(symbol, part)``, ready for ``fetch_all``."""
    start = client.as_of - timedelta(days=int(history_years * 365.25) + 10)
    makers: dict[str, Callable[[], Any]] = {
        "quote": lambda: get_quote(symbol, client=client),
        "profile": lambda: get_profile(symbol, client=client),
        "income": lambda: get_income_statements(symbol, limit=STATEMENT_LIMIT, client=client),
        "quarters": lambda: get_income_statements(
            symbol, period="quarter", limit=QUARTERS, client=client
        ),
        "balance": lambda: get_balance_sheets(symbol, limit=STATEMENT_LIMIT, client=client),
        "cash": lambda: get_cash_flows(symbol, limit=STATEMENT_LIMIT, client=client),
        "prices": lambda: get_price_history(symbol, start=start, client=client),
        "targets": lambda: get_price_target_consensus(symbol, client=client),
    }
    return {(symbol, part): makers[part] for part in parts}


@dataclass
class CompanyData:
    """Everything fetched for one company; ``errors`` holds what failed, by part."""

    symbol: str
    quote: Quote | None = None
    profile: Profile | None = None
    income: list[IncomeStatement] = field(default_factory=list)
    quarters: list[IncomeStatement] = field(default_factory=list)  # newest first
    balance: list[BalanceSheet] = field(default_factory=list)
    cash: list[CashFlowStatement] = field(default_factory=list)
    prices: PriceHistory | None = None
    targets: PriceTargetConsensus | None = None
    errors: dict[str, FMPError] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    name: str | None = None
    industry: str | None = None
    sector: str | None = None

    @classmethod
    def assemble(cls, symbol: str, results: dict[tuple[str, str], Any]) -> CompanyData:
        company = cls(symbol)
        for (sym, part), value in results.items():
            if sym != symbol:
                continue
            if isinstance(value, Exception):
                company.errors[part] = value  # type: ignore[assignment]
                continue
            provenance = getattr(value, "provenance", None)
            if provenance is not None:
                company.provenance[part] = provenance
            items = getattr(value, "items", None)
            listed = part in ("income", "quarters", "balance", "cash")
            setattr(company, part, list(items) if listed else value)
        if company.profile is not None:
            company.name = company.name or company.profile.company_name
            company.industry = company.industry or company.profile.industry
            company.sector = company.sector or company.profile.sector
        if company.quote is not None:
            company.name = company.name or company.quote.name
        return company

    @property
    def usable(self) -> bool:
        """Enough to say anything: statements or prices."""
        return bool(self.income) or bool(self.prices and len(self.prices))


@dataclass(frozen=True)
class FiscalYear:
    """One fiscal year's three statements, matched on their period end date."""

    income: IncomeStatement
    balance: BalanceSheet | None
    cash: CashFlowStatement | None

    @property
    def end(self) -> date:
        return self.income.date  # type: ignore[return-value]

    @property
    def label(self) -> str:
        year = self.income.fiscal_year or (self.end.year if self.end else "?")
        return f"FY{year}"


Bar = tuple[date, float]


@dataclass
class CompanyView:
    """The derived, analysis-ready view of a company (no I/O)."""

    data: CompanyData
    as_of: date | None
    price: float | None
    market_cap: float | None
    years: list[FiscalYear]  # newest first, all ended on or before ``as_of``
    series: list[Bar]  # ascending; dividend-adjusted closes where available
    raw_closes: list[Bar]
    total_return: bool
    highs_lows: list[tuple[date, float, float]]

    @property
    def symbol(self) -> str:
        return self.data.symbol

    @property
    def fy(self) -> FiscalYear | None:
        return self.years[0] if self.years else None

    @property
    def prev(self) -> FiscalYear | None:
        return self.years[1] if len(self.years) > 1 else None

    @property
    def fcf(self) -> float | None:
        """Free cash flow of the latest fiscal year (operating cash flow + negative capex)."""
        cash = self.fy.cash if self.fy else None
        return free_cash_flow(cash.operating_cash_flow, cash.capital_expenditure) if cash else None

    @property
    def currency(self) -> str:
        """The currency the statements report in (FMP's ``reportedCurrency``)."""
        return (self.fy.income.reported_currency if self.fy else None) or "USD"

    @property
    def price_currency(self) -> str:
        """The currency the shares trade in: the profile's; USD when there is no profile."""
        profile = self.data.profile
        return (profile.currency if profile else None) or "USD"

    @property
    def offline(self) -> bool:
        """The data is the bundled snapshot (dated), not live FMP."""
        return any(p.source == "snapshot" for p in self.data.provenance.values())

    def later_splits(self) -> list[tuple[date, float]]:
        """Offline: splits after the snapshot date that its prices and EPS are adjusted for
        (live data is on today's basis throughout, so none)."""
        if not self.offline:
            return []
        from tools.snapshot import later_splits

        return later_splits(self.symbol)

    def split_note(self) -> str:
        splits = self.later_splits()
        if not splits:
            return ""
        return " and ".join(f"split-adjusted for the {r:g}-for-1 split of {d}" for d, r in splits)

    @property
    def price_as_traded(self) -> float | None:
        """The as-of price on the basis it traded at then (before the later splits)."""
        if self.price is None:
            return None
        factor = 1.0
        for _, ratio in self.later_splits():
            factor *= ratio
        return self.price * factor

    @property
    def ttm_quarters(self) -> list[IncomeStatement]:
        """The last four quarters ended by the as-of date, newest first — consecutive (the
        oldest ends 8 to 10 months before the newest) — or [] when the data has no such four."""
        ended = [
            q
            for q in self.data.quarters
            if q.date is not None and (self.as_of is None or q.date <= self.as_of)
        ][:4]
        if len(ended) < 4 or not 240 <= (ended[0].date - ended[-1].date).days <= 300:
            return []
        return ended

    @property
    def is_bank(self) -> bool:
        return (self.data.industry or "") in BANK_LIKE

    @property
    def fiscal_year_end_month(self) -> str | None:
        return calendar.month_name[self.fy.end.month] if self.fy and self.fy.end else None

    def header(self) -> str:
        d = self.data
        parts = [f"{d.symbol}: {d.name or d.symbol}"]
        if d.industry or d.sector:
            parts.append(" / ".join(x for x in (d.sector, d.industry) if x))
        if self.fy:
            parts.append(
                f"fiscal year ends in {self.fiscal_year_end_month}; latest {self.fy.label}"
                f" ended {self.fy.end}"
            )
        if self.is_bank:
            parts.append(
                "bank-like: gross margin, EBITDA, current ratio and FCF are not meaningful"
            )
        return "; ".join(parts)


def build_view(data: CompanyData) -> CompanyView:
    bars = data.prices.ascending() if data.prices else []
    bars = [b for b in bars if b.date is not None and b.close is not None]
    adjusted = bool(bars) and all(b.adj_close is not None for b in bars)
    series = [(b.date, b.adj_close if adjusted else b.close) for b in bars]
    raw = [(b.date, b.close) for b in bars]
    highs_lows = [
        (b.date, b.high if b.high is not None else b.close, b.low if b.low is not None else b.close)
        for b in bars
    ]
    as_of, price = raw[-1] if raw else (None, None)
    quote = data.quote
    if quote is not None and quote.price is not None:
        price = quote.price
        if quote.timestamp:
            from datetime import datetime, timezone

            as_of = datetime.fromtimestamp(quote.timestamp, timezone.utc).date()
    market_cap = quote.market_cap if quote and quote.market_cap else None
    years = _fiscal_years(data, as_of)
    return CompanyView(data, as_of, price, market_cap, years, series, raw, adjusted, highs_lows)


def _fiscal_years(data: CompanyData, as_of: date | None) -> list[FiscalYear]:
    """Match statements by period end; keep only periods that ended on or before the price date,
    so no multiple ever pairs a price with a fiscal period that ended after it."""
    balance = {b.date: b for b in data.balance}
    cash = {c.date: c for c in data.cash}
    years = [
        FiscalYear(i, balance.get(i.date), cash.get(i.date))
        for i in data.income
        if i.date is not None and (as_of is None or i.date <= as_of)
    ]
    return sorted(years, key=lambda y: y.end, reverse=True)
