"""Measure the answer verifier on a corpus of answers in many formats, built from real fact sheets.

    python eval/verifier_corpus.py [--seed 7] [--plants 1000]

Answers are written from the offline snapshot's fact sheets in the ways people and models write
numbers: figures copied as shown, rounded to fewer digits, spelled out ("211.9 billion",
"$211,915 million"), percentages as fractions (0.367), negatives as words ("fell 3.9%"), hedged
("about $212B"), in prose, bullets and Markdown tables. Two figures:
- false alarms: copied or rounded figures the verifier calls unverified (the target is 0);
- detection: planted wrong figures (off by more than the stated precision) flagged unverified
  (the target is at least 99%).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finagent.facts import Fact, shown_value
from finagent.verify import Verifier

SCENARIOS: list[tuple[str, dict]] = [
    ("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"}),
    ("company_comparison", {"symbols": ["AAPL", "NVDA", "AMD"], "time_horizon": "1 year"}),
    ("company_comparison", {"symbols": ["JPM", "BAC"], "time_horizon": "5 years"}),
    ("company_comparison", {"symbols": ["XOM", "CVX", "COP"], "time_horizon": "2 years"}),
    ("company_comparison", {"symbols": ["LLY", "PFE", "MRK"], "time_horizon": "3 years"}),
    ("sector_analysis", {"sector": "Technology", "top_n": 5}),
    ("sector_analysis", {"sector": "banking", "top_n": 5}),
    ("sector_analysis", {"sector": "Healthcare", "top_n": 5}),
    ("company_snapshot", {"symbol": "NVDA", "focus": "valuation"}),
    ("company_snapshot", {"symbol": "JPM", "focus": "balance_sheet"}),
    ("company_snapshot", {"symbol": "XOM"}),
]


def fact_sheets() -> list[list[Fact]]:
    from finagent.testing.fmp import snapshot_client
    from orchestrations import ORCHESTRATIONS

    client = snapshot_client()
    by_name = {cls.name: cls(client) for cls in ORCHESTRATIONS}
    return [by_name[name].run(**args).facts for name, args in SCENARIOS]


# --- ways of writing a figure ---------------------------------------------------------------------


def _digits(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def written(fact: Fact, style: str, value: float | None = None) -> str:
    """``fact``'s value (or ``value`` in its place) written in ``style``."""
    v = fact.value if value is None else value
    unit = fact.unit
    if style == "shown" and value is None:
        return fact.display.split(" (")[0]
    if unit == "USD":
        scale, suffix, word = (
            (1e12, "T", "trillion")
            if abs(v) >= 1e12
            else (1e9, "B", "billion")
            if abs(v) >= 1e9
            else (1e6, "M", "million")
        )
        sign = "-" if v < 0 else ""
        if style == "spelled":
            return f"{sign}${abs(v) / scale:,.1f} {word}"
        if style == "millions":
            return f"{sign}${abs(v) / 1e6:,.0f} million"
        if style == "rounded":
            return f"{sign}${abs(v) / scale:,.0f}{suffix}"
        return f"{sign}${abs(v) / scale:,.2f}{suffix}"
    if unit == "USD/share":
        return f"${v:,.{1 if style == 'rounded' else 2}f}"
    if unit == "%":
        if style == "fraction":
            return _digits(v / 100, 3)
        if style == "rounded":
            return f"{v:.0f}%"
        if style == "spelled":
            return f"{v:.1f} percent"
        return f"{v:.1f}%"
    if unit == "x":
        return f"{v:.0f}x" if style == "rounded" else f"{v:.1f}x"
    if unit == "ratio":
        return _digits(v, 1 if style == "rounded" else 2)
    if unit == "rank":
        return f"#{v:.0f}"
    return _digits(v, 2)


STYLES = ("shown", "rounded", "spelled", "millions", "fraction")


def style_for(fact: Fact, rng: random.Random) -> str:
    options = ["shown", "rounded"]
    if fact.unit == "USD":
        options += ["spelled", "millions"]
    if fact.unit == "%":
        options += ["spelled", "fraction"]
    return rng.choice(options)


@dataclass
class Sentence:
    text: str
    figure: str  # the figure as written (to find it again among the verifier's figures)


def sentence(fact: Fact, text: str, rng: random.Random) -> str:
    label = fact.label.split(" (")[0]
    negative_word = (
        fact.value is not None
        and fact.value < 0
        and fact.unit == "%"
        and text.startswith(("-", "−"))
        and rng.random() < 0.5
    )
    if negative_word:  # "fell 3.9%" instead of "-3.9%"
        return f"{fact.entity}'s {label.lower()} fell {text[1:]} ({fact.period})."
    templates = [
        "{entity}'s {label} was {text} in {period}.",
        "- **{label}** ({entity}, {period}): {text}",
        "For {period}, {entity} reported a {label_lower} of {text}.",
        "{entity}: {label} {text}, {period}.",
        "At {text}, {entity}'s {label_lower} ({period}) stands out.",
    ]
    return rng.choice(templates).format(
        entity=fact.entity, label=label, label_lower=label.lower(), text=text, period=fact.period
    )


def table(facts: list[Fact], render: Callable[[Fact], str]) -> str:
    entities = list(dict.fromkeys(f.entity for f in facts))
    metrics = list(dict.fromkeys(f.metric for f in facts))
    cells = {(f.entity, f.metric): f for f in facts}
    lines = ["| Metric | " + " | ".join(entities) + " |", "|---|" + "---|" * len(entities)]
    for metric in metrics:
        row = [cells.get((e, metric)) for e in entities]
        label = next(f for f in row if f).label.split(" (")[0]
        lines.append(f"| {label} | " + " | ".join(render(f) if f else "n/a" for f in row) + " |")
    return "\n".join(lines)


