"""Pydantic models of FMP stable-API data: snake_case fields aliased from FMP's camelCase.

Every field but ``symbol`` is optional, because FMP sends nulls freely; unknown fields are kept
(``model_extra``) so a new FMP field never breaks parsing. ``model_dump(by_alias=True)`` gives
back FMP's own shape. Results carry a ``Provenance``: single objects in ``.provenance``, lists as
``Records`` (iterable, indexable) with one ``.provenance`` for the whole answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .provenance import Provenance


def fmp_alias(name: str) -> str:
    """snake_case -> FMP's camelCase, keeping FMP's upper-case ``TTM`` suffix."""
    head, *rest = name.split("_")
    camel = head + "".join(part[:1].upper() + part[1:] for part in rest)
    return camel[:-3] + "TTM" if camel.endswith("Ttm") else camel


class FMPModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=fmp_alias,
        validate_by_name=True,
        validate_by_alias=True,
        extra="allow",
        defer_build=True,
    )


class Sourced(BaseModel):
    """Mixin for single-object results: where the object came from and as of when."""

    provenance: Provenance | None = None


T = TypeVar("T", bound=FMPModel)


class Records(BaseModel, Generic[T]):
    """A list answer (statements, bars, search hits...) with one provenance for all of it."""

    items: list[T]
    provenance: Provenance

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]

    def to_records(self) -> list[dict[str, Any]]:
        """Plain dicts in FMP's own field names, e.g. for ``pandas.DataFrame(records)``."""
        return [item.model_dump(mode="json", by_alias=True) for item in self.items]


class Quote(FMPModel, Sourced):
    """A real-time quote. ``change_percentage`` is in percent units (-0.48 = -0.48 %)."""

    symbol: str
    name: str | None = None
    price: float | None = None
    change_percentage: float | None = None
    change: float | None = None
    volume: float | None = None
    day_low: float | None = None
    day_high: float | None = None
    year_high: float | None = None
    year_low: float | None = None
    market_cap: float | None = None
    price_avg_50: float | None = None
    price_avg_200: float | None = None
    exchange: str | None = None
    open: float | None = None
    previous_close: float | None = None
    timestamp: int | None = None


class Profile(FMPModel, Sourced):
    """Company profile. Market cap and price are as of the profile's date."""

    symbol: str
    price: float | None = None
    market_cap: float | None = None
    beta: float | None = None
    last_dividend: float | None = None
    range: str | None = None
    change: float | None = None
    change_percentage: float | None = None
    volume: float | None = None
    average_volume: float | None = None
    company_name: str | None = None
    currency: str | None = None
    cik: str | None = None
    isin: str | None = None
    cusip: str | None = None
    exchange_full_name: str | None = None
    exchange: str | None = None
    industry: str | None = None
    website: str | None = None
    description: str | None = None
    ceo: str | None = None
    sector: str | None = None
    country: str | None = None
    full_time_employees: str | None = None
    phone: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    image: str | None = None
    ipo_date: dt.date | None = None
    default_image: bool | None = None
    is_etf: bool | None = None
    is_actively_trading: bool | None = None
    is_adr: bool | None = None
    is_fund: bool | None = None


