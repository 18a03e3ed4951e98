"""Sector analysis: the largest companies of a sector or industry, their metrics, the sector's
medians and each company's rank."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from finagent.facts import FactSheet
from tools import screen_sector
from tools.errors import DataNotCoveredError
from tools.snapshot import UNIVERSE_AS_OF

from .base import AnalysisError, AnalysisResult, Orchestration
from .sectors import SectorChoice, resolve_sector, universe_candidates

# The metric machinery is imported in gather/analyze: the model's first request needs only this
# class's name, description and parameters (bench/frameworks.py, first model request).
if TYPE_CHECKING:
    from .company import CompanyData

PARTS = ("quote", "income", "balance", "cash", "prices")
SPARE = 3  # extra candidates fetched when the list may hold companies without data


class SectorAnalysis(Orchestration):
    """Analyze the largest companies of a sector or industry (e.g. "Technology", "banking",
    "chip makers"): valuation, growth, profitability, balance-sheet strength and price
    performance per company, the sector medians, and each company's rank against them."""

    class Params(BaseModel):
        sector: str = Field(
            description="A sector or an industry in everyday words, e.g. "
            '"Technology", "Financial Services", "banking", "chip makers".'
        )
        industry: str | None = Field(
            None,
            description="Optional FMP industry inside the sector, "
            'e.g. "Semiconductors" or "Banks - Diversified".',
        )
        top_n: int = Field(5, ge=2, le=10, description="How many of the largest companies.")

    def gather(self, params: Params) -> dict[str, Any]:
        from .company import CompanyData, company_calls

        try:
            choice = resolve_sector(params.sector, params.industry)
        except ValueError as exc:
            raise AnalysisError(str(exc)) from None
        candidates, first_round, notes, meta = self._candidates(choice, params.top_n)
        companies: list[CompanyData] = []
        batch = candidates[:first_round]
        while batch:  # a second, smaller round only if some companies had no data
            calls: dict[Any, Any] = {}
            for symbol in batch:
                calls.update(company_calls(self.client, symbol, PARTS, history_years=1.05))
            results = self.fetch_all(calls, label="fetching")
            for symbol in batch:
                company = CompanyData.assemble(symbol, results)
                company.name, company.industry, company.sector = meta.get(symbol, (None,) * 3)
                companies.append(company)
            missing = params.top_n - sum(c.usable for c in companies)
            done = len(companies)
            batch = candidates[done : done + missing] if missing > 0 else []
        return {"choice": choice, "companies": companies, "notes": notes}

    def _candidates(
        self, choice: SectorChoice, top_n: int
    ) -> tuple[list[str], int, list[str], dict[str, tuple[str, str, str]]]:
        """Largest companies from the screener; if it is not in the plan (or offline), from the
        dated S&P 500 list, keeping those the data source covers.

        Returns (candidates largest first, how many to fetch in the first round, notes, meta).
        """
        industries = choice.industries or (None,)
        screens = self.fetch_all(
            {
                industry: (
                    lambda i=industry: screen_sector(
                        choice.sector, industry=i, limit=top_n + SPARE, client=self.client
                    )
                )
                for industry in industries
            },
            label="screening",
        )
        rows = [
            row
            for result in screens.values()
            if not isinstance(result, Exception)
            for row in result
        ]
        errors = [r for r in screens.values() if isinstance(r, Exception)]
        if rows:
            rows.sort(key=lambda row: -(row.market_cap or 0))
            meta = {
                r.symbol: (r.company_name or r.symbol, r.industry or "", r.sector or "")
                for r in rows
            }
            return list(meta)[: top_n + SPARE], top_n, [], meta
        if errors and not all(isinstance(e, DataNotCoveredError) for e in errors):
            raise errors[0]
        listed = universe_candidates(choice)
        meta = {c.symbol: (c.name, c.industry, c.sector) for c in listed}
        why = "offline" if self.client.offline else "the screener is not in your FMP plan"
        notes = [
            f"Companies chosen from the bundled S&P 500 list dated {UNIVERSE_AS_OF} ({why}), "
            "largest market cap first."
        ]
        if not self.client.offline:  # which the plan covers is unknown: fetch spares at once
            symbols = [c.symbol for c in listed[: top_n + SPARE]]
            return symbols, len(symbols), notes, meta
        from tools.snapshot import snapshot_symbols

        covered = set(snapshot_symbols())
        kept = [c.symbol for c in listed if c.symbol in covered][:top_n]
        last = max((i for i, c in enumerate(listed) if c.symbol in kept), default=top_n - 1)
        shortfall = top_n - len(kept)  # when too few are covered, name the ones that would fill it
        skipped = [c.symbol for c in listed[: last + 1 + shortfall] if c.symbol not in covered]
        if skipped:
            notes.append(
                "Larger companies skipped because the offline snapshot has no data for "
                f"them: {', '.join(skipped[:12])}."
            )
        return kept, len(kept), notes, meta

    def analyze(self, params: Params, data: dict[str, Any]) -> AnalysisResult:
        from .common import SOURCES, fiscal_year_warning, legend, report_failures, source_label
        from .company import build_view
        from .metrics import (
            fundamental_facts,
            market_facts,
            medians_and_ranks,
            price_facts,
            valuation_facts,
        )

        choice: SectorChoice = data["choice"]
        sheet = FactSheet()
        for note in data["notes"]:
            sheet.warn(note)
        usable = [c for c in data["companies"] if c.usable][: params.top_n]
        last = data["companies"].index(usable[-1]) if usable else len(data["companies"])
        failed = [c.symbol for c in data["companies"][:last] if not c.usable]
        report_failures(sheet, [c for c in data["companies"] if c.usable])
        if failed:
            sheet.warn(f"Skipped for lack of data: {', '.join(failed)}.")
        if not usable:
            raise AnalysisError(
                f"No company data could be gathered for {choice.name}. "
                + " ".join(sheet.warnings[:3])
            )
        if len(usable) < params.top_n:
            sheet.warn(f"Only {len(usable)} companies with data (asked for {params.top_n}).")
            sheet.missing.append(f"{params.top_n - len(usable)} of the {params.top_n} companies")
        views = [build_view(company) for company in usable]
        fiscal_year_warning(sheet, views)
        for view in views:
            sheet.headers[view.symbol] = view.header()
            market_facts(sheet, view)
            fundamental_facts(sheet, view, brief=True)
            valuation_facts(sheet, view)
            price_facts(sheet, view, [("1Y", 12)], drawdown_years=1)
        medians_and_ranks(sheet)
        legend(sheet)
        universe = ("U", SOURCES["U"]) if data["notes"] else ("SC", SOURCES["SC"])
        sheet.sources[universe[0]] = universe[1]
        scope = choice.name if choice.industries else choice.sector
        task = (
            f"Analyze the {scope} sector through its {len(views)} largest companies: how they "
            "compare on valuation, growth, profitability, balance-sheet strength and 1-year "
            "price performance; use the median column and the rank rows to say who leads and "
            "who lags (on performance #1 is the best; on valuation multiples #1 is the cheapest, "
            "which is not the same as the best). Outliers are marked and left out of medians and "
            "ranks. Note which figures are missing or not meaningful."
        )
        return AnalysisResult(
            f"Sector analysis: {scope}",
            task,
            sheet,
            source_label(self.client, usable),
            {"choice": choice, "companies": usable, "views": views},
        )
