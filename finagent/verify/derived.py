"""Derived figures: a gap, ratio, share or relative difference of two facts of the metrics and
companies the figure's sentence is about ("15.5 points above the operating margin", "net debt of
about $3.8B", "$15.00 below its 52-week high", "worth over 60% of its debt"). Never any pair of
facts: small numbers are "explained" by accident."""

from __future__ import annotations

import itertools
import re
from typing import Any

from ..facts import Fact
from .extract import Figure
from .metrics import (
    MONEY_UNIT,
    fact_window,
    fact_year,
    fiscal_years,
    score,
    text_windows,
    word_pattern,
)
from .periods import earlier_window
from .subject import _reference, _segment

DERIVED_HINT = re.compile(
    r"\b(?:gap|difference|spread|more|less|higher|lower|above|below|premium|discount|ahead|"
    r"behind|lead|leads|trail|times|turns?|double|triple|half|twice|than|"
    r"better|worse|wider|narrower|bigger|smaller|larger|cheaper|richer|points?|pts|pp|"
    r"out(?:grew|grows?|paced|paces|ran|runs?)|beats?|exceeds?|trails?|lags?|"
    r"as (?:much|high|large|big|expensive))\b",
    re.IGNORECASE,
)
#: a sum of money that is the difference of two ("net debt of $3.8B", "cash exceeds debt by
#: $188B", "$15.00 below its 52-week high", "$10.0B more free cash flow")
MONEY_HINT = re.compile(
    r"\b(?:net (?:debt|cash)|exceeds?|exceeding|short of|gap|difference|more|less|higher|lower|"
    r"above|below|larger|smaller|bigger|ahead|behind|than)\b",
    re.IGNORECASE,
)
#: "of which $187.9B is common equity (the rest, about $17.6B, is preferred)": what is left
REST = re.compile(
    r"\b(?:the (?:rest|remainder)|leaving|remaining),?\s+"
    r"(?:about\s+|roughly\s+|around\s+|nearly\s+|some\s+|just\s+)?$",
    re.I,
)
#: a part that is the difference of two sums the sheet has, named right after the figure or as
#: the subject just before it: "so there is about $11.2B of preferred stock" (equity less common
#: equity), "SBC runs at about $22.5 billion a year" (free cash flow less it after SBC)
PARTS = (
    (re.compile(r"^\s*(?:of\s+|in\s+)?preferred\b", re.I), ("equity", "common_equity")),
    (
        re.compile(r"\b(?:SBC|stock-based (?:compensation|pay))\s+(?:\w+\s+){0,4}$", re.I),
        ("fcf", "fcf_after_sbc"),
    ),
)
#: "1.7x as much free cash flow": a ratio followed by the metric it is a ratio of
AS_MUCH = re.compile(r"\s*(?:times\s+)?as (?:much|many)\s+(?!per\b)([^(,;]{0,30})", re.I)
#: "0.9x above the peer median", "a full 1.0x below ConocoPhillips' 2.7x"
APART = re.compile(r"\s*(?:above|below|under|behind|ahead of)\b", re.I)
#: a sum of money over several companies ("Chevron, Conoco and SLB put together")
TOGETHER = re.compile(r"\b(?:put together|combined|together|between them|in total)\b", re.I)
BY = re.compile(r"\bby\s+(?:about\s+|roughly\s+|around\s+|nearly\s+|some\s+)?$", re.I)
RIVALS = re.compile(
    r"\b(?:either|both|all|any|each) (?:of )?(?:the )?(?:rivals?|peers?|others?|competitors?)\b"
    r"|\b(?:its|the) (?:rivals|peers|competitors)\b",
    re.I,
)
AT = re.compile(
    r"\b(?:at|commands?|fetch(?:es)?|carr(?:y|ies)|is valued at)\s+"
    r"(?:just\s+|only\s+|about\s+|roughly\s+|around\s+|nearly\s+)?$",
    re.I,
)
RATIO_OF = re.compile(
    r"\s*(?:that|those|the\b|its\b|[A-Z][\w&.'-]*(?:\s(?:of\s|and\s|&\s)?[A-Z][\w&.'-]*)*(?:'s|’s))",
    re.I,
)
#: "peer medians of 1.0x", "the median is 11.8x": the reference's own value
QUOTED = re.compile(r"\b(?:medians?|average)\s+(?:of|is|was|are|were|at|stands at)\s*$", re.I)
LEVEL_AT = re.compile(
    r"\b(?:higher|lower|more|less|above|below|better|worse|cheaper|richer)\s+(?:still\s+)?"
    r"(?:at|to)\s+(?:just\s+|only\s+|about\s+|roughly\s+|around\s+)?$",
    re.I,
)
#: "an ROTCE of 17.4%": the value of a metric the words name, a level (not "a gap of")
LEVEL_OF = re.compile(
    r"\b(?!(?:gap|difference|spread|premium|discount|lead|edge|advantage|deficit|shortfall|"
    r"cushion|margin|increase|decrease|rise|fall|drop|decline|gain|loss|change|jump|swing)\b)"
    r"[a-z/&-]+\s+of\s+(?:just\s+|only\s+|about\s+|roughly\s+|around\s+|nearly\s+)?$",
    re.I,
)
#: "60% of the company's debt": a share of one sum in another
SHARE = re.compile(r"^\s*of\s+(?:the|its|their|a|an|\w+'s)?\b", re.IGNORECASE)
THAT = re.compile(r"^\s*of\s+(?:that|this)\b", re.IGNORECASE)