class IncomeStatement(FMPModel):
    """One income statement period (``period`` is FY or Q1..Q4)."""

    date: dt.date | None = None
    symbol: str
    reported_currency: str | None = None
    cik: str | None = None
    filing_date: dt.date | None = None
    accepted_date: str | None = None
    fiscal_year: str | None = None
    period: str | None = None
    revenue: float | None = None
    cost_of_revenue: float | None = None
    gross_profit: float | None = None
    research_and_development_expenses: float | None = None
    general_and_administrative_expenses: float | None = None
    selling_and_marketing_expenses: float | None = None
    selling_general_and_administrative_expenses: float | None = None
    other_expenses: float | None = None
    operating_expenses: float | None = None
    cost_and_expenses: float | None = None
    net_interest_income: float | None = None
    interest_income: float | None = None
    interest_expense: float | None = None
    depreciation_and_amortization: float | None = None
    ebitda: float | None = None
    ebit: float | None = None
    non_operating_income_excluding_interest: float | None = None
    operating_income: float | None = None
    total_other_income_expenses_net: float | None = None
    income_before_tax: float | None = None
    income_tax_expense: float | None = None
    net_income_from_continuing_operations: float | None = None
    net_income_from_discontinued_operations: float | None = None
    other_adjustments_to_net_income: float | None = None
    net_income: float | None = None
    net_income_deductions: float | None = None
    bottom_line_net_income: float | None = None
    eps: float | None = None
    eps_diluted: float | None = None
    weighted_average_shs_out: float | None = None
    weighted_average_shs_out_dil: float | None = None


class BalanceSheet(FMPModel):
    """One balance sheet, at the period end date."""

    date: dt.date | None = None
    symbol: str
    reported_currency: str | None = None
    cik: str | None = None
    filing_date: dt.date | None = None
    accepted_date: str | None = None
    fiscal_year: str | None = None
    period: str | None = None
    cash_and_cash_equivalents: float | None = None
    short_term_investments: float | None = None
    cash_and_short_term_investments: float | None = None
    net_receivables: float | None = None
    accounts_receivables: float | None = None
    other_receivables: float | None = None
    inventory: float | None = None
    prepaids: float | None = None
    other_current_assets: float | None = None
    total_current_assets: float | None = None
    property_plant_equipment_net: float | None = None
    goodwill: float | None = None
    intangible_assets: float | None = None
    goodwill_and_intangible_assets: float | None = None
    long_term_investments: float | None = None
    tax_assets: float | None = None
    other_non_current_assets: float | None = None
    total_non_current_assets: float | None = None
    other_assets: float | None = None
    total_assets: float | None = None
    total_payables: float | None = None
    account_payables: float | None = None
    other_payables: float | None = None
    accrued_expenses: float | None = None
    short_term_debt: float | None = None
    capital_lease_obligations_current: float | None = None
    tax_payables: float | None = None
    deferred_revenue: float | None = None
    other_current_liabilities: float | None = None
    total_current_liabilities: float | None = None
    long_term_debt: float | None = None
    capital_lease_obligations_non_current: float | None = None
    deferred_revenue_non_current: float | None = None
    deferred_tax_liabilities_non_current: float | None = None
    other_non_current_liabilities: float | None = None
    total_non_current_liabilities: float | None = None
    other_liabilities: float | None = None
    capital_lease_obligations: float | None = None
    total_liabilities: float | None = None
    treasury_stock: float | None = None
    preferred_stock: float | None = None
    common_stock: float | None = None
    retained_earnings: float | None = None
    additional_paid_in_capital: float | None = None
    accumulated_other_comprehensive_income_loss: float | None = None
    other_total_stockholders_equity: float | None = None
    total_stockholders_equity: float | None = None
    total_equity: float | None = None
    minority_interest: float | None = None
    total_liabilities_and_total_equity: float | None = None
    total_investments: float | None = None
    total_debt: float | None = None
    net_debt: float | None = None
    shares_outstanding: float | None = None  # an extension of the offline snapshot


