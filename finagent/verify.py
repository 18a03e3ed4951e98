"""Answer verification: every figure an answer states, matched against the facts the model saw.

A figure is **verified** when a fact of the conversation's ledger has the same value within the
precision the answer states (36.7% vs 36.66; $245.1B vs 245,122,000,000; "about $250B" only
within ±$5B), with a compatible unit (a percentage may match a fraction: 36.7% vs 0.367), and
the fact belongs to a company the sentence (or table column) is about and, when the sentence
names metrics, to one of those metrics. It is **derived** when it is the difference, ratio or
relative difference of two facts of the same metric (across companies or periods). Otherwise it
is **unverified**. Dates, fiscal years, fact ids, ranks and bare counts ("5 companies") are
context, not claims.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .facts import Fact

SCALES = {
    "trillion": 1e12,
    "tn": 1e12,
    "t": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
NUMBER = re.compile(
    r"(?P<sign>[-−+])?\s?(?P<cur>US\$|\$|USD\s?)?(?P<sign2>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d+(?:\.\d+)?)\s?(?P<scale>trillion|billion|million|thousand|tn|bn|mn|mm|[TBMK](?![A-Za-z]))?"
    r"\s?(?P<unit>%|percent(?:age points?)?|pp\b|x\b|×|times\b|bps\b)?",
    re.IGNORECASE,
)
MONTHS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
SKIP = re.compile(
    "|".join(
        [
            r"\b\d{4}-\d{2}-\d{2}\b",  # ISO dates
            r"\bFY\s?\d{2,4}\b",
            r"\bQ[1-4]\s?\d{4}\b",  # fiscal periods
            rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}\b(?:,\s*\d{{4}})?",  # March 8, 2024
            rf"\b\d{{1,2}}\s+(?:{MONTHS})\b",  # 8 March
            r"\b(?:19|20)\d{2}\b(?![.,]\d|\s?%)",  # years
            r"#\d+",
            r"(?<![\d.,$])\b\d{1,2}[YMDW]\b",
            r"\b\d+-(?:day|week|month|year)\b",  # ranks, windows
            r"\b[A-Z]{1,5}\.[a-z_0-9]+\b",  # fact ids (MSFT.pe)
            r"^\s*\d+[.)]\s",  # list numbering
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)
HEDGES = re.compile(
    r"(about|around|roughly|approximately|nearly|almost|~|some|close to)\s*$", re.IGNORECASE
)
STOP = {
    "the",
    "and",
    "per",
    "year",
    "total",
    "from",
    "over",
    "yoy",
    "diluted",
    "daily",
    "log",
    "returns",
    "average",
    "day",
    "latest",
    "fiscal",
    "market",
    "price",
    "net",
    "vs",
    "annualised",
    "annualized",
    "after",
    "tax",
    "with",
    "its",
}
SYNONYMS = {
    "p/e": ["pe", "p/e", "price-to-earnings", "earnings multiple", "price/earnings"],
    "p/s": ["p/s", "price-to-sales", "sales multiple"],
    "p/b": ["p/b", "price-to-book", "book value"],
    "p/tbv": ["p/tbv", "tangible book"],
    "ev/ebitda": ["ev/ebitda", "ebitda multiple", "enterprise value"],
    "fcf": ["fcf", "free cash flow", "free-cash-flow"],
    "eps": ["eps", "earnings per share"],
    "roe": ["roe", "return on equity"],
    "roa": ["roa", "return on assets"],
    "roic": ["roic", "return on invested capital"],
    "cap": ["market cap", "valuation", "market value", "worth"],
}


@dataclass
class FigureCheck:
    text: str
    value: float
    kind: str  # money, percent, multiple, plain
    status: str  # verified, derived, unverified
    fact_ids: list[str] = field(default_factory=list)
    how: str = ""
    start: int = -1  # where the figure stands in the answer (for marking it)
    end: int = -1


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
            f"{len(self.figures)} figures: {self.count('verified')} verified, "
            f"{self.count('derived')} derived, {self.count('unverified')} unverified"
        )
        if self.unverified:
            text += " (" + ", ".join(f.text for f in self.unverified[:6]) + ")"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "verified": self.count("verified"),
            "derived": self.count("derived"),
            "unverified": self.count("unverified"),
            "figures": [asdict(f) for f in self.figures],
        }


@dataclass
class Figure:
    text: str
    value: float
    kind: str
    tolerance: float
    signed: bool
    context: str  # the sentence (or table row and column) with its heading: who it is about
    local: list[str] = field(default_factory=list)  # narrower first: which metric it is
    start: int = -1  # offsets in the whole answer
    end: int = -1


def _label_words(fact: Fact, full: bool = False) -> set[str]:
    """Words of the label that name the metric, including windows such as 1y or 6m."""
    label = fact.label.lower() if full else fact.label.lower().split(" (")[0]
    return {
        w
        for w in re.findall(r"[a-z0-9/&-]+", label)
        if w not in STOP
        and not re.fullmatch(r"fy\d+|\d+", w)
        and (len(w) >= 3 or re.fullmatch(r"\d+[ymdw]", w))
    }


def _keywords(fact: Fact) -> tuple[set[str], set[str], set[str]]:
    """(the label's name words, all its words incl. the parenthesis, synonyms of the metric).

    A mention of any counts; a name word the text leaves out counts a little against the fact.
    """
    label = fact.label.lower().split(" (")[0]
    synonyms = {
        s for key, group in SYNONYMS.items() if key in label or key in fact.metric for s in group
    }
    return _label_words(fact), _label_words(fact, full=True), synonyms


def _entities(fact: Fact, known: set[str]) -> set[str]:
    """The fact's entity, plus other entities named in its label (e.g. a peer median's peers)."""
    return {fact.entity} | (set(re.findall(r"\b[A-Z][A-Z.-]{0,5}\b", fact.label)) & known)


def _mentioned(words: Iterable[str], context: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", context)]


CLAUSE = re.compile(
    r"[,;]\s|\s(?:and|but|while|whereas|versus|vs\.?|compared with)\s", re.IGNORECASE
)


def _clauses(body: str, position: int) -> list[str]:
    """The clause holding ``position``, then the one before it (metric names come first)."""
    flat = re.sub(r"\([^()]*\)", lambda m: " " * len(m[0]), body)  # no splits inside (...)
    starts = [0] + [m.end() for m in CLAUSE.finditer(flat)]
    index = max(i for i, start in enumerate(starts) if start <= position)
    ends = starts[1:] + [len(body)]
    found = [body[starts[index] : ends[index]]]
    if index > 0:
        found.append(body[starts[index - 1] : ends[index - 1]])
    return found


def extract_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` that claims something, with the context it is claimed in."""
    figures: list[Figure] = []
    for context, body, offset, in_table in _contexts(text):
        masked = SKIP.sub(lambda m: " " * len(m[0]), body)
        for match in NUMBER.finditer(masked):
            figure = _figure(match, masked, context)
            if figure is not None:
                figure.local = [] if in_table else _clauses(body, match.start())
                lead = len(match[0]) - len(match[0].lstrip())
                figure.start = offset + match.start() + lead
                figure.end = figure.start + len(figure.text)
                figures.append(figure)
    return figures