def derive(
    checker: Any, figure: Figure, who: set[str], reference: str = ""
) -> tuple[str, list[str]] | None:
    """(how, fact ids) of the two facts the figure is derived from, or None. A figure its words
    give as the median's or the average's value ("peer medians of 1.0x") is quoted, not derived;
    one compared with the median or the average is a gap between the two."""
    if reference and QUOTED.search(_segment(figure)):
        return None
    named = (
        checker.named(figure.sentence)
        | who
        | checker.carried(figure, union=True)[0]
        | {f.entity for f in checker.said(figure)}  # "17.6% vs 13.3% - 4.3 points better"
    )
    two = figure.kind == "points" and len(checker.present - {"median"}) == 2
    if len(named - {"median"}) <= 1 and (RIVALS.search(figure.sentence) or two):
        # "0.8 turns more than either rival": unnamed others; of two companies, a gap in points
        # is to the other one
        named = set(checker.present)
    if figure.kind == "money":
        return _money(checker, figure, named)
    if figure.kind == "percent" and SHARE.match(figure.after):
        share = _share(checker, figure, named)
        if share:
            return share
    # (the figure's own clause: "down 9.2% over three months and trades 7.7% below its 50-day
    # average" says nothing of a gap for 9.2%)
    after = re.split(r"[;(]|,\s|\s(?:and|but|while|whereas)\s(?![-−+]?\$?\d)", figure.after)[0]
    after = after[:40]
    near = f"{_segment(figure)[-40:]} {figure.text} {after}"
    if LEVEL_AT.search(figure.before):
        return None  # "even higher at 4.17": the level, not the gap
    if (
        figure.kind != "points"
        and LEVEL_OF.search(_segment(figure))
        and not DERIVED_HINT.search(re.split(r"[,;:(]", figure.after)[0])
    ):
        return None  # "leads with an ROTCE of 17.4%": the level ("of 17.4% more" a gap)
    if AT.search(figure.before) and not RATIO_OF.match(figure.after):
        return None  # "cheapest on book at 1.7x": a level; "at 1.7x BofA's" would be a ratio
    if figure.kind not in ("points", "multiple") and not DERIVED_HINT.search(near):
        return None  # nothing says the figure is a gap or a ratio
    pool = [
        f for f in checker.facts if f.unit in ("%", "x", "ratio") or MONEY_UNIT.fullmatch(f.unit)
    ]
    if named:
        pool = [f for f in pool if f.entity in named or f.entity == "median"]
    if re.search(r"turns?$", figure.text):  # "a premium of 4.8 turns": a gap between multiples
        pool = [f for f in pool if f.unit in ("x", "ratio")]
    years = fiscal_years(figure.sentence)
    if not re.search(r"year[- ]ends?\b", figure.sentence, re.I):  # a year's P/E: if it is named
        pool = [f for f in pool if not fact_year(f) or fact_year(f) in years]
    windows = text_windows(figure.local[0] if figure.local else figure.context, figure.before)
    if not windows and not figure.table:  # "Over six months, Visa's return beat Boeing's by"
        windows = earlier_window(figure)
    if windows:  # "up 61.4% over three years" is no gap between two other windows
        pool = [f for f in pool if not fact_window(f) or fact_window(f) in windows]
    chosen, tier = checker._candidates(figure, pool)
    sentence, metric = checker._metric
    if tier >= 2 and sentence == figure.sentence:
        # "12.3% over the year, about 49 points behind the median": the metric just stated (a
        # gap in points, unless its clause names another: "... (-16.0% vs -16.5%), ROE (by 4.7
        # points)" is ROE's)
        stated = [f for f in pool if _base(f) == metric]
        clause = (figure.local[0] if figure.local else "").lower()
        # (a word inside another metric's phrase is not the stated one's: "the 29.8%
        # operating-margin median" names no net margin)
        clause = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", clause)
        says_stated = bool(stated) and score(checker.keywords[stated[0].id], clause, True) > 0
        gap = figure.kind == "points" or re.search(r"turns?$", figure.text)  # ("4.8 turns on P/E")
        # ("about 1.7x as much free cash flow": the words right after a ratio name its metric;
        # not "1.8 times as much per dollar of profit")
        much = AS_MUCH.match(after)
        named_after = bool(chosen and much) and score(checker.keywords[chosen[0].id], much[1]) > 0
        other = tier == 2 and (bool(gap) or named_after) and not says_stated
        if len(stated) > 1 and not other:
            chosen, tier = stated, 1
    if tier >= 6 and windows and figure.kind == "points":
        # "the gap between Meta and Oracle over that six-month stretch is 80.3 points": a window
        # with no metric named is the return over it
        chosen = [f for f in pool if re.fullmatch(r"return_\d+[ym]", f.metric)]
        tier = 5 if chosen else tier
    if tier >= (3 if figure.table else 6):
        return None  # no metric named: any pair would do, which proves nothing
    if figure.kind == "points":  # "EPS lagged sales by about 1.7 points": their growth rates
        chosen = _growth(chosen, pool)
    # a gap or ratio of one metric (across companies, or now and at a year-end)
    pairs = [(a, b) for a, b in itertools.permutations(chosen, 2) if _base(a) == _base(b)]
    ratio_of_sums = figure.kind == "multiple" and any(MONEY_UNIT.fullmatch(f.unit) for f in chosen)
    if (
        figure.kind == "multiple"
        and figure.text.endswith("x")
        and not DERIVED_HINT.search(figure.sentence)
        and not RATIO_OF.match(figure.after)
        and not ratio_of_sums
    ):
        return None  # "P/B (1.7x, against a 1.1x median)": a multiple, no ratio of two
    if DERIVED_HINT.search(near) or ratio_of_sums:  # ("cash ... are about 2.3x total debt")
        # "that net margin sits 15.5 points above the operating margin": a gap between two
        # metrics of one company, the other named elsewhere in the sentence
        # (in words other than those naming the figure's own metric: "return on tangible
        # common equity of 8.7%" names no total return)
        sentence = _blank(figure.sentence.lower(), chosen and checker.keywords[chosen[0].id][1])
        # (or one the sentence stated: "at $505.95, about 3% below the 52-week high")
        said = checker.said(figure)
        others = [
            f
            for f in pool
            if f not in chosen and (f in said or score(checker.keywords[f.id], sentence))
        ]
        own = [f for f in chosen if not who or f.entity in who]  # of the company it is about
        # ("the gap between ROE and ROIC": both metrics named in the words that decided)
        if figure.kind == "points":
            others = _growth(others, pool)
        if tier <= 2:
            others += [b for b in chosen if any(_base(a) != _base(b) for a in own)]
        pairs += [(a, b) for a in own for b in others if a.entity == b.entity and a is not b]
        pairs += [(b, a) for a in own for b in others if a.entity == b.entity and a is not b]
    if reference:  # "7.5% above its own average": the company's own value and the average
        pairs = [(a, b) for a, b in pairs if {_reference(a), _reference(b)} == {reference, ""}]
    value = abs(figure.value)
    for a, b in pairs:
        if a.value is None or b.value is None or a.unit != b.unit:
            continue
        for how, result, slack in _results(figure, a, b):
            if figure.bound:
                if bounded(figure, abs(result)):
                    return f"{how} of {a.id} and {b.id}", [a.id, b.id]
            elif abs(value - abs(result)) <= figure.tolerance + slack:
                return f"{how} of {a.id} and {b.id}", [a.id, b.id]
    if figure.kind == "multiple" and TOGETHER.search(figure.sentence):
        return _times_together(figure, chosen)
    return None