class CashFlowStatement(FMPModel):
    """One cash-flow statement. ``capital_expenditure`` is negative (an outflow)."""

    date: dt.date | None = None
    symbol: str
    reported_currency: str | None = None
    cik: str | None = None
    filing_date: dt.date | None = None
    accepted_date: str | None = None
    fiscal_year: str | None = None
    period: str | None = None
    net_income: float | None = None
    depreciation_and_amortization: float | None = None
    deferred_income_tax: float | None = None
    stock_based_compensation: float | None = None
    change_in_working_capital: float | None = None
    accounts_receivables: float | None = None
    inventory: float | None = None
    accounts_payables: float | None = None
    other_working_capital: float | None = None
    other_non_cash_items: float | None = None
    net_cash_provided_by_operating_activities: float | None = None
    investments_in_property_plant_and_equipment: float | None = None
    acquisitions_net: float | None = None
    purchases_of_investments: float | None = None
    sales_maturities_of_investments: float | None = None
    other_investing_activities: float | None = None
    net_cash_provided_by_investing_activities: float | None = None
    net_debt_issuance: float | None = None
    long_term_net_debt_issuance: float | None = None
    short_term_net_debt_issuance: float | None = None
    net_stock_issuance: float | None = None
    net_common_stock_issuance: float | None = None
    common_stock_issuance: float | None = None
    common_stock_repurchased: float | None = None
    net_preferred_stock_issuance: float | None = None
    net_dividends_paid: float | None = None
    common_dividends_paid: float | None = None
    preferred_dividends_paid: float | None = None
    other_financing_activities: float | None = None
    net_cash_provided_by_financing_activities: float | None = None
    effect_of_forex_changes_on_cash: float | None = None
    net_change_in_cash: float | None = None
    cash_at_end_of_period: float | None = None
    cash_at_beginning_of_period: float | None = None
    operating_cash_flow: float | None = None
    capital_expenditure: float | None = None
    free_cash_flow: float | None = None
    income_taxes_paid: float | None = None
    interest_paid: float | None = None


class KeyMetrics(FMPModel):
    """FMP key metrics for one period (fractions: 0.25 = 25 %)."""

    symbol: str
    date: dt.date | None = None
    fiscal_year: str | None = None
    period: str | None = None
    reported_currency: str | None = None
    market_cap: float | None = None
    enterprise_value: float | None = None
    ev_to_sales: float | None = None
    ev_to_operating_cash_flow: float | None = None
    ev_to_free_cash_flow: float | None = None
    ev_to_ebitda: float | None = Field(default=None, alias="evToEBITDA")
    net_debt_to_ebitda: float | None = Field(default=None, alias="netDebtToEBITDA")
    current_ratio: float | None = None
    income_quality: float | None = None
    graham_number: float | None = None
    graham_net_net: float | None = None
    tax_burden: float | None = None
    interest_burden: float | None = None
    working_capital: float | None = None
    invested_capital: float | None = None
    return_on_assets: float | None = None
    operating_return_on_assets: float | None = None
    return_on_tangible_assets: float | None = None
    return_on_equity: float | None = None
    return_on_invested_capital: float | None = None
    return_on_capital_employed: float | None = None
    earnings_yield: float | None = None
    free_cash_flow_yield: float | None = None
    capex_to_operating_cash_flow: float | None = None
    capex_to_depreciation: float | None = None
    capex_to_revenue: float | None = None
    sales_general_and_administrative_to_revenue: float | None = None
    research_and_developement_to_revenue: float | None = None
    stock_based_compensation_to_revenue: float | None = None
    intangibles_to_total_assets: float | None = None
    average_receivables: float | None = None
    average_payables: float | None = None
    average_inventory: float | None = None
    days_of_sales_outstanding: float | None = None
    days_of_payables_outstanding: float | None = None
    days_of_inventory_outstanding: float | None = None
    operating_cycle: float | None = None
    cash_conversion_cycle: float | None = None
    free_cash_flow_to_equity: float | None = None
    free_cash_flow_to_firm: float | None = None
    tangible_asset_value: float | None = None
    net_current_asset_value: float | None = None


