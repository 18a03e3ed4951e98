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

from orchestrations.horizons import WORDS as HORIZON_WORDS

from ..llm import Message, ModelReply, ToolCall, ToolChoice
from .report import write_report

HELP_TEMPLATE = """\
I'm running as an **offline demo** (no LLM): I route questions to three analyses by rules.
Try, for example:

- **Compare companies** — "Compare MSFT and GOOGL over the next 3 years", "Apple vs Nvidia vs AMD"
- **Analyze a sector or industry** — "Analyze the banking sector", "How are chip makers doing?"
- **One company in depth** — "Is NVDA expensive?", "How healthy is JPM's balance sheet?"
- Follow-ups work too: "and versus AMD?"

Offline data covers {count} large US companies ({symbols}) as of
{as_of}. Set OPENAI_API_KEY (or OPENAI_BASE_URL for a local model) for free-form questions,
and FMP_API_KEY for live data."""


def help_text() -> str:
    """The offline demo's help, naming the companies and the date of the bundled snapshot."""
    from tools.snapshot import SNAPSHOT_AS_OF, snapshot_symbols

    symbols = snapshot_symbols()
    return HELP_TEMPLATE.format(
        count=len(symbols), symbols=", ".join(symbols), as_of=SNAPSHOT_AS_OF
    )


COMPARE = re.compile(r"\b(compare|comparison|vs\.?|versus|against|better|or|and)\b", re.I)
VALUATION = re.compile(
    r"expensive|cheap|valuation|valued|overvalued|undervalued|\bp/?e\b|"
    r"multiple",
    re.I,
)
BALANCE = re.compile(
    r"balance sheet|debt|leverage|healthy|health of|solven|liquid|obligations", re.I
)
GROWTH = re.compile(r"\bgrow(th|ing)?\b|revenue trend|top[- ]line|expanding", re.I)
SECTOR_WORDS = re.compile(
    r"\b(sector|industry|industries|banks?|banking|makers?|stocks|"
    r"compan(?:y|ies)|space|producers|insurers|players|names)\b",
    re.I,
)
SECTOR_ASKS = re.compile(
    r"analy[sz]e|how (is|are)|outlook|overview|read on|look at|doing|"
    r"strongest|weakest|biggest|largest|leaders|\btop\b",
    re.I,
)
#: a company *name* alone routes only in a question about business ("apple pie" is not AAPL)
FINANCE = re.compile(
    r"stock|share|price|valu|expensive|cheap|compar|\bvs\.?|versus|against|"
    r"revenue|sales|margin|earn|profit|balance|debt|leverag|liquid|growth|grow|"
    r"sector|analy|invest|\bown\b|buy|sell|perform|return|p/e|cash|dividend|"
    r"risk|health|doing|outlook|term|year|month|market|cap|worth|business|"
    r"company|make of|think|tell me about|what about|how about|view|opinion|"
    r"look|fundamental|financ|report|result|snapshot|rundown|overview|summary|"
    r"update|deep dive",
    re.I,
)
FOLLOW_UP = re.compile(
    r"^\s*(and|what about|how about|versus|vs\.?|compared to|against|also|"
    r"add|now)\b",
    re.I,
)
REFERS_BACK = re.compile(r"\b(it|its|it's|that|them|those|they|this|same)\b", re.I)
SAME_AGAIN = re.compile(r"\bsame (question|thing|analysis|for)|\bdo the same\b", re.I)
TOP_N = re.compile(
    r"\btop\s*(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b|"
    r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:largest|"
    r"biggest)\b",
    re.I,
)
HORIZON = re.compile(
    r"\d+(?:\.\d+)?\s*-?\s*(?:years?|yrs?|y|months?|mos?|m|quarters?)\b|"
    r"long[- ]term|"
    r"short[- ]term|next (?:year|quarter|decade)|decade|(?:one|two|three|four|"
    r"five|ten) years?",
    re.I,
)
#: where one question holds several requests: sentences, "; ", and ", and"/", plus" before a new ask
INTENTS = re.compile(
    r"(?<=[?!;])\s+|(?<=[a-z]{2}\.)\s+(?=[A-Z])|,?\s+plus\s+(?=the\b|top\b)|,\s*(?:and|also)\s+(?=(?:is|are|"
    r"how|what|which|show|compare|analy[sz]e|give|tell)\b)",
    re.I,
)