def _times_together(figure: Figure, chosen: list[Fact]) -> tuple[str, list[str]] | None:
    """ "Net income ... more than 11 times AMD's and Intel's combined": one company's value
    over the sum of the others' values of the same metric."""
    for a in chosen:
        rest = [
            b
            for b in chosen
            if _base(b) == _base(a) and b.entity not in (a.entity, "median") and b.value
        ]
        total = sum(b.value or 0.0 for b in rest)
        if len(rest) < 2 or not a.value or total <= 0:
            continue
        result = a.value / total
        if (figure.bound and bounded(figure, result)) or (
            not figure.bound and abs(figure.value - result) <= figure.tolerance + 0.012 * result
        ):
            return f"ratio of {a.id} to the sum of the others", [a.id, *(b.id for b in rest)]
    return None


def _growth(facts: list[Fact], pool: list[Fact]) -> list[Fact]:
    """Each sum of money replaced by its growth rate, where ``pool`` has it (a gap in points
    between "EPS" and "sales" is one between their growth rates)."""
    by_id = {f.id: f for f in pool}
    return [f if f.unit == "%" else by_id.get(f"{f.entity}.{f.metric}_growth", f) for f in facts]


def _blank(text: str, words: Any) -> str:
    """``text`` with each of ``words`` it names blanked out, the longest first."""
    for word in sorted(words or (), key=len, reverse=True):
        text = word_pattern(word).sub(lambda m: " " * len(m[0]), text)
    return text


