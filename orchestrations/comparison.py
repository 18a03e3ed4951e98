"""Company comparison: 2 to 5 companies side by side over a time horizon."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, field_validator

from finagent.facts import FactSheet
from tools.symbols import normalize_symbols

from .base import AnalysisError, AnalysisResult, Orchestration
from .horizons import HORIZON_HELP, horizon_label, parse_horizon, windows_for

# The metric machinery is imported in gather/analyze: the model's first request needs only this
# class's name, description and parameters (bench/frameworks.py, first model request).
if TYPE_CHECKING:
    from .company import CompanyData

PARTS = ("quote", "profile", "income", "balance", "cash", "prices", "targets")


def history_years(time_horizon: str | None) -> float:
    """Years of daily prices a comparison over ``time_horizon`` fetches (its longest window)."""
    years = parse_horizon(time_horizon)
    return max(max(months for _, months in windows_for(years)) / 12, years)


class CompanyComparison(Orchestration):
    """Compare 2 to 5 companies side by side: revenue and EPS growth, margins, ROE/ROIC, leverage,
    liquidity, free cash flow and FCF yield, valuation multiples, price performance and risk over
    windows that fit the time horizon, and analyst price targets where available."""

    class Params(BaseModel):
        symbols: list[str] = Field(
            min_length=2, max_length=5, description='2 to 5 ticker symbols, e.g. ["MSFT", "GOOGL"].'
        )
        time_horizon: str = Field("1 year", description=HORIZON_HELP)

        @field_validator("symbols")
        @classmethod
        def _normalize(cls, value: list[str]) -> list[str]:
            symbols = normalize_symbols(value)
            if len(symbols) < 2:
                raise ValueError("give at least two different ticker symbols")
            return symbols

    def gather(self, params: Params) -> dict[str, CompanyData]:
        from .company import CompanyData, company_calls

        years = history_years(params.time_horizon)
        calls: dict[Any, Any] = {}
        for symbol in params.symbols:
            calls.update(company_calls(self.client, symbol, PARTS, years))
        results = self.fetch_all(calls)
        return {symbol: CompanyData.assemble(symbol, results) for symbol in params.symbols}

    def analyze(self, params: Params, data: dict[str, CompanyData]) -> AnalysisResult:
        from .common import fiscal_year_warning, legend, report_failures, source_label, target_facts
        from .company import build_view
        from .metrics import fundamental_facts, market_facts, price_facts, valuation_facts

        years = parse_horizon(params.time_horizon)
        sheet = FactSheet()
        report_failures(sheet, data.values())
        views = [build_view(company) for company in data.values() if company.usable]
        if not views:
            raise AnalysisError(
                "No data could be gathered for "
                + ", ".join(data)
                + ". "
                + " ".join(sheet.warnings[:2])
            )
        for view in views:
            sheet.headers[view.symbol] = view.header()
            market_facts(sheet, view)
            fundamental_facts(sheet, view)
            valuation_facts(sheet, view)
            price_facts(sheet, view, windows_for(years), drawdown_years=max(years, 1))
            target_facts(sheet, view)
        fiscal_year_warning(sheet, views)
        legend(sheet)
        names = ", ".join(v.data.name or v.symbol for v in views)
        lacking = [symbol for symbol, company in data.items() if not company.usable]
        task = (
            f"Compare {names} for an investor with a {horizon_label(years)} horizon: growth, "
            "profitability, balance-sheet strength, cash flow, valuation, and price "
            "performance and risk. Trailing returns are context, not a forecast. Give a "
            "balanced view of strengths and risks of each, then a short summary table."
        )
        if lacking:  # every company asked about is named, with what happened to it
            task += f" Say plainly that there is no data for {', '.join(lacking)} (see warnings)."
        title = ", ".join(data) + (f" (no data: {', '.join(lacking)})" if lacking else "")
        return AnalysisResult(
            f"Company comparison: {title}",
            task,
            sheet,
            source_label(self.client, data.values()),
            {"companies": data, "views": views, "horizon_years": years},
        )
