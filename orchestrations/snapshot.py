"""Company snapshot: the single-company deep dive — is it expensive (against its own history,
its peers and its growth), how healthy is its balance sheet, how profitable, how has it traded."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from finagent.facts import FactSheet
from tools import get_balance_sheets, get_income_statements, get_peers, get_quote
from tools.symbols import normalize_symbol

from .analytics import fundamentals as f
from .analytics import prices as px
from .base import AnalysisError, AnalysisResult, Orchestration
from .common import legend, report_failures, source_label, target_facts
from .company import CompanyData, CompanyView, build_view, company_calls
from .horizons import windows_for
from .metrics import fundamental_facts, market_facts, price_facts, valuation_facts

PARTS = ("quote", "profile", "income", "balance", "cash", "prices", "targets")
PEER_PARTS = ("quote", "income", "balance")
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
            "overview", description="What the question is about."
        )

        @field_validator("symbol")
        @classmethod
        def _normalize(cls, value: str) -> str:
            return normalize_symbol(value)

    def gather(self, params: Params) -> dict[str, Any]:
        symbol = params.symbol
        calls: dict[Any, Any] = company_calls(self.client, symbol, PARTS, history_years=5.1)
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
        self._valuation_history(sheet, view)
        self._growth_adjusted(sheet, view)
        self._balance_sheet(sheet, view)
        price_facts(sheet, view, windows_for(5), drawdown_years=5)
        target_facts(sheet, view)
        self._peers(sheet, view, [build_view(p) for p in data["peers"]])
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

    @staticmethod
    def _valuation_history(sheet: FactSheet, view: CompanyView) -> None:
        """P/E at each fiscal year end: the close on the period end (or up to 7 days before it)
        over that year's diluted EPS — never a price after the period it is paired with."""
        if view.currency != view.price_currency:
            return  # valuation_facts has said why
        history = []
        for year in view.years:
            bar = px.close_on_or_before(view.raw_closes, year.end)
            if bar is None or (year.end - bar[0]).days > 7:
                continue
            value = f.pe(bar[1], year.income.eps_diluted)
            if value is not None:
                history.append(value)
                sheet.put(
                    view.symbol,
                    f"pe_{year.label.lower()}",
                    f"P/E at {year.label} end",
                    value,
                    "x",
                    f"price {bar[0]} / {year.label}",
                    "PX,IS",
                )
        current = sheet.get(f"{view.symbol}.pe")
        if current is not None and current.value is not None and len(history) >= 2:
            average = sum(history) / len(history)
            sheet.put(
                view.symbol,
                "pe_hist_avg",
                f"Average P/E at the last {len(history)} FY ends",
                average,
                "x",
                "fiscal-year ends",
                "PX,IS",
            )
            sheet.put(
                view.symbol,
                "pe_vs_hist",
                "Current P/E vs that average",
                (current.value / average - 1) * 100,
                "%",
                f"{view.as_of}",
                "Q,PX,IS",
            )
        elif len(history) < 2:
            sheet.warn(
                f"{view.symbol}: fewer than two fiscal-year-end P/E ratios available, so no "
                "comparison with its own history."
            )

    @staticmethod
    def _growth_adjusted(sheet: FactSheet, view: CompanyView) -> None:
        current, growth = sheet.get(f"{view.symbol}.pe"), sheet.get(f"{view.symbol}.eps_growth")
        if current is None or growth is None:
            return
        value = f.peg(current.value, (growth.value or 0) / 100)
        if value is None:
            sheet.warn(f"{view.symbol}: PEG not meaningful (EPS growth not positive).")
            return
        sheet.put(
            view.symbol,
            "peg",
            "PEG (P/E / EPS growth %)",
            value,
            "ratio",
            f"{current.period}; growth {growth.period}",
            "Q,IS",
        )

    @staticmethod
    def _balance_sheet(sheet: FactSheet, view: CompanyView) -> None:
        fy = view.fy
        if fy is None or fy.balance is None:
            return
        b, i, sym, period = fy.balance, fy.income, view.symbol, fy.label
        for key, label, value in (
            ("cash", "Cash and equivalents", b.cash_and_cash_equivalents),
            ("total_debt", "Total debt", b.total_debt),
            ("equity", "Shareholders' equity", b.total_stockholders_equity),
        ):
            if value is not None:
                sheet.put(sym, key, label, value, view.currency, period, "BS")
        if not view.is_bank:
            value = f.net_debt_to_ebitda(b.total_debt, b.cash_and_cash_equivalents, i.ebitda)
            if value is not None:
                sheet.put(sym, "net_debt_ebitda", "Net debt / EBITDA", value, "x", period, "BS,IS")

    @staticmethod
    def _peers(sheet: FactSheet, view: CompanyView, peers: list[CompanyView]) -> None:
        if not peers:
            sheet.warn(f"{view.symbol}: no peer data available for a peer comparison.")
            return
        keys = ("pb", "ptbv", "pe") if view.is_bank else ("pe", "ps", "ev_ebitda")
        scratch = FactSheet()
        for peer in peers:
            valuation_facts(scratch, peer)
        for key in keys:
            values = {fact.entity: fact for fact in scratch.facts if fact.metric == key}
            if len(values) < 2:
                continue
            sample = next(iter(values.values()))
            median = f.median([fact.value for fact in values.values()])
            names = ", ".join(values)
            sheet.put(
                view.symbol,
                f"peer_median_{key}",
                f"Peer median {sample.label.split(' (')[0]} ({names})",
                median,
                "x",
                "latest of each",
                sample.source,
            )
