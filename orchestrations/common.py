"""Pieces every orchestration shares: the source legend, the data-source label, and turning the
failures of a gather into short warnings (one per kind of failure, not one per company)."""

from __future__ import annotations

from collections.abc import Iterable

from finagent.facts import FactSheet
from tools import FMPClient
from tools.errors import DataNotCoveredError
from tools.snapshot import UNIVERSE_AS_OF

from .company import CompanyData, CompanyView

SOURCES = {
    "Q": "quote",
    "IS": "income-statement (annual)",
    "BS": "balance-sheet-statement (annual)",
    "CF": "cash-flow-statement (annual)",
    "PX": "daily prices (historical-price-eod)",
    "PT": "price-target-consensus",
    "SC": "company-screener",
    "U": f"S&P 500 company list dated {UNIVERSE_AS_OF} (bundled)",
}
PART_NAMES = {
    "quote": "quote",
    "profile": "profile",
    "income": "income statements",
    "quarters": "quarterly income statements (for a trailing-twelve-months P/E)",
    "balance": "balance sheets",
    "cash": "cash-flow statements",
    "prices": "daily prices",
    "targets": "analyst price targets",
}


def source_label(client: FMPClient, companies: Iterable[CompanyData]) -> str:
    """``offline snapshot as of 2024-03-08`` or ``FMP live data retrieved <newest time>``."""
    if client.offline:
        from tools.snapshot import SNAPSHOT_AS_OF

        return f"offline snapshot as of {SNAPSHOT_AS_OF} (not live data)"
    stamps = [p for c in companies for p in c.provenance.values()]
    if not stamps:
        return "FMP live data"
    newest = max(stamps, key=lambda p: p.retrieved_at)
    return newest.label


def legend(sheet: FactSheet) -> None:
    used = {code for fact in sheet.facts for code in fact.source.split(",")}
    sheet.sources = {code: what for code, what in SOURCES.items() if code in used}


#: errors that mean "this data is not in your plan / the offline snapshot", not a failure
COVERAGE_LIMITS = {"DataNotCoveredError", "PlanRestrictedError", "NotInSnapshotError"}


def report_failures(sheet: FactSheet, companies: Iterable[CompanyData]) -> None:
    """One warning per (part, reason), naming the companies it hit; one line for a company that
    returned nothing at all."""
    groups: dict[tuple[str, str], list[str]] = {}
    reasons: dict[tuple[str, str], str] = {}
    for company in companies:
        if company.errors and not company.usable:
            reason = _reason(next(iter(company.errors.values())), company.symbol, full=True)
            sheet.warn(f"No data for {company.symbol}: {reason}")
            sheet.missing.append(f"{company.symbol}: no data ({reason.rstrip('.')})")
            continue
        for part, error in company.errors.items():
            kind = (part, type(error).__name__)
            groups.setdefault(kind, []).append(company.symbol)
            reasons.setdefault(kind, _reason(error, company.symbol))
    for (part, kind), symbols in groups.items():
        line = (
            f"{_capitalized(PART_NAMES.get(part, part))} not available for "
            f"{', '.join(symbols)}: {reasons[(part, kind)]}"
        )
        sheet.warn(line)
        if kind not in COVERAGE_LIMITS:  # what the plan or snapshot never has is not "missing"
            sheet.missing.append(line)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reason(error: Exception, symbol: str, full: bool = False) -> str:
    """The error's message without the company it names (it may stand for several)."""
    text = str(error).replace(f" for {symbol}", "").replace(f" for '{symbol}'", "")
    if full:
        return text
    if isinstance(error, DataNotCoveredError) and "offline snapshot" in text:
        return "not in the offline snapshot."
    return text.split(". ")[0].rstrip(".") + "."


def fiscal_year_warning(sheet: FactSheet, views: Iterable[CompanyView]) -> None:
    months = {v.symbol: v.fiscal_year_end_month for v in views if v.fiscal_year_end_month}
    if len(set(months.values())) > 1:
        sheet.warn(
            "Fiscal years end in different months ("
            + ", ".join(f"{s}: {m}" for s, m in months.items())
            + "): FY figures cover different "
            "12-month windows and are not aligned."
        )


def target_facts(sheet: FactSheet, view: CompanyView) -> None:
    targets = view.data.targets
    if targets is None or targets.target_consensus is None:
        return
    day = str(targets.provenance.as_of) if targets.provenance else str(view.as_of)
    sym = view.symbol
    sheet.put(
        sym,
        "target_consensus",
        "Analyst price target (consensus)",
        targets.target_consensus,
        "USD/share",
        day,
        "PT",
    )
    if targets.target_high is not None and targets.target_low is not None:
        sheet.put(
            sym,
            "target_high",
            "Analyst price target (high)",
            targets.target_high,
            "USD/share",
            day,
            "PT",
        )
        sheet.put(
            sym,
            "target_low",
            "Analyst price target (low)",
            targets.target_low,
            "USD/share",
            day,
            "PT",
        )
    if view.price:
        upside = (targets.target_consensus / view.price - 1) * 100
        sheet.put(sym, "target_upside", "Consensus target vs price", upside, "%", day, "PT,Q")
