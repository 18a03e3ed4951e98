"""Freeze the fact sheets of the grounding corpus (run once; the JSON files are the corpus).

    python eval/grounding/make_sheets.py            # writes eval/grounding/sheets/<id>.json
    python eval/grounding/make_sheets.py --check    # only checks the frozen files still load

Each sheet is produced from the bundled offline snapshot (as of 2024-03-08) with the code of the
day it was made. The metric code will change later; the frozen sheets must not: answers were
written against exactly these facts. Never regenerate a sheet that answers already use (add a new
id instead).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SHEETS_DIR = Path(__file__).resolve().parent / "sheets"

#: sheet id -> (orchestration name, arguments)
SCENARIOS: dict[str, tuple[str, dict]] = {
    "cmp-msft-googl-3y": (
        "company_comparison",
        {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"},
    ),
    "cmp-nvda-amd-intc-18m": (
        "company_comparison",
        {"symbols": ["NVDA", "AMD", "INTC"], "time_horizon": "18 months"},
    ),
    "cmp-jpm-bac-wfc-2y": (
        "company_comparison",
        {"symbols": ["JPM", "BAC", "WFC"], "time_horizon": "2 years"},
    ),
    "cmp-xom-cvx-5y": (
        "company_comparison",
        {"symbols": ["XOM", "CVX"], "time_horizon": "5 years"},
    ),
    "cmp-lly-pfe-mrk-abbv-3y": (
        "company_comparison",
        {"symbols": ["LLY", "PFE", "MRK", "ABBV"], "time_horizon": "3 years"},
    ),
    "cmp-aapl-msft-1y": (
        "company_comparison",
        {"symbols": ["AAPL", "MSFT"], "time_horizon": "1 year"},
    ),
    "cmp-meta-googl-orcl-6m": (
        "company_comparison",
        {"symbols": ["META", "GOOGL", "ORCL"], "time_horizon": "6 months"},
    ),
    "sec-banking-5": ("sector_analysis", {"sector": "banking", "top_n": 5}),
    "sec-technology-5": ("sector_analysis", {"sector": "Technology", "top_n": 5}),
    "sec-healthcare-5": ("sector_analysis", {"sector": "Healthcare", "top_n": 5}),
    "sec-energy-4": ("sector_analysis", {"sector": "energy", "top_n": 4}),
    "snap-nvda": ("company_snapshot", {"symbol": "NVDA"}),
    "snap-jpm": ("company_snapshot", {"symbol": "JPM", "focus": "balance_sheet"}),
    "snap-jnj": ("company_snapshot", {"symbol": "JNJ"}),
    "snap-aapl": ("company_snapshot", {"symbol": "AAPL", "focus": "valuation"}),
    # added for holdout3 (companies the verifier was not tuned around)
    "cmp-gs-ms-c-3y": (
        "company_comparison",
        {"symbols": ["GS", "MS", "C"], "time_horizon": "3 years"},
    ),
    "cmp-adbe-csco-orcl-2y": (
        "company_comparison",
        {"symbols": ["ADBE", "CSCO", "ORCL"], "time_horizon": "2 years"},
    ),
    "cmp-cop-slb-cvx-1y": (
        "company_comparison",
        {"symbols": ["COP", "SLB", "CVX"], "time_horizon": "1 year"},
    ),
    "cmp-unh-jnj-abbv-5y": (
        "company_comparison",
        {"symbols": ["UNH", "JNJ", "ABBV"], "time_horizon": "5 years"},
    ),
    "snap-unh": ("company_snapshot", {"symbol": "UNH"}),
    "snap-gs": ("company_snapshot", {"symbol": "GS", "focus": "balance_sheet"}),
    "snap-adbe": ("company_snapshot", {"symbol": "ADBE", "focus": "valuation"}),
    # added for holdout4 (new combinations and horizons)
    "cmp-c-wfc-bac-1y": (
        "company_comparison",
        {"symbols": ["C", "WFC", "BAC"], "time_horizon": "1 year"},
    ),
    "cmp-csco-intc-amd-3y": (
        "company_comparison",
        {"symbols": ["CSCO", "INTC", "AMD"], "time_horizon": "3 years"},
    ),
    "cmp-abbv-mrk-2y": (
        "company_comparison",
        {"symbols": ["ABBV", "MRK"], "time_horizon": "2 years"},
    ),
    "snap-cop": ("company_snapshot", {"symbol": "COP", "focus": "growth"}),
    "snap-ms": ("company_snapshot", {"symbol": "MS", "focus": "valuation"}),
    # added for holdout5
    "cmp-aapl-jpm-xom-5y": (
        "company_comparison",
        {"symbols": ["AAPL", "JPM", "XOM"], "time_horizon": "5 years"},
    ),
    "cmp-lly-pfe-6m": (
        "company_comparison",
        {"symbols": ["LLY", "PFE"], "time_horizon": "6 months"},
    ),
    "sec-finserv-6": ("sector_analysis", {"sector": "Financial Services", "top_n": 6}),
    "sec-software-3": ("sector_analysis", {"sector": "software", "top_n": 3}),
    "snap-meta": ("company_snapshot", {"symbol": "META"}),
    "snap-lly": ("company_snapshot", {"symbol": "LLY", "focus": "valuation"}),
    "snap-xom": ("company_snapshot", {"symbol": "XOM", "focus": "balance_sheet"}),
    "snap-msft": ("company_snapshot", {"symbol": "MSFT", "focus": "growth"}),
    # added for holdout6
    "snap-pfe": ("company_snapshot", {"symbol": "PFE", "focus": "growth"}),
    "snap-orcl": ("company_snapshot", {"symbol": "ORCL", "focus": "valuation"}),
    "snap-wfc": ("company_snapshot", {"symbol": "WFC", "focus": "balance_sheet"}),
    "snap-amd": ("company_snapshot", {"symbol": "AMD"}),
    "cmp-nvda-amd-3m": (
        "company_comparison",
        {"symbols": ["NVDA", "AMD"], "time_horizon": "3 months"},
    ),
    "cmp-googl-jnj-cvx-2y": (
        "company_comparison",
        {"symbols": ["GOOGL", "JNJ", "CVX"], "time_horizon": "2 years"},
    ),
    "sec-semis-3": ("sector_analysis", {"sector": "chip makers", "top_n": 3}),
    # added for holdout7
    "snap-cvx": ("company_snapshot", {"symbol": "CVX", "focus": "valuation"}),
    "snap-bac": ("company_snapshot", {"symbol": "BAC", "focus": "balance_sheet"}),
    "snap-googl": ("company_snapshot", {"symbol": "GOOGL", "focus": "growth"}),
    "snap-mrk": ("company_snapshot", {"symbol": "MRK"}),
    "cmp-meta-nvda-lly-1y": (
        "company_comparison",
        {"symbols": ["META", "NVDA", "LLY"], "time_horizon": "1 year"},
    ),
    "cmp-slb-xom-cop-3m": (
        "company_comparison",
        {"symbols": ["SLB", "XOM", "COP"], "time_horizon": "3 months"},
    ),
    "cmp-intc-csco-5y": (
        "company_comparison",
        {"symbols": ["INTC", "CSCO"], "time_horizon": "5 years"},
    ),
    "sec-pharma-4": ("sector_analysis", {"sector": "pharmaceuticals", "top_n": 4}),
    # added for holdout8
    "snap-abbv": ("company_snapshot", {"symbol": "ABBV", "focus": "valuation"}),
    "snap-csco": ("company_snapshot", {"symbol": "CSCO", "focus": "growth"}),
    "snap-intc": ("company_snapshot", {"symbol": "INTC", "focus": "balance_sheet"}),
    "snap-slb": ("company_snapshot", {"symbol": "SLB"}),
    "snap-c": ("company_snapshot", {"symbol": "C", "focus": "valuation"}),
    "cmp-msft-jpm-lly-18m": (
        "company_comparison",
        {"symbols": ["MSFT", "JPM", "LLY"], "time_horizon": "18 months"},
    ),
    "cmp-wfc-abbv-slb-5y": (
        "company_comparison",
        {"symbols": ["WFC", "ABBV", "SLB"], "time_horizon": "5 years"},
    ),
    "sec-oilgas-3": ("sector_analysis", {"sector": "oil and gas", "top_n": 3}),
    # added for holdout9
    "snap-jpm-growth": ("company_snapshot", {"symbol": "JPM", "focus": "growth"}),
    "snap-unh-valuation": ("company_snapshot", {"symbol": "UNH", "focus": "valuation"}),
    "snap-nvda-balance": ("company_snapshot", {"symbol": "NVDA", "focus": "balance_sheet"}),
    "cmp-orcl-ms-unh-4y": (
        "company_comparison",
        {"symbols": ["ORCL", "MS", "UNH"], "time_horizon": "4 years"},
    ),
    "cmp-adbe-msft-9m": (
        "company_comparison",
        {"symbols": ["ADBE", "MSFT"], "time_horizon": "9 months"},
    ),
    "cmp-aapl-unh-cvx-gs-10y": (
        "company_comparison",
        {"symbols": ["AAPL", "UNH", "CVX", "GS"], "time_horizon": "10 years"},
    ),
    "sec-banks-3": ("sector_analysis", {"sector": "banks", "top_n": 3}),
    # added for holdout10
    "snap-meta-valuation": ("company_snapshot", {"symbol": "META", "focus": "valuation"}),
    "snap-xom-growth": ("company_snapshot", {"symbol": "XOM", "focus": "growth"}),
    "snap-aapl-balance": ("company_snapshot", {"symbol": "AAPL", "focus": "balance_sheet"}),
    "cmp-googl-xom-jnj-ms-7y": (
        "company_comparison",
        {"symbols": ["GOOGL", "XOM", "JNJ", "MS"], "time_horizon": "7 years"},
    ),
    "cmp-meta-amd-30m": (
        "company_comparison",
        {"symbols": ["META", "AMD"], "time_horizon": "30 months"},
    ),
    "cmp-bac-cop-intc-1m": (
        "company_comparison",
        {"symbols": ["BAC", "COP", "INTC"], "time_horizon": "1 month"},
    ),
    "sec-commservices-2": ("sector_analysis", {"sector": "Communication Services", "top_n": 2}),
    "sec-infotech-7": ("sector_analysis", {"sector": "information technology", "top_n": 7}),
    # added for holdout11
    "snap-c-balance": ("company_snapshot", {"symbol": "C", "focus": "balance_sheet"}),
    "snap-lly-growth": ("company_snapshot", {"symbol": "LLY", "focus": "growth"}),
    "snap-orcl-overview": ("company_snapshot", {"symbol": "ORCL", "focus": "overview"}),
    "snap-ms-balance": ("company_snapshot", {"symbol": "MS", "focus": "balance_sheet"}),
    "cmp-pfe-mrk-jnj-4y": (
        "company_comparison",
        {"symbols": ["PFE", "MRK", "JNJ"], "time_horizon": "4 years"},
    ),
    "cmp-nvda-intc-adbe-2y": (
        "company_comparison",
        {"symbols": ["NVDA", "INTC", "ADBE"], "time_horizon": "2 years"},
    ),
    "cmp-wfc-jpm-6m": (
        "company_comparison",
        {"symbols": ["WFC", "JPM"], "time_horizon": "6 months"},
    ),
    "sec-healthcare-3": ("sector_analysis", {"sector": "health care", "top_n": 3}),
    # added for holdout12
    "snap-cvx-growth": ("company_snapshot", {"symbol": "CVX", "focus": "growth"}),
    "snap-gs-valuation": ("company_snapshot", {"symbol": "GS", "focus": "valuation"}),
    "snap-msft-balance": ("company_snapshot", {"symbol": "MSFT", "focus": "balance_sheet"}),
    "snap-abbv-overview": ("company_snapshot", {"symbol": "ABBV", "focus": "overview"}),
    "cmp-slb-cop-xom-cvx-2y": (
        "company_comparison",
        {"symbols": ["SLB", "COP", "XOM", "CVX"], "time_horizon": "2 years"},
    ),
    "cmp-aapl-csco-orcl-15m": (
        "company_comparison",
        {"symbols": ["AAPL", "CSCO", "ORCL"], "time_horizon": "15 months"},
    ),
    "cmp-c-bac-3m": (
        "company_comparison",
        {"symbols": ["C", "BAC"], "time_horizon": "3 months"},
    ),
    "sec-technology-4": ("sector_analysis", {"sector": "technology", "top_n": 4}),
    # added for dev13
    "snap-adbe-balance": ("company_snapshot", {"symbol": "ADBE", "focus": "balance_sheet"}),
    "snap-pfe-valuation": ("company_snapshot", {"symbol": "PFE", "focus": "valuation"}),
    "snap-wfc-growth": ("company_snapshot", {"symbol": "WFC", "focus": "growth"}),
    "cmp-lly-unh-1y": (
        "company_comparison",
        {"symbols": ["LLY", "UNH"], "time_horizon": "1 year"},
    ),
    "cmp-jpm-gs-ms-c-5y": (
        "company_comparison",
        {"symbols": ["JPM", "GS", "MS", "C"], "time_horizon": "5 years"},
    ),
    "sec-financials-5": ("sector_analysis", {"sector": "financials", "top_n": 5}),
    # added for dev14
    "snap-csco-valuation": ("company_snapshot", {"symbol": "CSCO", "focus": "valuation"}),
    "snap-bac-growth": ("company_snapshot", {"symbol": "BAC", "focus": "growth"}),
    "snap-intc-overview": ("company_snapshot", {"symbol": "INTC", "focus": "overview"}),
    "cmp-orcl-adbe-msft-3y": (
        "company_comparison",
        {"symbols": ["ORCL", "ADBE", "MSFT"], "time_horizon": "3 years"},
    ),
    "cmp-xom-meta-1y": (
        "company_comparison",
        {"symbols": ["XOM", "META"], "time_horizon": "1 year"},
    ),
    "sec-energy-2": ("sector_analysis", {"sector": "energy", "top_n": 2}),
    # added for dev15
    "snap-jnj-valuation": ("company_snapshot", {"symbol": "JNJ", "focus": "valuation"}),
    "snap-amd-growth": ("company_snapshot", {"symbol": "AMD", "focus": "growth"}),
    "cmp-cvx-cop-1y": (
        "company_comparison",
        {"symbols": ["CVX", "COP"], "time_horizon": "1 year"},
    ),
    "sec-pharma-3": ("sector_analysis", {"sector": "pharmaceuticals", "top_n": 3}),
    # added for dev16
    "snap-msft-valuation": ("company_snapshot", {"symbol": "MSFT", "focus": "valuation"}),
    "snap-c-growth": ("company_snapshot", {"symbol": "C", "focus": "growth"}),
    "cmp-nvda-msft-aapl-2y": (
        "company_comparison",
        {"symbols": ["NVDA", "MSFT", "AAPL"], "time_horizon": "2 years"},
    ),
    "sec-banks-4": ("sector_analysis", {"sector": "banks", "top_n": 4}),
    # added for holdout13
    "snap-aapl-growth": ("company_snapshot", {"symbol": "AAPL", "focus": "growth"}),
    "snap-abbv-balance": ("company_snapshot", {"symbol": "ABBV", "focus": "balance_sheet"}),
    "snap-amd-valuation": ("company_snapshot", {"symbol": "AMD", "focus": "valuation"}),
    "snap-cop-valuation": ("company_snapshot", {"symbol": "COP", "focus": "valuation"}),
    "cmp-bac-jpm-gs-18m": (
        "company_comparison",
        {"symbols": ["BAC", "JPM", "GS"], "time_horizon": "18 months"},
    ),
    "cmp-c-ms-wfc-4y": (
        "company_comparison",
        {"symbols": ["C", "MS", "WFC"], "time_horizon": "4 years"},
    ),
    "cmp-abbv-pfe-lly-1y": (
        "company_comparison",
        {"symbols": ["ABBV", "PFE", "LLY"], "time_horizon": "1 year"},
    ),
    "sec-healthcare-4": ("sector_analysis", {"sector": "health care", "top_n": 4}),
    # added for holdout14
    "snap-jpm-valuation": ("company_snapshot", {"symbol": "JPM", "focus": "valuation"}),
    "snap-intc-growth": ("company_snapshot", {"symbol": "INTC", "focus": "growth"}),
    "snap-jnj-balance": ("company_snapshot", {"symbol": "JNJ", "focus": "balance_sheet"}),
    "snap-googl-overview": ("company_snapshot", {"symbol": "GOOGL", "focus": "overview"}),
    "cmp-cvx-xom-cop-18m": (
        "company_comparison",
        {"symbols": ["CVX", "XOM", "COP"], "time_horizon": "18 months"},
    ),
    "cmp-gs-ms-jpm-9m": (
        "company_comparison",
        {"symbols": ["GS", "MS", "JPM"], "time_horizon": "9 months"},
    ),
    "cmp-csco-msft-2y": (
        "company_comparison",
        {"symbols": ["CSCO", "MSFT"], "time_horizon": "2 years"},
    ),
    "sec-infotech-6": ("sector_analysis", {"sector": "information technology", "top_n": 6}),
    # added for dev19
    "snap-mrk-valuation": ("company_snapshot", {"symbol": "MRK", "focus": "valuation"}),
    "snap-nvda-growth": ("company_snapshot", {"symbol": "NVDA", "focus": "growth"}),
    "cmp-ms-jpm-bac-4y": (
        "company_comparison",
        {"symbols": ["MS", "JPM", "BAC"], "time_horizon": "4 years"},
    ),
    "cmp-lly-mrk-18m": (
        "company_comparison",
        {"symbols": ["LLY", "MRK"], "time_horizon": "18 months"},
    ),
    "sec-financials-7": ("sector_analysis", {"sector": "financials", "top_n": 7}),
    # added for dev20 (a development set written blind)
    "snap-slb-valuation": ("company_snapshot", {"symbol": "SLB", "focus": "valuation"}),
    "snap-unh-balance": ("company_snapshot", {"symbol": "UNH", "focus": "balance_sheet"}),
    "snap-orcl-growth": ("company_snapshot", {"symbol": "ORCL", "focus": "growth"}),
    "cmp-pfe-abbv-lly-2y": (
        "company_comparison",
        {"symbols": ["PFE", "ABBV", "LLY"], "time_horizon": "2 years"},
    ),
    "cmp-wfc-ms-gs-18m": (
        "company_comparison",
        {"symbols": ["WFC", "MS", "GS"], "time_horizon": "18 months"},
    ),
    "sec-commservices-3": ("sector_analysis", {"sector": "Communication Services", "top_n": 3}),
    # added for holdout15
    "snap-meta-growth-h15": ("company_snapshot", {"symbol": "META", "focus": "growth"}),
    "snap-xom-valuation-h15": ("company_snapshot", {"symbol": "XOM", "focus": "valuation"}),
    "snap-lly-balance-h15": ("company_snapshot", {"symbol": "LLY", "focus": "balance_sheet"}),
    "snap-gs-growth-h15": ("company_snapshot", {"symbol": "GS", "focus": "growth"}),
    "cmp-meta-googl-4y-h15": (
        "company_comparison",
        {"symbols": ["META", "GOOGL"], "time_horizon": "4 years"},
    ),
    "cmp-slb-cop-6m-h15": (
        "company_comparison",
        {"symbols": ["SLB", "COP"], "time_horizon": "6 months"},
    ),
    "cmp-unh-jnj-mrk-9m-h15": (
        "company_comparison",
        {"symbols": ["UNH", "JNJ", "MRK"], "time_horizon": "9 months"},
    ),
    "sec-finserv-4-h15": ("sector_analysis", {"sector": "Financial Services", "top_n": 4}),
    # added for holdout16
    "snap-meta-growth-h16": ("company_snapshot", {"symbol": "META", "focus": "growth"}),
    "snap-gs-growth-h16": ("company_snapshot", {"symbol": "GS", "focus": "growth"}),
    "snap-lly-balance-h16": ("company_snapshot", {"symbol": "LLY", "focus": "balance_sheet"}),
    "snap-wfc-valuation-h16": ("company_snapshot", {"symbol": "WFC", "focus": "valuation"}),
    "cmp-googl-meta-2q-h16": (
        "company_comparison",
        {"symbols": ["GOOGL", "META"], "time_horizon": "2 quarters"},
    ),
    "cmp-jnj-unh-mrk-lt-h16": (
        "company_comparison",
        {"symbols": ["JNJ", "UNH", "MRK"], "time_horizon": "long term"},
    ),
    "cmp-cvx-slb-st-h16": (
        "company_comparison",
        {"symbols": ["CVX", "SLB"], "time_horizon": "short term"},
    ),
    "sec-semis-5-h16": ("sector_analysis", {"sector": "chip makers", "top_n": 5}),
    # added for dev23 (a development set written blind)
    "snap-unh-growth-d23": ("company_snapshot", {"symbol": "UNH", "focus": "growth"}),
    "snap-slb-balance-d23": ("company_snapshot", {"symbol": "SLB", "focus": "balance_sheet"}),
    "snap-adbe-growth-d23": ("company_snapshot", {"symbol": "ADBE", "focus": "growth"}),
    "snap-cop-balance-d23": ("company_snapshot", {"symbol": "COP", "focus": "balance_sheet"}),
    "cmp-orcl-nvda-csco-1y-d23": (
        "company_comparison",
        {"symbols": ["ORCL", "NVDA", "CSCO"], "time_horizon": "1 year"},
    ),
    "cmp-jnj-pfe-abbv-6m-d23": (
        "company_comparison",
        {"symbols": ["JNJ", "PFE", "ABBV"], "time_horizon": "6 months"},
    ),
    "cmp-gs-c-wfc-mt-d23": (
        "company_comparison",
        {"symbols": ["GS", "C", "WFC"], "time_horizon": "medium term"},
    ),
    "sec-software-4-d23": ("sector_analysis", {"sector": "software", "top_n": 4}),
    # added for dev24 (a development set written blind)
    "snap-slb-growth-d24": ("company_snapshot", {"symbol": "SLB", "focus": "growth"}),
    "snap-bac-valuation-d24": ("company_snapshot", {"symbol": "BAC", "focus": "valuation"}),
    "snap-cop-balance-d24": ("company_snapshot", {"symbol": "COP", "focus": "balance_sheet"}),
    "snap-adbe-growth-d24": ("company_snapshot", {"symbol": "ADBE", "focus": "growth"}),
    "cmp-aapl-googl-meta-3y-d24": (
        "company_comparison",
        {"symbols": ["AAPL", "GOOGL", "META"], "time_horizon": "3 years"},
    ),
    "cmp-jnj-pfe-mt-d24": (
        "company_comparison",
        {"symbols": ["JNJ", "PFE"], "time_horizon": "medium term"},
    ),
    "cmp-gs-c-wfc-1y-d24": (
        "company_comparison",
        {"symbols": ["GS", "C", "WFC"], "time_horizon": "1 year"},
    ),
    "sec-energy-5-d24": ("sector_analysis", {"sector": "energy", "top_n": 5}),
}


def _names(result) -> dict[str, str]:
    """Company name per ticker of the sheet, from the profile (or the quote) of each company."""
    views = result.data.get("views") or [result.data["view"]]
    names = {}
    for view in views:
        data = view.data
        name = (data.profile.company_name if data.profile else None) or (
            data.quote.name if data.quote else None
        )
        names[view.symbol] = name or view.symbol
    return names


def make(sheet_id: str) -> dict:
    from finagent.testing.fmp import snapshot_client
    from orchestrations import ORCHESTRATIONS

    name, arguments = SCENARIOS[sheet_id]
    orchestration = {cls.name: cls for cls in ORCHESTRATIONS}[name](snapshot_client())
    result = orchestration.run(**arguments)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        "id": sheet_id,
        "call": {"tool": name, "arguments": arguments},
        "made_with_commit": commit,
        "as_of": "2024-03-08",
        "companies": _names(result),
        "prompt": result.prompt(),
        "warnings": list(result.warnings),
        "facts": result.to_records(),
    }


def load_sheet(path: Path):
    """(sheet dict, list of finagent.facts.Fact) of one frozen sheet."""
    from finagent.facts import FactLedger

    sheet = json.loads(path.read_text())
    return sheet, list(FactLedger.from_records(sheet["facts"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only load the frozen sheets")
    parser.add_argument("--force", action="store_true", help="overwrite existing sheets")
    args = parser.parse_args()
    SHEETS_DIR.mkdir(exist_ok=True)
    for sheet_id in SCENARIOS:
        path = SHEETS_DIR / f"{sheet_id}.json"
        if args.check or (path.exists() and not args.force):
            sheet, facts = load_sheet(path)
            print(f"{sheet_id}: {len(facts)} facts (frozen)")
            continue
        sheet = make(sheet_id)
        path.write_text(json.dumps(sheet, indent=1, ensure_ascii=False) + "\n")
        print(f"{sheet_id}: {len(sheet['facts'])} facts written")


if __name__ == "__main__":
    main()
