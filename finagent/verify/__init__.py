"""Answer verification: every figure an answer states, matched against the facts the model saw.

A figure is **verified** when a fact has the same value within the precision the answer states
(36.7% vs 36.66; $245.1B vs 245,122,000,000; "about $250B" only within ±$5B; "more than 55%"
for 56.6%), with a compatible unit, and the fact belongs to the company the figure is about
(named by ticker, name or short name, in its clause, sentence, table row or column, heading, or
the previous sentence: "It trades at ...") and to the metric and return window its words name.
A figure that cites fact ids (``41.8% [MSFT.operating_margin]``, ``[MSFT.pe / GOOGL.pe]``) is
checked against exactly those facts, and the facts must be about the company and window the
sentence names. A figure is **derived** when it is the difference, ratio or relative difference
of two facts of the metric and companies its sentence is about. Otherwise it is **unverified**,
with the nearest fact and why it did not match.

Modules: ``extract`` (figures and their context: sentences, clauses, headings, bold titles, bare
lists of figures), ``entities`` (company names), ``mentions`` (where a company is named relative to
figures: next to one, as a yardstick, owning one), ``subject`` (whom a figure is about: names next
to it, yardsticks, pronouns, headings, the answer's opening), ``lists`` (whom a bare list of
figures goes with, in order), ``metrics`` (metric words, windows, value matching), ``citations``
(``[FACT.id]`` parsing), ``check`` (the decision for one figure), ``cited`` (the decision for a
figure that cites fact ids), ``derived`` (gaps, ratios, shares and differences of sums of money),
``reference`` (own value, median or history), ``consensus`` (a second reading of a line whose
unverified figures all agree on another company than its words, or that sits beside its metric's
stated median), ``ranges`` (the ends of a range across a group),
``periods`` (the window and fiscal year a figure names), ``result`` (what a check finds).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..facts import Fact
from .check import Checker
from .consensus import reread
from .entities import Entities, short_names
from .extract import NUMBER, SCALES, SKIP, Figure, extract_figures
from .metrics import STOP, SYNONYMS, keywords, matches, word_pattern
from .result import Result

__all__ = [
    "NUMBER",
    "SCALES",
    "SKIP",
    "STOP",
    "SYNONYMS",
    "Entities",
    "Figure",
    "FigureCheck",
    "Verification",
    "Verifier",
    "extract_figures",
    "short_names",
]


@dataclass
class FigureCheck:
    text: str
    value: float
    kind: str  # money, percent, points, multiple, plain
    status: str  # verified, derived, unverified
    fact_ids: list[str] = field(default_factory=list)  # the fact(s) it matched
    how: str = ""  # how a derived figure is computed, or why an unverified one did not match
    start: int = -1  # where the figure stands in the answer (for marking it)
    end: int = -1
    citation: str = ""  # the fact ids the answer cites for it, as written
    nearest: str = ""  # unverified: the nearest fact ("GOOGL.operating_margin = 27.4%")


@dataclass
class Verification:
    figures: list[FigureCheck]

    def count(self, status: str) -> int:
        return sum(1 for f in self.figures if f.status == status)

    @property
    def unverified(self) -> list[FigureCheck]:
        return [f for f in self.figures if f.status == "unverified"]

    def summary(self) -> str:
        if not self.figures:
            return "No figures to verify."
        text = (
            f"{len(self.figures)} figure{'' if len(self.figures) == 1 else 's'}: "
            f"{self.count('verified')} verified, "
            f"{self.count('derived')} derived, {self.count('unverified')} unverified"
        )
        if self.unverified:
            text += " (" + ", ".join(f.text for f in self.unverified[:6]) + ")"
        return text

    def __repr__(self) -> str:
        return f"<Verification {self.summary()}>"

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "verified": self.count("verified"),
            "derived": self.count("derived"),
            "unverified": self.count("unverified"),
            "figures": [asdict(f) for f in self.figures],
        }


class Verifier:
    """Callable used by the agent: ``Verifier(names=...)(answer, facts, current=...)``.

    ``names`` maps tickers to company names (``{"MSFT": ["Microsoft Corporation"]}``): a figure
    is then tied to a company named in prose ("Microsoft", "Exxon", "Lilly") as to its ticker.
    ``facts`` is every fact the conversation has shown; ``current`` (optional) the facts of this
    turn: a figure is checked against them first, and against earlier turns' facts only if none
    of this turn's matches (an earlier turn's figure for the same company may be stale).
    """

    def __init__(self, names: Mapping[str, Iterable[str] | str] | None = None):
        self.names = dict(names or {})

    @staticmethod
    def prepare(facts: Iterable[Fact]) -> None:
        """Do ahead what checking an answer against ``facts`` will need (each label's metric
        words and their patterns, cached), e.g. while the model writes the answer."""
        for fact in _usable(facts):
            for word in keywords(fact)[1]:
                word_pattern(word)

    def __call__(
        self,
        answer: str,
        facts: Iterable[Fact],
        current: Iterable[Fact] | None = None,
        names: Mapping[str, Iterable[str] | str] | None = None,
    ) -> Verification:
        everything = _usable(facts)
        turn = _usable(current) if current is not None else []
        if turn:  # this turn's fact wins over an earlier one with the same id
            ids = {f.id for f in turn}
            everything = [f for f in everything if f.id not in ids] + turn
        known = {f.entity for f in everything}
        entities = Entities(known, {**self.names, **dict(names or {})})
        figures = extract_figures(answer)
        results = _read(figures, turn, everything, entities)
        results = reread(
            answer,
            figures,
            results,
            everything,
            lambda text: entities.named(text) & known,
            lambda **given: _read(figures, turn, everything, entities, **given),
        )
        checks = [
            FigureCheck(
                figure.text,
                figure.value,
                figure.kind,
                check.status,
                check.fact_ids,
                check.how,
                figure.start,
                figure.end,
                figure.citation,
                check.nearest,
            )
            for figure, check in zip(figures, results)
        ]
        return Verification(checks)


def _read(
    figures: list[Figure],
    turn: list[Fact],
    everything: list[Fact],
    entities: Entities,
    agreed_on: dict[int, set[str]] | None = None,
    own: set[int] | None = None,
) -> list[Result]:
    """Each figure's check, in order: against this turn's facts first, then all of them."""
    primary = Checker(turn or everything, entities, agreed_on, own)
    fallback = Checker(everything, entities, agreed_on, own) if turn else None
    results = []
    for figure in figures:
        check = primary.check(figure)
        if check.status == "unverified" and fallback is not None:
            second = fallback.check(figure)
            if second.status != "unverified":
                check = second
        results.append(check)
    return results


def _usable(facts: Iterable[Fact] | None) -> list[Fact]:
    return [f for f in facts or [] if f.value is not None and math.isfinite(f.value)]


def _matches(figure: Figure, fact: Fact) -> bool:
    """Kept for ``eval/run.py``: the fact's value is the figure's at its stated precision."""
    return matches(figure, fact)