def _results(figure: Figure, a: Fact, b: Fact) -> list[tuple[str, float, float]]:
    """(how, value, slack) of what two facts of the same unit give for a figure of its kind."""
    assert a.value is not None and b.value is not None
    found = []
    if figure.kind in ("points", "plain", "percent") and a.unit == "%":
        found.append(("difference", a.value - b.value, 0.12))
    # "AbbVie's 5.8x is 0.9x above the peer median": a multiple above or below another is
    # their difference, not a ratio
    apart = figure.kind == "multiple" and bool(APART.match(figure.after))
    if figure.kind in ("multiple", "plain", "points") and a.unit in ("x", "ratio"):
        if figure.kind == "plain" or re.search(r"turns?|point", figure.text) or apart:
            # two values shown to the figure's decimals differ by at most one last digit
            found.append(("difference", a.value - b.value, max(10.0**-figure.decimals, 0.011)))
    if b.value > 0 and a.value > 0:
        if (
            figure.kind in ("multiple", "plain")
            and not re.search(r"turn", figure.text)
            and not apart
        ):
            found.append(("ratio", a.value / b.value, 0.012 * a.value / b.value))
        if figure.kind == "percent" and a.unit != "%":
            ratio = a.value / b.value
            found.append(("relative difference", (ratio - 1) * 100, 1.2 * ratio))
    return found


def _sentence_facts(
    checker: Any, figure: Figure, named: set[str], money: bool, text: str = ""
) -> list[Fact]:
    """Facts of sums of money the sentence (or ``text``) states or names the metric of, of its
    companies."""
    sentence = (text or f"{figure.heading} {figure.sentence}").lower()
    said = checker.said(figure)
    return [
        f
        for f in checker.facts
        if MONEY_UNIT.fullmatch(f.unit)
        and f.value is not None
        and (not named or f.entity in named)
        and (f in said or score(checker.keywords[f.id], sentence) > 0)
        and (money or f.unit == "USD")
    ]