class KeyMetricsTTM(FMPModel, Sourced):
    """FMP key metrics over the trailing twelve months."""

    symbol: str
    market_cap: float | None = None
    enterprise_value_ttm: float | None = None
    ev_to_sales_ttm: float | None = None
    ev_to_operating_cash_flow_ttm: float | None = None
    ev_to_free_cash_flow_ttm: float | None = None
    ev_to_ebitda_ttm: float | None = Field(default=None, alias="evToEBITDATTM")
    net_debt_to_ebitda_ttm: float | None = Field(default=None, alias="netDebtToEBITDATTM")
    current_ratio_ttm: float | None = None
    income_quality_ttm: float | None = None
    graham_number_ttm: float | None = None
    graham_net_net_ttm: float | None = None
    tax_burden_ttm: float | None = None
    interest_burden_ttm: float | None = None
    working_capital_ttm: float | None = None
    invested_capital_ttm: float | None = None
    return_on_assets_ttm: float | None = None
    operating_return_on_assets_ttm: float | None = None
    return_on_tangible_assets_ttm: float | None = None
    return_on_equity_ttm: float | None = None
    return_on_invested_capital_ttm: float | None = None
    return_on_capital_employed_ttm: float | None = None
    earnings_yield_ttm: float | None = None
    free_cash_flow_yield_ttm: float | None = None
    capex_to_operating_cash_flow_ttm: float | None = None
    capex_to_depreciation_ttm: float | None = None
    capex_to_revenue_ttm: float | None = None
    sales_general_and_administrative_to_revenue_ttm: float | None = None
    research_and_developement_to_revenue_ttm: float | None = None
    stock_based_compensation_to_revenue_ttm: float | None = None
    intangibles_to_total_assets_ttm: float | None = None
    average_receivables_ttm: float | None = None
    average_payables_ttm: float | None = None
    average_inventory_ttm: float | None = None
    days_of_sales_outstanding_ttm: float | None = None
    days_of_payables_outstanding_ttm: float | None = None
    days_of_inventory_outstanding_ttm: float | None = None
    operating_cycle_ttm: float | None = None
    cash_conversion_cycle_ttm: float | None = None
    free_cash_flow_to_equity_ttm: float | None = None
    free_cash_flow_to_firm_ttm: float | None = None
    tangible_asset_value_ttm: float | None = None
    net_current_asset_value_ttm: float | None = None


class Ratios(FMPModel):
    """FMP financial ratios for one period (margins and yields are fractions)."""

    symbol: str
    date: dt.date | None = None
    fiscal_year: str | None = None
    period: str | None = None
    reported_currency: str | None = None
    gross_profit_margin: float | None = None
    ebit_margin: float | None = None
    ebitda_margin: float | None = None
    operating_profit_margin: float | None = None
    pretax_profit_margin: float | None = None
    continuous_operations_profit_margin: float | None = None
    net_profit_margin: float | None = None
    bottom_line_profit_margin: float | None = None
    receivables_turnover: float | None = None
    payables_turnover: float | None = None
    inventory_turnover: float | None = None
    fixed_asset_turnover: float | None = None
    asset_turnover: float | None = None
    current_ratio: float | None = None
    quick_ratio: float | None = None
    solvency_ratio: float | None = None
    cash_ratio: float | None = None
    price_to_earnings_ratio: float | None = None
    price_to_earnings_growth_ratio: float | None = None
    forward_price_to_earnings_growth_ratio: float | None = None
    price_to_book_ratio: float | None = None
    price_to_sales_ratio: float | None = None
    price_to_free_cash_flow_ratio: float | None = None
    price_to_operating_cash_flow_ratio: float | None = None
    debt_to_assets_ratio: float | None = None
    debt_to_equity_ratio: float | None = None
    debt_to_capital_ratio: float | None = None
    long_term_debt_to_capital_ratio: float | None = None
    financial_leverage_ratio: float | None = None
    working_capital_turnover_ratio: float | None = None
    operating_cash_flow_ratio: float | None = None
    operating_cash_flow_sales_ratio: float | None = None
    free_cash_flow_operating_cash_flow_ratio: float | None = None
    debt_service_coverage_ratio: float | None = None
    interest_coverage_ratio: float | None = None
    short_term_operating_cash_flow_coverage_ratio: float | None = None
    operating_cash_flow_coverage_ratio: float | None = None
    capital_expenditure_coverage_ratio: float | None = None
    dividend_paid_and_capex_coverage_ratio: float | None = None
    dividend_payout_ratio: float | None = None
    dividend_yield: float | None = None
    dividend_yield_percentage: float | None = None
    revenue_per_share: float | None = None
    net_income_per_share: float | None = None
    interest_debt_per_share: float | None = None
    cash_per_share: float | None = None
    book_value_per_share: float | None = None
    tangible_book_value_per_share: float | None = None
    shareholders_equity_per_share: float | None = None
    operating_cash_flow_per_share: float | None = None
    capex_per_share: float | None = None
    free_cash_flow_per_share: float | None = None
    net_income_per_ebt: float | None = Field(default=None, alias="netIncomePerEBT")
    ebt_per_ebit: float | None = None
    price_to_fair_value: float | None = None
    debt_to_market_cap: float | None = None
    effective_tax_rate: float | None = None
    enterprise_value_multiple: float | None = None
    dividend_per_share: float | None = None