class OfflinePlanner:
    """A rule-based stand-in for an LLM (``ChatModel``); it never does arithmetic."""

    model_name = "offline-planner"

    def complete(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None = None,
        *,
        tool_choice: ToolChoice = "auto",
        on_text: Callable[[str], None] | None = None,
    ) -> ModelReply:
        last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
        results = [m for m in messages[last_user + 1 :] if m["role"] == "tool"]
        available = {t["function"]["name"] for t in tools or ()}
        if results or tool_choice == "none" or not available:
            question = messages[last_user]["content"]
            contents = [m["content"] for m in results]
            text = write_report(contents, question) if results else help_text()
            from .names import find_symbols

            notes = find_symbols(messages[last_user]["content"])[1]  # e.g. Alphabet's classes
            if results and notes:
                text = "\n".join(f"_Note: {note}_" for note in notes) + "\n\n" + text
        else:
            calls = plan(messages[last_user]["content"], messages[:last_user])
            calls = [c for c in calls if c.name in available]
            if calls:
                return ModelReply(tool_calls=calls)
            text = help_text()
        if on_text:
            on_text(text)
        return ModelReply(content=text)


def plan(question: str, history: list[Message]) -> list[ToolCall]:
    """The tool calls for a question (empty if it cannot be routed)."""
    previous = _previous_call(history)
    calls: list[ToolCall] = []
    for part in [p for p in INTENTS.split(question) if p and p.strip()]:
        for new in _plan_part(part, previous):
            if all((c.name, c.arguments) != (new.name, new.arguments) for c in calls):
                calls.append(new)
    return calls


def _plan_part(text: str, previous: tuple[str, dict[str, Any]] | None) -> list[ToolCall]:
    from .names import find_symbols_typed

    symbols, _, typed = find_symbols_typed(text)
    follows = previous is not None and bool(
        FOLLOW_UP.match(text) or REFERS_BACK.search(text) or SAME_AGAIN.search(text)
    )
    if symbols and not typed and not follows and not FINANCE.search(text):
        symbols = []  # "a recipe for apple pie" names a fruit, not a stock
    sector = _sector_call(text, has_symbols=bool(symbols), follows=follows)
    if follows:
        follow = _follow_up(text, previous, symbols, sector)
        if follow:
            return follow
    calls: list[ToolCall] = []
    if len(symbols) >= 2:  # more than 5: split into comparisons of similar size, none dropped
        horizon = horizon_in(text) or "1 year"
        calls += [
            _call("company_comparison", {"symbols": group, "time_horizon": horizon})
            for group in _groups(symbols)
        ]
    elif len(symbols) == 1:
        calls.append(_call("company_snapshot", {"symbol": symbols[0], "focus": _focus(text)}))
    if sector:
        calls.append(sector)
    return calls