def plant(fact: Fact, style: str, rng: random.Random) -> tuple[float, str] | None:
    """A wrong value for ``fact``, written in ``style``, off by more than that style's precision."""
    original = written(fact, style)
    # the prompt's value rounded half up in this style is right too (3.5x shown -> "4x")
    shown = shown_value(fact.value, fact.unit)
    rounded = written(fact, style, shown + math.copysign(1e-9 * abs(shown) + 1e-12, shown))
    right = {original.lstrip("-$"), rounded.lstrip("-$")}
    for _ in range(50):
        factor = rng.choice([-1, 1]) * rng.uniform(0.03, 0.6)
        wrong = fact.value * (1 + factor) if fact.value else rng.uniform(1, 50)
        text = written(fact, style, wrong)
        if text.lstrip("-$") not in right:
            return wrong, text
    return None


def measure(seed: int = 7, plants: int = 1000, debug: list | None = None) -> dict[str, float]:
    rng = random.Random(seed)
    verifier = Verifier()
    sheets = [
        [f for f in sheet if f.value is not None and math.isfinite(f.value) and f.unit != "rank"]
        for sheet in fact_sheets()
    ]
    copied = copied_alarms = derived_seen = 0
    for sheet in sheets:  # every fact, in every style that applies, in prose
        for fact in sheet:
            for style in STYLES:
                if (
                    style in ("spelled", "millions")
                    and fact.unit != "USD"
                    and not (style == "spelled" and fact.unit == "%")
                ):
                    continue
                if style == "fraction" and fact.unit != "%":
                    continue
                text = written(fact, style)
                answer = sentence(fact, text, rng)
                check = verifier(answer, sheet)
                copied += len(check.figures)
                copied_alarms += check.count("unverified")
                if debug is not None and check.count("unverified"):
                    debug.append((answer, text, fact, check))
                derived_seen += check.count("derived")
        for size in (4, 8):  # and in tables
            chosen = rng.sample(sheet, min(size * 3, len(sheet)))
            check = verifier(table(chosen, lambda f: written(f, style_for(f, rng))), sheet)
            copied += len(check.figures)
            copied_alarms += check.count("unverified")
    derived_total = derived_found = 0
    for sheet in sheets:  # differences and ratios of the same metric across companies
        by_metric: dict[str, list[Fact]] = {}
        for fact in sheet:
            by_metric.setdefault(fact.metric, []).append(fact)
        for group in by_metric.values():
            pairs = [
                (a, b)
                for a in group
                for b in group
                if a is not b
                and a.entity != "median"
                and b.entity != "median"
                and a.value > b.value > 0
            ]
            for a, b in pairs[:2]:
                label = a.label.split(" (")[0].lower()
                if a.unit == "%":
                    text = (
                        f"{a.entity}'s {label} is {a.value - b.value:.1f} percentage points "
                        f"higher than {b.entity}'s."
                    )
                elif a.unit == "USD":
                    text = f"{a.entity}'s {label} is {a.value / b.value:.1f}x {b.entity}'s."
                else:
                    continue
                check = verifier(text, sheet)
                derived_total += 1
                derived_found += int([f.status for f in check.figures] == ["derived"])
                if debug is not None and [f.status for f in check.figures] != ["derived"]:
                    debug.append((text, "", a, check))
    planted = flagged = 0
    while planted < plants:
        sheet = rng.choice(sheets)
        fact = rng.choice(sheet)
        style = style_for(fact, rng)
        wrong = plant(fact, style, rng)
        if wrong is None:
            continue
        if rng.random() < 0.7:
            answer = sentence(fact, wrong[1], rng)
        else:
            others = rng.sample([f for f in sheet if f is not fact], min(6, len(sheet) - 1))
            answer = table(
                [fact, *others],
                lambda f, fact=fact, text=wrong[1]: (
                    text if f is fact else written(f, style_for(f, rng))
                ),
            )
        check = verifier(answer, sheet)
        planted += 1
        if any(f.status == "unverified" and _same(f.text, wrong[1]) for f in check.figures):
            flagged += 1
        elif debug is not None:
            debug.append((answer, wrong[1], fact, check))  # a planted error missed
    return {
        "copied_figures": copied,
        "false_alarms": copied_alarms,
        "derived_statements": derived_total,
        "derived_recognised": derived_found,
        "false_alarm_rate": copied_alarms / copied,
        "planted": planted,
        "flagged": flagged,
        "detection_rate": flagged / planted,
    }


def _same(found: str, planted: str) -> bool:
    def norm(text: str) -> str:
        return text.replace("−", "-").lstrip("-").replace(" ", "").lower()

    return norm(found) == norm(planted) or norm(planted).startswith(norm(found))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--seed", type=int, default=7)
    options.add_argument("--plants", type=int, default=1000)
    args = options.parse_args()
    result = measure(args.seed, args.plants)
    print(
        f"copied or rounded figures: {result['copied_figures']}, false alarms: "
        f"{result['false_alarms']} ({result['false_alarm_rate']:.2%})"
    )
    print(
        f"differences and ratios of facts: {result['derived_statements']}, recognised as "
        f"derived: {result['derived_recognised']}"
    )
    print(
        f"planted wrong figures: {result['planted']}, flagged: {result['flagged']} "
        f"({result['detection_rate']:.1%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