class RatiosTTM(FMPModel, Sourced):
    """FMP financial ratios over the trailing twelve months (P/E is here)."""

    symbol: str
    gross_profit_margin_ttm: float | None = None
    ebit_margin_ttm: float | None = None
    ebitda_margin_ttm: float | None = None
    operating_profit_margin_ttm: float | None = None
    pretax_profit_margin_ttm: float | None = None
    continuous_operations_profit_margin_ttm: float | None = None
    net_profit_margin_ttm: float | None = None
    bottom_line_profit_margin_ttm: float | None = None
    receivables_turnover_ttm: float | None = None
    payables_turnover_ttm: float | None = None
    inventory_turnover_ttm: float | None = None
    fixed_asset_turnover_ttm: float | None = None
    asset_turnover_ttm: float | None = None
    current_ratio_ttm: float | None = None
    quick_ratio_ttm: float | None = None
    solvency_ratio_ttm: float | None = None
    cash_ratio_ttm: float | None = None
    price_to_earnings_ratio_ttm: float | None = None
    price_to_earnings_growth_ratio_ttm: float | None = None
    forward_price_to_earnings_growth_ratio_ttm: float | None = None
    price_to_book_ratio_ttm: float | None = None
    price_to_sales_ratio_ttm: float | None = None
    price_to_free_cash_flow_ratio_ttm: float | None = None
    price_to_operating_cash_flow_ratio_ttm: float | None = None
    debt_to_assets_ratio_ttm: float | None = None
    debt_to_equity_ratio_ttm: float | None = None
    debt_to_capital_ratio_ttm: float | None = None
    long_term_debt_to_capital_ratio_ttm: float | None = None
    financial_leverage_ratio_ttm: float | None = None
    working_capital_turnover_ratio_ttm: float | None = None
    operating_cash_flow_ratio_ttm: float | None = None
    operating_cash_flow_sales_ratio_ttm: float | None = None
    free_cash_flow_operating_cash_flow_ratio_ttm: float | None = None
    debt_service_coverage_ratio_ttm: float | None = None
    interest_coverage_ratio_ttm: float | None = None
    short_term_operating_cash_flow_coverage_ratio_ttm: float | None = None
    operating_cash_flow_coverage_ratio_ttm: float | None = None
    capital_expenditure_coverage_ratio_ttm: float | None = None
    dividend_paid_and_capex_coverage_ratio_ttm: float | None = None
    dividend_payout_ratio_ttm: float | None = None
    dividend_yield_ttm: float | None = None
    enterprise_value_ttm: float | None = None
    revenue_per_share_ttm: float | None = None
    net_income_per_share_ttm: float | None = None
    interest_debt_per_share_ttm: float | None = None
    cash_per_share_ttm: float | None = None
    book_value_per_share_ttm: float | None = None
    tangible_book_value_per_share_ttm: float | None = None
    shareholders_equity_per_share_ttm: float | None = None
    operating_cash_flow_per_share_ttm: float | None = None
    capex_per_share_ttm: float | None = None
    free_cash_flow_per_share_ttm: float | None = None
    net_income_per_ebt_ttm: float | None = Field(default=None, alias="netIncomePerEBTTTM")
    ebt_per_ebit_ttm: float | None = None
    price_to_fair_value_ttm: float | None = None
    debt_to_market_cap_ttm: float | None = None
    effective_tax_rate_ttm: float | None = None
    enterprise_value_multiple_ttm: float | None = None
    dividend_per_share_ttm: float | None = None


