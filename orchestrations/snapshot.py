"""Company snapshot: the single-company deep dive — is it expensive (against its own history,
its peers and its growth), how healthy is its balance sheet, how profitable, how has it traded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, field_validator

from finagent.facts import FactSheet
from tools import get_balance_sheets, get_income_statements, get_peers, get_quote
from tools.symbols import normalize_symbol

from .base import AnalysisError, AnalysisResult, Orchestration
from .horizons import windows_for

# The metric machinery is imported in gather/analyze: the model's first request needs only this
# class's name, description and parameters (bench/frameworks.py, first model request).
if TYPE_CHECKING:
    from .company import CompanyData

PARTS = ("quote", "profile", "income", "quarters", "balance", "cash", "prices", "targets")
PEER_PARTS = ("quote", "income", "balance")
HISTORY_YEARS = 5.1  # five years of prices, and a little to spare for the window's start
MAX_PEERS = 4
FOCUS_TASKS = {
    "overview": "Give a rounded picture of the company: growth, profitability, balance sheet, "
    "cash flow, valuation and price performance, with the main strengths and risks.",
    "valuation": "Judge whether the stock looks expensive or cheap: compare its current multiples "
    "with its own fiscal-year-end history, with the peer median, and with its growth "
    "(PEG). Say which comparisons point which way.",
    "balance_sheet": "Judge the health of the balance sheet: leverage, liquidity, interest "
    "coverage, cash versus debt (for banks: equity/assets, P/TBV, ROE, ROA).",
    "growth": "Describe the growth record (revenue, EPS, CAGR) and the profitability behind it.",
}


class CompanySnapshot(Orchestration):
    """Deep dive into one company: valuation against its own history, its peers and its growth
    ("Is NVDA expensive?"), balance-sheet health ("How healthy is JPM's balance sheet?"),
    profitability, cash flow, price performance and analyst targets."""

    class Params(BaseModel):
        symbol: str = Field(description="Ticker symbol, e.g. NVDA.")
        focus: Literal["overview", "valuation", "balance_sheet", "growth"] = Field(
            "overview",
            description="What the question is about, which sets the task: "
            + "; ".join(
                f"{name}: {task.split(':')[0].rstrip('.')}" for name, task in FOCUS_TASKS.items()
            )
            + ".",
        )

        @field_validator("symbol")
        @classmethod
        def _normalize(cls, value: str) -> str:
            return normalize_symbol(value)

    def gather(self, params: Params) -> dict[str, Any]:
        from .company import CompanyData, company_calls

        symbol = params.symbol
        calls: dict[Any, Any] = company_calls(self.client, symbol, PARTS, HISTORY_YEARS)
        offline_peers = self._offline_peers(symbol) if self.client.offline else None
        if offline_peers is None:
            calls[(symbol, "peers")] = lambda: get_peers(symbol, client=self.client)
        else:
            calls.update(self._peer_calls(offline_peers))
        results = self.fetch_all(calls)
        company = CompanyData.assemble(symbol, results)
        peers = offline_peers
        if peers is None:  # live: the peer list comes first, their data in a second round
            found = results.get((symbol, "peers"))
            peers = (
                []
                if isinstance(found, Exception) or found is None
                else [p.symbol for p in found][:MAX_PEERS]
            )
            results.update(self.fetch_all(self._peer_calls(peers), label="fetching peer"))
        peer_data = [CompanyData.assemble(p, results) for p in peers]
        for peer in peer_data:  # peers share the company's industry (FMP's peers, or ours offline)
            peer.industry = peer.industry or company.industry
        return {"company": company, "peers": [p for p in peer_data if p.usable]}

    def _offline_peers(self, symbol: str) -> list[str]:
        """Offline peers: the snapshot's companies in the same industry, else the same sector."""
        from tools.snapshot import load_universe, snapshot_symbols

        listed = {c.symbol: c for c in load_universe()}
        me = listed.get(symbol)
        if me is None:
            return []
        covered = [s for s in snapshot_symbols() if s != symbol and s in listed]
        same = [s for s in covered if listed[s].industry == me.industry]
        if len(same) < 2:
            same += [s for s in covered if listed[s].sector == me.sector and s not in same]
        return sorted(same, key=lambda s: -listed[s].market_cap)[:MAX_PEERS]

    def _peer_calls(self, peers: list[str]) -> dict[Any, Any]:
        calls: dict[Any, Any] = {}
        for peer in peers:
            calls[(peer, "quote")] = lambda p=peer: get_quote(p, client=self.client)
            calls[(peer, "income")] = lambda p=peer: get_income_statements(
                p, limit=2, client=self.client
            )
            calls[(peer, "balance")] = lambda p=peer: get_balance_sheets(
                p, limit=2, client=self.client
            )
        return calls

    def analyze(self, params: Params, data: dict[str, Any]) -> AnalysisResult:
        from .common import legend, report_failures, source_label, target_facts
        from .company import build_view
        from .metrics import (
            balance_facts,
            fundamental_facts,
            history_facts,
            market_facts,
            peer_medians,
            price_facts,
            valuation_facts,
        )

        company: CompanyData = data["company"]
        sheet = FactSheet()
        report_failures(sheet, [company])
        if not company.usable:
            raise AnalysisError(
                f"No data could be gathered for {company.symbol}. " + " ".join(sheet.warnings[:2])
            )
        view = build_view(company)
        sheet.headers[view.symbol] = view.header()
        market_facts(sheet, view)
        fundamental_facts(sheet, view)
        valuation_facts(sheet, view)
        history_facts(sheet, view)
        balance_facts(sheet, view)
        price_facts(sheet, view, windows_for(5), drawdown_years=5)
        target_facts(sheet, view)
        peer_medians(sheet, view, [build_view(p) for p in data["peers"]])
        legend(sheet)
        name = company.name or company.symbol
        task = f"About {name} ({company.symbol}). " + FOCUS_TASKS[params.focus]
        return AnalysisResult(
            f"Company snapshot: {company.symbol}",
            task,
            sheet,
            source_label(self.client, [company, *data["peers"]]),
            {"company": company, "view": view, "peers": data["peers"]},
        )
