"""The offline planner: a ``ChatModel`` without an LLM, for the keyless demo and for tests.

It routes a question to orchestrations by rules — tickers and company names, sector words,
comparison words, horizons, follow-ups such as "and versus AMD?" — and, once the tools have
answered, writes a report from their fact sheets only (``finagent.report``). Questions it cannot
route get a short list of what it can do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .llm import Message, ModelReply, ToolCall, ToolChoice
from .names import find_symbols
from .report import write_report

HELP = """I'm running as an **offline demo** (no LLM): I route questions to three analyses by rules.
Try, for example:

- **Compare companies** — "Compare MSFT and GOOGL over the next 3 years", "Apple vs Nvidia vs AMD"
- **Analyze a sector or industry** — "Analyze the banking sector", "How are chip makers doing?"
- **One company in depth** — "Is NVDA expensive?", "How healthy is JPM's balance sheet?"
- Follow-ups work too: "and versus AMD?"

Offline data covers 26 large US companies (AAPL, MSFT, GOOGL, NVDA, META, ORCL, ADBE, INTC, AMD,
CSCO, JPM, BAC, WFC, GS, MS, C, XOM, CVX, COP, SLB, JNJ, UNH, PFE, LLY, MRK, ABBV) as of
2024-03-08. Set OPENAI_API_KEY (or OPENAI_BASE_URL for a local model) for free-form questions,
and FMP_API_KEY for live data."""

COMPARE = re.compile(r"\b(compare|comparison|vs\.?|versus|against|better|or|and)\b", re.I)
VALUATION = re.compile(r"expensive|cheap|valuation|valued|overvalued|undervalued|p/?e\b|multiple",
                       re.I)
BALANCE = re.compile(r"balance sheet|debt|leverage|healthy|health of|solven|liquidity", re.I)
GROWTH = re.compile(r"\bgrow(th|ing)?\b|revenue trend", re.I)
SECTOR_WORDS = re.compile(r"\b(sector|industry|industries|banks?|banking|makers?|stocks|"
                          r"companies|space)\b", re.I)
FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|versus|vs\.?|compared to|against|also)\b",
                       re.I)
TOP_N = re.compile(r"\btop\s*(\d{1,2})\b|\b(\d{1,2})\s+(?:largest|biggest)\b", re.I)
HORIZON = re.compile(r"\d+(?:\.\d+)?\s*-?\s*(?:years?|yrs?|months?|quarters?)|long[- ]term|"
                     r"short[- ]term|next (?:year|quarter)|(?:one|two|three|four|five|ten) years?",
                     re.I)


class OfflinePlanner:
    """A rule-based stand-in for an LLM (``ChatModel``); it never does arithmetic."""

    model_name = "offline-planner"

    def complete(self, messages: list[Message], tools: list[dict[str, Any]] | None = None, *,
                 tool_choice: ToolChoice = "auto",
                 on_text: Callable[[str], None] | None = None) -> ModelReply:
        last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
        results = [m for m in messages[last_user + 1:] if m["role"] == "tool"]
        available = {t["function"]["name"] for t in tools or ()}
        if results or tool_choice == "none" or not available:
            text = write_report([m["content"] for m in results]) if results else HELP
        else:
            calls = plan(messages[last_user]["content"], messages[:last_user])
            calls = [c for c in calls if c.name in available]
            if calls:
                return ModelReply(tool_calls=calls)
            text = HELP
        if on_text:
            on_text(text)
        return ModelReply(content=text)


def plan(question: str, history: list[Message]) -> list[ToolCall]:
    """The tool calls for a question (empty if it cannot be routed)."""
    symbols, _ = find_symbols(question)
    previous = _previous_call(history)
    calls: list[ToolCall] = []
    sector = _sector_call(question, has_symbols=bool(symbols))
    if previous and FOLLOW_UP.match(question) and symbols and not sector:
        name, args = previous
        old = args.get("symbols") or [args.get("symbol")]
        merged = list(dict.fromkeys([s for s in old if s] + symbols))[:5]
        horizon = _horizon(question) or args.get("time_horizon") or "1 year"
        if len(merged) >= 2:
            return [_call("company_comparison", {"symbols": merged, "time_horizon": horizon})]
    if len(symbols) >= 2 and (COMPARE.search(question) or len(symbols) <= 5):
        calls.append(_call("company_comparison", {"symbols": symbols[:5],
                                                  "time_horizon": _horizon(question) or "1 year"}))
    elif len(symbols) == 1:
        calls.append(_call("company_snapshot", {"symbol": symbols[0],
                                                "focus": _focus(question)}))
    if sector:
        calls.append(sector)
    return calls


def _call(name: str, arguments: dict[str, Any]) -> ToolCall:
    from .testing import call  # the same constructor the tests use

    return call(name, arguments)


def _focus(question: str) -> str:
    if VALUATION.search(question):
        return "valuation"
    if BALANCE.search(question):
        return "balance_sheet"
    if GROWTH.search(question):
        return "growth"
    return "overview"


def _horizon(question: str) -> str | None:
    match = HORIZON.search(question)
    return match[0] if match else None


def _sector_call(question: str, *, has_symbols: bool) -> ToolCall | None:
    """A sector analysis if the question names a sector or industry (and asks about it)."""
    from orchestrations.sectors import resolve_sector

    if has_symbols and not re.search(r"\b(sector|industry)\b", question, re.I):
        return None
    if not has_symbols and not SECTOR_WORDS.search(question) and not re.search(
            r"analy[sz]e|how (is|are)|outlook|overview", question, re.I):
        return None
    phrase = re.sub(r"\b(sector|industry|the|analy[sz]e|how|is|are|doing|stocks|companies)\b",
                    " ", question, flags=re.I)
    try:
        choice = resolve_sector(phrase)
    except ValueError:
        return None
    words = " ".join(re.sub(r"[^\w&' -]", " ", phrase).split())
    args: dict[str, Any] = {"sector": choice.sector if not choice.industries else words}
    top = TOP_N.search(question)
    if top:
        args["top_n"] = max(2, min(10, int(top[1] or top[2])))
    return _call("sector_analysis", args)


def _previous_call(history: list[Message]) -> tuple[str, dict[str, Any]] | None:
    for message in reversed(history):
        for tool_call in reversed(message.get("tool_calls") or []):
            name = tool_call["function"]["name"]
            if name in ("company_comparison", "company_snapshot"):
                try:
                    return name, json.loads(tool_call["function"]["arguments"])
                except ValueError:
                    return None
    return None