def _money(checker: Any, figure: Figure, named: set[str]) -> tuple[str, list[str]] | None:
    """A sum of money that is the difference of two the sentence is about."""
    if TOGETHER.search(figure.sentence):  # "more than Chevron, Conoco and SLB put together"
        found = _sum(figure, _sentence_facts(checker, figure, named, money=True))
        if found:
            return found
    product = _product(checker, figure, named)
    if product:
        return product
    near = f"{_segment(figure)[-40:]} {figure.text} {figure.after[:40]}"
    # "debt exceeds cash ($7.28B), by roughly $3.8 billion": the comparison came before
    by = BY.search(_segment(figure)) and MONEY_HINT.search(figure.before)
    parts = [
        metrics
        for words, metrics in PARTS
        if words.match(figure.after) or words.search(_segment(figure))
    ]
    if not MONEY_HINT.search(near) and not by and not REST.search(figure.before) and not parts:
        return None
    pool = _sentence_facts(checker, figure, named, money=True)
    for metrics in parts:  # ("the gap between total and common equity": unnamed "total")
        pool += [
            f for f in checker.facts if f.metric in metrics and f.entity in named and f not in pool
        ]
    value = abs(figure.value)
    for a, b in itertools.permutations(pool, 2):
        if a.unit != b.unit or a.value <= b.value:  # type: ignore[operator]
            continue
        result = a.value - b.value  # type: ignore[operator]
        slack = 0.002 * max(abs(a.value), abs(b.value))  # type: ignore[arg-type]
        if abs(value - result) <= figure.tolerance + slack or (
            figure.bound and bounded(figure, result)
        ):
            return f"difference of {a.id} and {b.id}", [a.id, b.id]
    return None


def _product(checker: Any, figure: Figure, named: set[str]) -> tuple[str, list[str]] | None:
    """A sum of money that is a percentage the sentence states of a sum it names ("3.1% of a
    $200.43B market cap, so roughly $6.2B", "a payout of 182.8% ... dividends of about $3.1B")."""
    money = _sentence_facts(checker, figure, named, money=True)
    rates = [
        f
        for f in checker.said(figure)
        if f.unit == "%" and f.value is not None and (not named or f.entity in named)
    ]
    value = abs(figure.value)
    for rate in rates:
        for base in money:
            if base.entity != rate.entity or base.value is None:
                continue
            result = abs(rate.value / 100 * base.value)  # type: ignore[operator]
            if abs(value - result) <= figure.tolerance + 0.012 * result:
                return f"product of {rate.id} and {base.id}", [rate.id, base.id]
    return None


def _sum(figure: Figure, pool: list[Fact]) -> tuple[str, list[str]] | None:
    """A sum of money that is the total of one metric over two or more of the companies."""
    value = abs(figure.value)
    for metric in {f.metric for f in pool}:
        same = [f for f in pool if f.metric == metric and f.value is not None][:6]
        for n in range(2, len(same) + 1):
            for group in itertools.combinations(same, n):
                total = sum(f.value for f in group)  # type: ignore[misc]
                if abs(value - abs(total)) <= figure.tolerance + 0.002 * abs(total):
                    return "sum of " + " and ".join(f.id for f in group), [f.id for f in group]
    return None


def _share(checker: Any, figure: Figure, named: set[str]) -> tuple[str, list[str]] | None:
    """A percentage that is one sum of money as a share of another ("60% of its debt")."""
    pool = _sentence_facts(checker, figure, named, money=False)
    if THAT.match(figure.after) and figure.prior:  # "absorbed about 76% of that": the sum the
        earlier = _sentence_facts(checker, figure, named, False, figure.prior[0])  # sentence
        pool += [f for f in earlier if f not in pool]  # before stated
    value = abs(figure.value)
    for a, b in itertools.permutations(pool, 2):
        if a.unit != b.unit or not b.value or not a.value or (a.value > 0) != (b.value > 0):
            continue
        result = a.value / b.value * 100
        if abs(value - result) <= figure.tolerance + 0.012 * result or (
            figure.bound and bounded(figure, result)
        ):
            return f"share of {a.id} in {b.id}", [a.id, b.id]
    return None


def _base(fact: Fact) -> str:
    """The metric without its reference or year: peer_median_pe, pe_fy2022 -> pe."""
    return re.sub(r"^peer_median_|_hist_avg$|_fy\d{4}$", "", fact.metric)


def bounded(figure: Figure, target: float) -> bool:
    """The target lies within the figure's bound ("more than 55%", "well under 20%")."""
    value, tolerance = abs(figure.value), figure.tolerance
    if figure.bound == "above":
        return value - tolerance <= target <= value * (3 if figure.well else 1.3) + tolerance
    return value * (0 if figure.well else 0.6) - tolerance <= target <= value + tolerance