def _figure(match: re.Match[str], text: str, context: str) -> Figure | None:
    number, scale_word, unit = match["num"], (match["scale"] or ""), (match["unit"] or "").lower()
    if match.start("num") > 0 and (
        text[match.start("num") - 1].isalnum() or text[match.start("num") - 1] in "_/"
    ):
        return None
    decimals = len(number.split(".")[1]) if "." in number else 0
    value = float(number.replace(",", ""))
    scale = SCALES.get(scale_word.lower(), 1.0) if scale_word else 1.0
    money = bool(match["cur"])
    if not (money or unit or scale_word or decimals):
        return None  # a bare count ("5 companies", "3 years") is context, not a claim
    if unit in ("%", "percent") or unit.startswith("percent") or unit == "pp":
        kind = "percent"
    elif unit in ("x", "×", "times"):
        kind = "multiple"
    elif unit == "bps":
        kind, value, scale = "percent", value / 100, 1.0
    elif money or scale_word:
        kind = "money"
    else:
        kind = "plain"
    step = 10.0**-decimals
    if decimals == 0 and HEDGES.search(text[: match.start()]):
        # "about $250B": the trailing zeros are not precision (±$5B), unlike a plain "$250B"
        digits = number.replace(",", "")
        step = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    sign = -1.0 if (match["sign"] in ("-", "−") or match["sign2"]) else 1.0
    return Figure(
        match[0].strip(),
        sign * value * scale,
        kind,
        (step / 2) * scale + 1e-9 * abs(value * scale),
        bool(match["sign"] or match["sign2"]),
        context,
    )


def _contexts(text: str) -> Iterable[tuple[str, str, int, bool]]:
    """(context, body, offset of body in text, is a table cell): sentences with their section
    heading; table cells with their row label and column header."""
    heading = ""
    header: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        stripped = line.strip()
        lead = start + len(line) - len(line.lstrip())
        if stripped.startswith("#"):
            heading = stripped
            continue
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            if not header or len(cells) != len(header):
                header = cells
                continue
            label = " ".join(cells[:2])
            position = lead + 1  # after the leading "|"
            for column, raw in zip(header, stripped.strip("|").split("|")):
                cell = raw.strip()
                yield f"{heading} | {label} {column}", cell, position + raw.find(cell), True
                position += len(raw) + 1
            continue
        header = []
        cuts = [0] + [m.end() for m in re.finditer(r"(?<=[.;!?])\s+(?=[A-Z*(\[])", stripped)]
        for begin, finish in zip(cuts, [*cuts[1:], len(stripped)]):
            sentence = stripped[begin:finish].rstrip()
            yield f"{heading} {sentence}", sentence, lead + begin, False