def _groups(symbols: list[str], most: int = 5) -> list[list[str]]:
    """Split a list of companies into comparisons of at most ``most``, as even as can be
    (6 -> 3 + 3; 11 -> 4 + 4 + 3): a comparison needs two, and none is left out."""
    count = -(-len(symbols) // most)
    size, extra = divmod(len(symbols), count)
    groups, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        groups.append(symbols[start:end])
        start = end
    return groups


def _follow_up(
    text: str, previous: tuple[str, dict[str, Any]], symbols: list[str], sector: ToolCall | None
) -> list[ToolCall]:
    """Resolve "and versus AMD?", "Is it expensive?", "same for energy", "over 5 years?"."""
    name, args = previous
    old = [s for s in (args.get("symbols") or [args.get("symbol")]) if s]
    horizon = horizon_in(text) or args.get("time_horizon") or "1 year"
    if sector is not None and (SAME_AGAIN.search(text) or not symbols):
        return [sector]
    if symbols and SAME_AGAIN.search(text) and name == "company_snapshot":
        return [
            _call("company_snapshot", {"symbol": s, "focus": args.get("focus", "overview")})
            for s in symbols
        ]
    if symbols and name == "sector_analysis":
        return []
    new = [s for s in symbols if s not in old]
    if len(new) >= 2:  # "what about AAPL and MSFT?" compares those, not the last pair again
        return [
            _call("company_comparison", {"symbols": group, "time_horizon": horizon})
            for group in _groups(new)
        ]
    if symbols:
        merged = list(dict.fromkeys(old + symbols))
        if len(merged) >= 2:
            return [
                _call("company_comparison", {"symbols": group, "time_horizon": horizon})
                for group in _groups(merged)
            ]
    if not old or name == "sector_analysis":
        return []
    if horizon_in(text) and len(old) >= 2:
        return [_call("company_comparison", {"symbols": old, "time_horizon": horizon})]
    if REFERS_BACK.search(text) and _focus(text) != "overview":
        if len(old) == 1:
            return [_call("company_snapshot", {"symbol": old[0], "focus": _focus(text)})]
        return [_call("company_comparison", {"symbols": old, "time_horizon": horizon})]
    return []


def _call(name: str, arguments: dict[str, Any]) -> ToolCall:
    return ToolCall.make(name, arguments)


def _focus(question: str) -> str:
    if VALUATION.search(question):
        return "valuation"
    if BALANCE.search(question):
        return "balance_sheet"
    if GROWTH.search(question):
        return "growth"
    return "overview"


def horizon_in(question: str) -> str | None:
    """The horizon a question names ("over the next 3 years" -> "3 years"), if any."""
    match = HORIZON.search(question)
    return match[0] if match else None


def _sector_call(question: str, *, has_symbols: bool, follows: bool = False) -> ToolCall | None:
    """A sector analysis if the question names a sector or industry (and asks about it)."""
    from orchestrations.sectors import resolve_sector

    asked = follows and bool(SAME_AGAIN.search(question))  # "now do the same for energy"
    if has_symbols and not re.search(r"\b(sector|industry|industries)\b", question, re.I):
        return None
    if not (has_symbols or asked or SECTOR_WORDS.search(question) or SECTOR_ASKS.search(question)):
        return None
    phrase = re.sub(
        r"\b(sector|industry|the|analy[sz]e|how|is|are|doing|stocks|companies|"
        r"show|me|give|read|on|top|\d+|biggest|largest|which|look|strongest|now|do|"
        r"same|for|a|question|thing)\b",
        " ",
        question,
        flags=re.I,
    )
    try:
        choice = resolve_sector(phrase)
    except ValueError:
        return None
    words = " ".join(re.sub(r"[^\w&' -]", " ", phrase).split())
    industry = words
    try:  # "Pharmaceuticals", not "pharma company looks cheapest", when it means the same
        if choice.label and resolve_sector(choice.label) == choice:
            industry = choice.label
    except ValueError:
        pass
    args: dict[str, Any] = {"sector": choice.sector if not choice.industries else industry}
    top = TOP_N.search(question)
    if top:
        word = (top[1] or top[2]).lower()
        args["top_n"] = max(2, min(10, HORIZON_WORDS.get(word) or int(word)))
    return _call("sector_analysis", args)


def _previous_call(history: list[Message]) -> tuple[str, dict[str, Any]] | None:
    for message in reversed(history):
        for tool_call in reversed(message.get("tool_calls") or []):
            name = tool_call["function"]["name"]
            if name in ("company_comparison", "company_snapshot", "sector_analysis"):
                try:
                    return name, json.loads(tool_call["function"]["arguments"])
                except ValueError:
                    return None
    return None