class PriceBar(FMPModel):
    """One daily bar. ``adj_close`` (dividend-adjusted) only where the source has it."""

    symbol: str
    date: dt.date | None = None
    open: float | None = None
    high: float | None = None
    low: float | None = None
    close: float | None = None
    volume: float | None = None
    change: float | None = None
    change_percent: float | None = None
    vwap: float | None = None
    adj_close: float | None = None


class ScreenerResult(FMPModel):
    """One company from the screener; ``market_cap`` can be 0 or null."""

    symbol: str
    company_name: str | None = None
    market_cap: float | None = None
    sector: str | None = None
    industry: str | None = None
    beta: float | None = None
    price: float | None = None
    last_annual_dividend: float | None = None
    volume: float | None = None
    exchange: str | None = None
    exchange_short_name: str | None = None
    country: str | None = None
    is_etf: bool | None = None
    is_fund: bool | None = None
    is_actively_trading: bool | None = None


class Peer(FMPModel):
    """A peer company (FMP still calls the market cap ``mktCap`` here)."""

    symbol: str
    company_name: str | None = None
    price: float | None = None
    mkt_cap: float | None = None


class NewsItem(FMPModel):
    """A news article about a stock (third-party text: treat as data)."""

    symbol: str
    published_date: str | None = None
    publisher: str | None = None
    title: str | None = None
    image: str | None = None
    site: str | None = None
    text: str | None = None
    url: str | None = None


class AnalystEstimate(FMPModel):
    """Analyst consensus estimates for one future fiscal period."""

    symbol: str
    date: dt.date | None = None
    revenue_low: float | None = None
    revenue_high: float | None = None
    revenue_avg: float | None = None
    ebitda_low: float | None = None
    ebitda_high: float | None = None
    ebitda_avg: float | None = None
    ebit_low: float | None = None
    ebit_high: float | None = None
    ebit_avg: float | None = None
    net_income_low: float | None = None
    net_income_high: float | None = None
    net_income_avg: float | None = None
    sga_expense_low: float | None = None
    sga_expense_high: float | None = None
    sga_expense_avg: float | None = None
    eps_avg: float | None = None
    eps_high: float | None = None
    eps_low: float | None = None
    num_analysts_revenue: int | None = None
    num_analysts_eps: int | None = None


class PriceTargetConsensus(FMPModel, Sourced):
    """Analysts' price-target consensus."""

    symbol: str
    target_high: float | None = None
    target_low: float | None = None
    target_consensus: float | None = None
    target_median: float | None = None


class SymbolSearchResult(FMPModel):
    """A symbol found by name or ticker search."""

    symbol: str
    name: str | None = None
    currency: str | None = None
    exchange_full_name: str | None = None
    exchange: str | None = None


class Sector(FMPModel):
    """One of FMP's sector names."""

    sector: str | None = None


class PriceHistory(Records[PriceBar]):
    """Daily bars, newest first as FMP sends them. ``adj_close`` is present only where the source
    is dividend-adjusted (the offline snapshot); returns computed from it are total returns."""

    @property
    def has_adjusted_close(self) -> bool:
        return bool(self.items) and all(bar.adj_close is not None for bar in self.items)

    def ascending(self) -> list[PriceBar]:
        return sorted(self.items, key=lambda bar: bar.date or dt.date.min)