class Verifier:
    """Callable used by the agent: ``Verifier()(answer, ledger) -> Verification``."""

    def __call__(self, answer: str, facts: Iterable[Fact]) -> Verification:
        facts = [f for f in facts if f.value is not None and math.isfinite(f.value)]
        known = {f.entity for f in facts}
        self._entities = {f.id: _entities(f, known) for f in facts}
        self._keywords = {f.id: _keywords(f) for f in facts}
        return Verification(
            [self._check(figure, facts, known) for figure in extract_figures(answer)]
        )

    def relevant(self, figure: Figure, facts: list[Fact], known: set[str]) -> list[Fact]:
        """The facts this figure can be about: of the companies its sentence (or table column)
        names, and among those, the metrics its words name best (a fact loses a little for each
        word of its label the sentence does not use: "peer median P/B" is not "P/B")."""
        context = figure.context
        mentioned = {
            e
            for e in known
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(e)}(?![A-Za-z0-9])", context)
        }
        pool = [f for f in facts if not mentioned or self._entities[f.id] & mentioned]
        pool = [f for f in pool if f.unit != "rank"]  # ranks are context, never a claim
        for text in [*figure.local, context]:  # the narrowest text that names a metric decides
            lowered = text.lower()
            scores = {}
            for fact in pool:
                primary, words, synonyms = self._keywords[fact.id]
                hits = set(_mentioned(words | synonyms, lowered))
                scores[fact.id] = len(hits) - 0.5 * len(primary - hits) if hits else 0.0
            best = max(scores.values(), default=0.0)
            if best > 0:
                return [f for f in pool if scores[f.id] == best]
        return pool

    def _check(self, figure: Figure, facts: list[Fact], known: set[str]) -> FigureCheck:
        relevant = self.relevant(figure, facts, known)
        matches = [f for f in relevant if _matches(figure, f)]
        if matches:
            return FigureCheck(
                figure.text,
                figure.value,
                figure.kind,
                "verified",
                [f.id for f in matches[:3]],
                "",
                figure.start,
                figure.end,
            )
        derived = self._derived(figure, relevant)
        if derived:
            return FigureCheck(
                figure.text,
                figure.value,
                figure.kind,
                "derived",
                derived[1],
                derived[0],
                figure.start,
                figure.end,
            )
        return FigureCheck(
            figure.text, figure.value, figure.kind, "unverified", [], "", figure.start, figure.end
        )

    @staticmethod
    def _derived(figure: Figure, facts: list[Fact]) -> tuple[str, list[str]] | None:
        """Difference, ratio or relative difference of two facts of the same metric and unit."""
        groups: dict[tuple[str, str], list[Fact]] = {}
        for fact in facts:
            base = re.sub(r"_(fy|q)\d.*$", "", fact.metric)
            groups.setdefault((base, fact.unit), []).append(fact)
        for (_, unit), members in groups.items():
            for a, b in itertools.permutations(members, 2):
                candidates = []
                if (
                    (figure.kind in ("percent", "plain") and unit == "%")
                    or (figure.kind == "money" and re.fullmatch(r"[A-Z]{3}(/share)?", unit))
                    or (figure.kind in ("multiple", "plain") and unit in ("x", "ratio"))
                ):
                    candidates.append(("difference", a.value - b.value))
                if b.value and b.value > 0 and a.value > 0:
                    if figure.kind in ("multiple", "plain"):
                        candidates.append(("ratio", a.value / b.value))
                    if figure.kind == "percent" and unit != "%":
                        candidates.append(("relative difference", (a.value / b.value - 1) * 100))
                for how, value in candidates:
                    if abs(abs(figure.value) - abs(value)) <= figure.tolerance:
                        return f"{how} of {a.id} and {b.id}", [a.id, b.id]
        return None


def _options(figure: Figure, fact: Fact) -> list[float]:
    """The values ``fact`` may be written as in ``figure``'s unit (none: the units differ)."""
    target = fact.value
    if fact.unit == "rank":  # ranks are context ("#1"), never what a figure claims
        return []
    if figure.kind == "money":
        return [target] if fact.unit == "shares" or _MONEY.fullmatch(fact.unit) else []
    if figure.kind == "percent":
        if fact.unit == "%":
            return [target]
        return [target * 100] if fact.unit in ("ratio", "x") else []
    if figure.kind == "multiple":
        return [target] if fact.unit in ("x", "ratio") else []
    # plain number: same value, or a percentage written as a fraction
    return [target, target / 100] if fact.unit == "%" else [target]


_MONEY = re.compile(r"[A-Z]{3}(/share)?")


def _matches(figure: Figure, fact: Fact) -> bool:
    value, tolerance = figure.value, figure.tolerance
    for option in _options(figure, fact):
        if abs(value - option) <= tolerance or (
            not figure.signed and abs(abs(value) - abs(option)) <= tolerance
        ):
            return True
    return False
