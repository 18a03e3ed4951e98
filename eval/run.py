"""Offline evaluation: routing (which orchestration, which arguments) and numeric accuracy.

    python eval/run.py                       # the offline planner on the bundled snapshot
    python eval/run.py --model gpt-4.1-mini  # any OpenAI-compatible model (OPENAI_API_KEY,
                                             #   --base-url for a local server)
    python eval/run.py --min-score 0.85      # exit 1 below this overall score (CI floor)

Routing cases (Berkeley Function-Calling Leaderboard style) score 1 when the tool calls of the
question's turn equal the expected ones: same tools, ticker *sets* equal, sectors equal after the
same word-to-sector mapping, horizons equal in years. Numeric cases score 1 when the answer states
a figure within the case's tolerance of a gold value computed by hand from raw statement fields,
in a sentence or table row that names the metric. Data is always the offline snapshot.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from finagent.facts import Fact  # noqa: E402
from finagent.verify import _matches, extract_figures  # noqa: E402

CASES = Path(__file__).with_name("cases.jsonl")
STOPWORDS = {
    "what",
    "was",
    "were",
    "is",
    "the",
    "of",
    "in",
    "for",
    "and",
    "its",
    "how",
    "much",
    "did",
    "does",
    "a",
    "an",
    "to",
    "on",
    "at",
    "with",
    "fiscal",
    "year",
    "fy",
    "as",
    "company",
    "what's",
    "s",
    "it",
    "by",
    "from",
    "latest",
    "current",
    "give",
    "me",
}


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# --- comparing arguments --------------------------------------------------------------------------


def _sector_key(args: dict[str, Any]) -> tuple[str, tuple[str, ...]] | str:
    from orchestrations.sectors import resolve_sector

    try:
        choice = resolve_sector(str(args.get("sector", "")), args.get("industry"))
    except ValueError:
        return str(args.get("sector", "")).lower()
    return choice.sector, tuple(sorted(choice.industries))


def normalise(tool: str, args: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """Only the arguments the case checks, in comparable form."""
    from orchestrations.horizons import parse_horizon
    from tools.symbols import normalize_symbol

    out: dict[str, Any] = {}
    for key in expected:
        value = args.get(key)
        if key == "symbols":
            out[key] = frozenset(normalize_symbol(s) for s in value or [])
        elif key == "symbol":
            out[key] = normalize_symbol(value) if value else None
        elif key == "time_horizon":
            out[key] = round(parse_horizon(value), 2) if value else None
        elif key in ("sector", "industry"):
            out["sector"] = _sector_key(args)
        else:
            out[key] = value
    return out


def routing_correct(
    expected: list[dict[str, Any]], actual: list[tuple[str, dict[str, Any]]]
) -> bool:
    if len(expected) != len(actual):
        return False
    remaining = list(actual)
    for want in expected:
        found = None
        for tool, args in remaining:
            if tool == want["tool"] and normalise(tool, args, want.get("args", {})) == normalise(
                want["tool"], want.get("args", {}), want.get("args", {})
            ):
                found = (tool, args)
                break
        if found is None:
            return False
        remaining.remove(found)
    return True


# --- grading numbers ------------------------------------------------------------------------------


def numeric_correct(answer: str, question: str, gold: dict[str, Any]) -> bool:
    """A figure within tolerance of the gold value, in a context that shares a metric word with
    the question (so a coincidental match elsewhere in a long report does not count)."""
    words = {
        w for w in re.findall(r"[a-z/]+", question.lower()) if w not in STOPWORDS and len(w) > 2
    }
    target = Fact("gold", "gold", "gold", "gold", float(gold["value"]), gold["unit"], "", "")
    for figure in extract_figures(answer):
        figure.tolerance = max(figure.tolerance, float(gold.get("tolerance", 0)))
        context = figure.context.lower()
        if _matches(figure, target) and (
            not words or any(w in context for w in words) or _synonym_hit(words, context)
        ):
            return True
    return False


def _synonym_hit(words: set[str], context: str) -> bool:
    from finagent.verify import SYNONYMS

    text = " ".join(words)
    return any(
        any(s in text for s in group) and any(s in context for s in group)
        for group in SYNONYMS.values()
    )


# --- running --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    case: dict[str, Any]
    correct: bool
    actual: Any
    seconds: float
    error: str | None = None


def make_agent(model: str | None, base_url: str | None, api_key: str | None) -> Any:
    from finagent.app import build_agent

    if model is None and base_url is None:
        from finagent.app.planner import OfflinePlanner

        return build_agent(model=OfflinePlanner(), offline=True, cache=False)
    return build_agent(model=model, base_url=base_url, api_key=api_key, offline=True, cache=False)


def run_case(case: dict[str, Any], agent: Any) -> Outcome:
    started = time.perf_counter()
    try:
        for earlier in case.get("history", []):
            agent.run(earlier)
        result = agent.run(case["question"])
    except Exception as exc:
        return Outcome(
            case, False, None, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"
        )
    seconds = time.perf_counter() - started
    if case["kind"] == "routing":
        calls = [(r.name, r.arguments) for r in result.tool_calls]
        return Outcome(case, routing_correct(case["expected"], calls), calls, seconds)
    return Outcome(
        case, numeric_correct(result.answer, case["question"], case["gold"]), result.answer, seconds
    )


def evaluate(cases: list[dict[str, Any]], agent_factory: Any) -> list[Outcome]:
    """Each case on a fresh agent, so history never leaks between cases."""
    return [run_case(case, agent_factory()) for case in cases]


def score_table(outcomes: list[Outcome]) -> tuple[str, float]:
    by: dict[str, list[bool]] = defaultdict(list)
    for outcome in outcomes:
        case = outcome.case
        category = case.get("category") or case["kind"]
        by[f"{case['kind']}/{category}"].append(outcome.correct)
    lines = [f"{'category':32} {'cases':>6} {'correct':>8} {'accuracy':>9}"]
    for name in sorted(by):
        results = by[name]
        lines.append(
            f"{name:32} {len(results):6d} {sum(results):8d} {sum(results) / len(results):8.0%}"
        )
    total = [o.correct for o in outcomes]
    overall = sum(total) / len(total) if total else 0.0
    for kind in ("routing", "numeric"):
        subset = [o.correct for o in outcomes if o.case["kind"] == kind]
        if subset:
            lines.append(
                f"{kind + ' (all)':32} {len(subset):6d} {sum(subset):8d} "
                f"{sum(subset) / len(subset):8.0%}"
            )
    lines.append(f"{'overall':32} {len(total):6d} {sum(total):8d} {overall:8.0%}")
    return "\n".join(lines), overall


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description="finagent offline evaluation")
    options.add_argument(
        "--model", help="an OpenAI-compatible model name (default: the offline planner)"
    )
    options.add_argument("--base-url", help="OpenAI-compatible server URL")
    options.add_argument("--api-key", help="API key (default: OPENAI_API_KEY)")
    options.add_argument("--cases", type=Path, default=CASES)
    options.add_argument("--only", choices=["routing", "numeric"])
    options.add_argument("--min-score", type=float, help="exit 1 if the overall score is lower")
    options.add_argument("--failures", action="store_true", help="list the cases that failed")
    args = options.parse_args(argv)
    cases = [c for c in load_cases(args.cases) if not args.only or c["kind"] == args.only]
    outcomes = evaluate(cases, lambda: make_agent(args.model, args.base_url, args.api_key))
    table, overall = score_table(outcomes)
    model = args.model or "offline planner (rules, no LLM)"
    print(f"model: {model}; data: offline snapshot as of 2024-03-08; {len(cases)} cases")
    print(table)
    if args.failures:
        for outcome in outcomes:
            if not outcome.correct:
                shown = outcome.error or (
                    outcome.actual
                    if outcome.case["kind"] == "routing"
                    else "gold " + json.dumps(outcome.case["gold"])
                )
                print(f"FAIL {outcome.case['id']}: {outcome.case['question']!r} -> {shown}")
    if args.min_score is not None and overall < args.min_score:
        print(f"overall {overall:.1%} is below the floor {args.min_score:.1%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
