"""Measure the answer verifier on the grounding corpus: false alarms and discriminating catches.

    python eval/grounding/measure.py [--set dev|dev2|...|dev24|holdout15|holdout16|all] [--verbose]

For each split × citation style: answers, honest figures, honest figures flagged unverified
(false alarms), planted errors and how many are caught. A planted error is caught when the
verifier flags a figure overlapping the wrong text in the erroneous answer AND flags nothing
overlapping the correct text at the same place in the original answer. See README.md.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from corpus import (  # noqa: E402
    KINDS,
    SPLITS,
    Answer,
    Planted,
    figures,
    load_answers,
    load_planted,
    load_sheet,
    sheet_facts,
    value_of,
)

from finagent.verify import Verifier  # noqa: E402


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _flagged(verification, start: int, end: int) -> list:
    return [
        f
        for f in verification.figures
        if f.status == "unverified" and f.start >= 0 and _overlaps(f.start, f.end, start, end)
    ]


def _kind(text: str) -> str:
    lowered = text.lower()
    if "$" in text or "usd" in lowered:
        return "money"
    if "%" in text or "percent" in lowered or "point" in lowered or "pp" in lowered:
        return "percent"
    if re.search(r"(x|×|times)\s*$", lowered):
        return "multiple"
    return "plain"


#: which fact units a figure of each kind can be about (for "nearest fact" only)
_COMPATIBLE = {
    "money": ("USD", "USD/share"),
    "percent": ("%",),
    "multiple": ("x", "ratio"),
    "plain": ("ratio", "x", "%"),
}


def nearest_fact(text: str, facts: list) -> str:
    """The fact whose value is closest to the figure as written (signs ignored, compatible units
    preferred): a hint for reading misses and false alarms, not part of the score."""
    spans = figures(text)  # the figure in the text, not a window such as "3-year"
    if not spans:
        return "?"
    text = spans[-1].text
    value = value_of(text)
    if value is None:
        return "?"
    kind = _kind(text)
    best, score = None, float("inf")
    for fact in facts:
        if fact.value is None:
            continue
        distance = abs(abs(value) - abs(fact.value)) / max(abs(fact.value), 1e-9)
        if fact.unit not in _COMPATIBLE[kind]:
            distance += 1.0
        if distance < score:
            best, score = fact, distance
    return f"{best.id} = {best.display}" if best else "?"


@dataclass
class Cell:
    answers: int = 0
    figures: int = 0
    flagged: int = 0
    derived: int = 0
    derived_flagged: int = 0
    planted: int = 0
    caught: int = 0
    by_kind: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))


def _line(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end >= 0 else len(text)].strip()
    return line if len(line) <= 160 else line[:157] + "..."


def measure(split: str, verifier: Verifier, verbose: bool, out: list[str]) -> dict[bool, Cell]:
    answers = {a.id: a for a in load_answers(split)}
    cells = {True: Cell(), False: Cell()}
    facts_of: dict[str, list] = {}
    checked: dict[str, object] = {}
    names_of: dict[str, dict] = {}
    for answer in answers.values():
        facts = facts_of[answer.id] = sheet_facts(answer.sheets)
        names_of[answer.id] = sheet_names(answer.sheets)
        verification = checked[answer.id] = verifier(answer.body, facts, names=names_of[answer.id])
        cell = cells[answer.cited]
        cell.answers += 1
        derived_spans = _derived_spans(answer)
        for span in figures(answer.body):
            is_derived = any(_overlaps(span.start, span.end, s, e) for s, e in derived_spans)
            flagged = _flagged(verification, span.start, span.end)
            cell.figures += 1
            cell.derived += is_derived
            if flagged:
                cell.flagged += 1
                cell.derived_flagged += is_derived
                if verbose:
                    nearest = nearest_fact(span.text, facts)
                    out.append(
                        f"  FALSE ALARM {split}/{answer.id} {span.text!r}"
                        f"{' (derived)' if is_derived else ''} nearest {nearest}"
                        f"\n      {_line(answer.body, span.start)}"
                    )
    for plant in load_planted(split):
        answer = answers.get(plant.answer)
        if answer is None:
            out.append(f"  WARNING {split}/planted.jsonl:{plant.line}: no answer {plant.answer}")
            continue
        cell = cells[answer.cited]
        caught, why = _caught(
            plant, answer, facts_of[answer.id], checked[answer.id], verifier, names_of[answer.id]
        )
        cell.planted += 1
        cell.caught += caught
        cell.by_kind[plant.kind][0] += 1
        cell.by_kind[plant.kind][1] += caught
        if verbose and not caught:
            nearest = nearest_fact(plant.replace, facts_of[answer.id])
            out.append(
                f"  MISS {split}/{answer.id} [{plant.kind}] {plant.find!r} -> {plant.replace!r}: "
                f"{why}; nearest to the wrong value {nearest}"
            )
    return cells


def _derived_spans(answer: Answer) -> list[tuple[int, int]]:
    spans = []
    for text in answer.derived:
        start = answer.body.find(text)
        while start >= 0:
            spans.append((start, start + len(text)))
            start = answer.body.find(text, start + 1)
    return spans


def sheet_names(sheet_ids: list[str]) -> dict[str, list[str]]:
    """The company names the sheets store (``companies``), as the app passes the names it knows."""
    names: dict[str, list[str]] = {}
    for sheet_id in sheet_ids:
        for ticker, name in load_sheet(sheet_id).get("companies", {}).items():
            names.setdefault(ticker, []).append(name)
    return names


def _caught(
    plant: Planted, answer: Answer, facts, original, verifier, names=None
) -> tuple[bool, str]:
    position = answer.body.find(plant.find)
    if position < 0 or answer.body.count(plant.find) != 1:
        return False, "find is not exactly once in the answer"
    wrong = answer.body[:position] + plant.replace + answer.body[position + len(plant.find) :]
    verification = verifier(wrong, facts, names=names)
    hit = _flagged(verification, position, position + len(plant.replace))
    before = _flagged(original, position, position + len(plant.find))
    if hit and not before:
        return True, "caught"
    if hit and before:
        return False, "flagged, but the correct value is flagged too (not discriminating)"
    return False, "not flagged"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=(*SPLITS, "all"), default="dev")
    parser.add_argument("--verbose", action="store_true", help="list false alarms and misses")
    parser.add_argument(
        "--show-holdout",
        action="store_true",
        help="with --verbose, list holdout details too (not while tuning: see README)",
    )
    args = parser.parse_args(argv)
    splits = SPLITS if args.set == "all" else (args.set,)
    verifier = Verifier()
    details: list[str] = []
    rows = []
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for split in splits:
        if not load_answers(split):
            rows.append((split, None, None))
            continue
        verbose = args.verbose and (not split.startswith("holdout") or args.show_holdout)
        cells = measure(split, verifier, verbose, details)
        for cited in (False, True):
            rows.append((split, cited, cells[cited]))
            for kind, (n, c) in cells[cited].by_kind.items():
                kinds[kind][0] += n
                kinds[kind][1] += c
    header = (
        f"{'set':8} {'style':8} {'answers':>7} {'figures':>7} {'flagged':>7} {'%':>6}"
        f" {'derived':>7} {'d.flag':>6} {'planted':>7} {'caught':>6} {'%':>6}"
    )
    print(header)
    print("-" * len(header))
    total = Cell()
    for split, cited, cell in rows:
        if cell is None:
            print(f"{split:8} (no answers)")
            continue
        style = "cited" if cited else "uncited"
        print(
            f"{split:8} {style:8} {cell.answers:7d} {cell.figures:7d} {cell.flagged:7d}"
            f" {_pct(cell.flagged, cell.figures)} {cell.derived:7d} {cell.derived_flagged:6d}"
            f" {cell.planted:7d} {cell.caught:6d} {_pct(cell.caught, cell.planted)}"
        )
        for name in (
            "answers",
            "figures",
            "flagged",
            "derived",
            "derived_flagged",
            "planted",
            "caught",
        ):
            setattr(total, name, getattr(total, name) + getattr(cell, name))
    print("-" * len(header))
    print(
        f"{'total':8} {'':8} {total.answers:7d} {total.figures:7d} {total.flagged:7d}"
        f" {_pct(total.flagged, total.figures)} {total.derived:7d} {total.derived_flagged:6d}"
        f" {total.planted:7d} {total.caught:6d} {_pct(total.caught, total.planted)}"
    )
    if kinds:
        print(
            "\ncaught by kind: "
            + ", ".join(
                f"{kind} {kinds[kind][1]}/{kinds[kind][0]}" for kind in KINDS if kind in kinds
            )
        )
    print(
        "\nflagged = honest figures marked unverified (false alarms); d.flag = of them, honest "
        "derived figures;\ncaught = planted error flagged while the correct value in the same "
        "place is not."
    )
    if details:
        print("\n" + "\n".join(details))
    return 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):  # `measure.py --verbose | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    raise SystemExit(main())
