"""The decision for one figure: which company, metric and window it is about, then the match."""

from __future__ import annotations

import re

from ..facts import Fact
from . import citations
from .cited import check_cited
from .derived import derive
from .entities import MEDIAN, Entities
from .extract import Figure
from .metrics import (
    GROWTH_VERB,
    LEVEL,
    direction,
    keywords,
    matches,
    options,
    score,
    text_windows,
)
from .periods import PER_YEAR, YEAR_END, _own_part, in_period
from .ranges import range_end
from .reference import LABEL_COLON, near_reference, sentence_reference
from .result import COMPARED, Result, _base, _show
from .subject import (
    _FIGURE,
    HISTORY,
    PAIR_FIRST,
    Subjects,
    _reference,
    _segment,
    _since_last_figure,
)

#: the figure is the near side of a new pair ("63.0x versus 21.6x")
PAIR_NEXT = re.compile(
    r"^\s*(?:[A-Za-z/&.-]+\s+){0,3}?(?:vs\.?|versus|against|compared (?:with|to))\s+(?:an?\s+)?"
    r"[-−+]?\$?\d",
    re.I,
)
FAR_PAIR = re.compile(
    r"\s*(?:vs\.?|versus|against|compared (?:with|to))\s+(?:an?\s+)?"
    r"(?:(?:flat|mere|modest|meagre|meager|paltry|slim|thin|healthy|solid|hefty|negative)\s+)?",
    re.I,
)
PAIR_END = re.compile(r"\s*(?:[).,;:]|$|—|–|and\b|but\b|while\b)", re.I)
LISTED = re.compile(
    r"^[\s,]*(?:and\s*)?$|^\s*(?:[\w/.-]+\s*){1,3}(?:,|\band)\s*(?:an?\s+)?$"
    # "the peer median P/S of 9.1x and EV/EBITDA of 51.4x": the median's too
    r"|^[\s,]*and\s+(?!(?:its|their|it)\b)[\w/.-]+(?:\s[\w/.-]+){0,2}\s+(?:of|at)\s+$"
)
WEAK = {
    "clause",
    "sentence",
    "earlier sentence",
    "heading",
    "none",
    "pronoun in the sentence",
    "opening",
    "lead-in",
    "sentence opening",
    "earlier line",
    "clause before",
    "not attached",
}
#: the words after a sum of money that name it: "$59.48B of free cash flow", "$6.61B in cash and
#: short-term investments" (not a time: "$245.1B in FY2023", "$2.1B in the quarter")
SUM_NAMED = re.compile(
    r"\s*of\s|\s*in\s+(?!(?:fy|q\d|\d|fiscal|calendar|the|its|their|each|an?|this|last|that|"
    r"early|late|mid|total)\b)",
    re.I,
)
PER_DOLLAR = re.compile(r"^\s*cents?\s+\w+\s+(?:every|each|a)\s+(?:[\w-]+\s+){0,2}?dollar", re.I)
_FIGURES = re.compile(
    r"[-−+]?\$?\d[\d,]*(?:\.\d+)?\s?(?:%|x\b|×|[BMT]\b|billion|million|times\b|bps\b)"
    r"|\$\d|\d+\.\d+"
)
_BRACKETS = re.compile(r"\[[^\]]*\]")
#: a fall measured from a dated peak is the drawdown ("it fell 37.1% from its November 2021
#: peak", "lost 76.5% from its 2021 peak to its November 2022 trough")
FROM_PEAK = re.compile(r"\s*from\s+(?:its|the|a)\s+(?:[\w-]+\s+){0,3}peak\b", re.I)
#: a verb right after a figure: what follows says something about it, it does not name it
VERB_AFTER = re.compile(
    r"\s*(?:\w+ly\s+)?(?:is|are|was|were|has|have|had|measures?|means?|reflects?|shows?|"
    r"suggests?|looks?|seems?|puts?|makes?|leaves?|gives?|comes?|came|"
    r"includes?|included|excludes?|excluded|contains?|"  # "$35.15B includes discontinued ops"
    # "cash of $624.15B exceeds total debt of ...": a comparison with another metric's figure
    r"exceed(?:s|ed)?|outstrip(?:s|ped)?|dwarf(?:s|ed)?|tops?|topped|beats?|trail(?:s|ed)?|"
    r"lags?|lagged|match(?:es|ed)?|equals?|compares?|compared)\b",
    re.I,
)
#: "earned only $0.14 per diluted share": a sum earned per share is the EPS, not the earnings
PER_SHARE = re.compile(r"\s*(?:per|a|each)\s+(?:diluted\s+)?share\b", re.I)
EARNED = re.compile(r"\b(?:earn(?:s|ed|ing)?|made|makes|net income|profits?)\b", re.I)
#: "11.9% a year": the words that make a figure a rate, its own and no other figure's
RATE_OF_FIGURE = re.compile(r"(?<=[\d%])\)?" + PER_YEAR.pattern, re.I)
#: "Acme's 9.1% at 1.0x", "14.0% (4.5% a year)": the same company's figure
AT_FIGURE = re.compile(
    r"\s*(?:at|on)\s+|\s*\(\s*"
    r"|\s*(?:[a-z/-]+\s+){0,2}for\s+(?:an?\s+|its\s+)?",  # "JPM at 1.8x book for a 17.5% ROE"
    re.I,
)
#: the same company's other metric ("$188.22 against a high of $190.50")
OTHER_METRIC = re.compile(
    r"\s*(?:against|vs\.?|versus|with|and)\s+(?:a|an|its|the)\s+[a-z][\w/ -]{0,30}?\s+of\s+", re.I
)
AND = re.compile(r"\band\s*$", re.I)
#: the figure before's metric, then "and": the next figure is the same company's
METRIC_AND = re.compile(r"\s+(?:[a-z][\w/-]*\s+){1,3}and\s+", re.I)
#: "behind JPMorgan's 40.5%": the yardstick's figure, of the metric just compared
YARDSTICK_OWNER = re.compile(
    r"\b(?:behind|ahead of|above|below|trailing|than|vs\.?|versus|against|next to|"
    r"(?:level|in line|on a par|on par|even) with|close to|similar to|matching|"  # ("level with")
    r"(?:second|next) only to)\s+(?:the\s+)?[A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*){0,2}(?:'s|’s)?\s*$"
)
COMPARED_AFTER = re.compile(r"^\W*(?:vs|versus|against|compared|while)\b", re.I)


def _compared(figure: Figure, named_after: bool = False, far: bool = False) -> bool:
    """The figure is one side of a comparison ("35.1% vs 26.0%", "35.9x and 50.9x for Nvidia";
    not "27.9x earnings and 21.7x EV/EBITDA", where the figure names its own metric). ``far``:
    only the far side ("vs 26.0%"), not the side the sentence is about ("35.1% vs")."""
    before = figure.before[-30:]
    return bool(
        (COMPARED.search(before) and not figure.bound)  # "more than 50x" is a bound
        or (not far and COMPARED_AFTER.match(figure.after))
        or (not named_after and AND.search(before) and not range_end(figure))
    )


#: "cash relative to its debt ($260.93B against $324.08B)": two sums set against each other,
#: then their pair, in the same order
METRICS_PAIRED = re.compile(
    r"\b((?:[a-z][\w/&-]*\s+){0,2}[a-z][\w/&-]*)\s+"
    r"(?:relative to|against|versus|vs\.?|compared (?:with|to))\s+"
    r"(?:its\s+|their\s+|the\s+)?((?:[a-z][\w/&-]*\s+){0,2}[a-z][\w/&-]*)\s*\(\s*$",
    re.I,
)


def _paired_sum(figure: Figure) -> str:
    """The words naming the sum of money a side of such a pair is, or ""."""
    if figure.kind != "money":
        return ""
    if PAIR_FIRST.match(figure.after):
        found = METRICS_PAIRED.search(figure.before)
        return found[1] if found else ""
    if FAR_PAIR.fullmatch(_since_last_figure(figure.before)) and PAIR_END.match(figure.after):
        found = METRICS_PAIRED.search(_FIGURE.split(figure.before)[-2].rstrip("$ "))
        return found[2] if found else ""
    return ""


#: a sum as a share of the company's revenue: its margin
SHARE_OF_SALES = re.compile(
    r"\b(?:as a (?:share|percentage|proportion|percent) of|relative to|"
    r"convert(?:s|ed|ing)?\b[^.;()]{0,25}\bof) (?:its |their )?(?:revenue|sales)\b"
)
#: a total return over a window (not its rate a year)
_RETURN = re.compile(r"return_\d+[ym]$")
_GROWTH_METRIC = re.compile(r"growth|cagr|return|vs_sma|vs_hist|change")


class Checker:
    """Checks the figures of one answer, in order, against ``facts``."""

    def __init__(
        self,
        facts: list[Fact],
        entities: Entities,
        agreed: dict[int, set[str]] | None = None,
        own: set[int] | None = None,
    ):
        self.facts = facts
        self.by_id = {f.id: f for f in facts}
        self.entities = entities
        self.keywords = {f.id: keywords(f) for f in facts}
        self.present = {f.entity for f in facts}
        self.subjects = Subjects(entities, self.present)
        self._last = ("", "")  # the previous figure's sentence and reference
        self._metric = ("", "")  # the sentence and metric of the last verified figure
        self._said: tuple[str, list[Fact]] = ("", [])  # the facts the sentence stated so far
        self._said_at: list[int] = []  # and where in the sentence it stated each
        self._near: tuple[str, set[str]] = ("", set())  # the previous figure's subject
        self._far_median = ""  # the sentence whose pair set a figure against the median
        self.agreed = agreed or {}  # figures (by start) given the company their line agrees on
        self.own = own or set()  # figures (by start) read as their company's own, not a median's
        self.subject = self.subjects.subject
        self.named = self.subjects.named
        self.carried = self.subjects.carried

    # --- which metric -------------------------------------------------------------------------

    def candidates(self, figure: Figure, pool: list[Fact]) -> list[Fact]:
        """The facts of ``pool`` whose metric the narrowest text naming a metric names best."""
        return self._candidates(figure, pool)[0]

    def _candidates(self, figure: Figure, pool: list[Fact]) -> tuple[list[Fact], int]:
        """(candidates, index of the text that decided: 0-2 are the figure's own clause)."""
        tiers = self._tiers(figure)
        growth = figure.kind == "percent" and bool(
            (GROWTH_VERB.search(_segment(figure)) and not LEVEL.search(figure.before))
            or figure.text.startswith(("+", "-", "−"))
        )
        for index, text in enumerate(tiers):
            lowered = text.lower()
            if index <= 2 and SHARE_OF_SALES.search(lowered):
                # "more free cash flow, ... although as a share of revenue they're the same at
                # 10.0%": the margin of the sum the sentence names
                margins = [f for f in pool if f.metric.endswith("margin")]
                whole = f"{figure.sentence} {' '.join(figure.prior[:1])}".lower()
                found = self.best_named(margins, whole, exclusive=False)
                if found:
                    return found, index
            found = self.best_named(pool, lowered)
            if found:
                # "revenue fell 16.0%" is the growth, not the level (a drawdown its clause or
                # the one before names is signed: "its worst fall was deeper, -14.9%")
                if growth and not (index <= 3 and any(f.metric == "max_drawdown" for f in found)):
                    changes = found if index < 2 else pool
                    found = [f for f in changes if _GROWTH_METRIC.search(f.metric)] or found
                return found, index
        return pool, len(tiers)

    def sharpened(self, figure: Figure, pool: list[Fact], tier: int) -> list[Fact]:
        """The facts the deciding text names at all ("an 8.0% margin": every margin), narrowed
        by the sentence ("... of free cash flow (an 8.0% margin)": the FCF margin)."""
        text = self._tiers(figure)[tier].lower()
        named = [f for f in pool if score(self.keywords[f.id], text, exclusive=True) > 0]
        whole = f"{figure.heading} {' '.join(figure.prior[:1])} {figure.sentence}".lower()
        scores = {f.id: score(self.keywords[f.id], whole) for f in named}
        best = max(scores.values(), default=0.0)  # (naming none: every fact the text names)
        return [f for f in named if scores[f.id] >= best - 1e-9]

    def best_named(self, pool: list[Fact], text: str, exclusive: bool = True) -> list[Fact]:
        """The facts of ``pool`` whose metric ``text`` (lower case) names best; [] if it names
        none of them."""
        scores = {f.id: score(self.keywords[f.id], text, exclusive=exclusive) for f in pool}
        best = max(scores.values(), default=0.0)
        return [f for f in pool if scores[f.id] >= best - 1e-9] if best > 0 else []

    def _tiers(self, figure: Figure) -> list[str]:
        """The texts that may name the figure's metric, narrowest first."""
        if figure.table:
            row, _, column = figure.context.rpartition(" | ")
            tiers = [row.rpartition(" | ")[2], column, figure.heading]
        else:
            after = PER_DOLLAR.sub("", figure.after)  # "3.6 cents of every sales dollar"
            after = "" if VERB_AFTER.match(after) else after  # "156.1% mostly measure leverage"
            if FROM_PEAK.match(after):  # "it fell 37.1% from its November 2021 peak"
                after = "peak"
            after = re.split(
                r"[,;:.()\[—–|·•]|\s(?:and|vs|versus|but|while)\s|\d(?![\dw]*-?(?:week|day|w)\b)",
                after,
            )[0]
            if re.match(
                r"\s*(?:in|at|for|on|over|from|to|as|vs|versus|above|below|since|"
                r"during|with|against|than|when|while|after|before|thanks|due|because|owing|"
                r"given|despite|"  # ("The PEG is 0.13 given the EPS growth")
                r"last|this|past|prior|previous|"  # ("ROE was only 8.0% last year"): a time
                r"by|"  # ("trails ... Conoco's 116.0% by a wide margin")
                r"including|excluding|incl|excl|"
                # (but "56.5% of net income" is a share of earnings: the payout; "28.3% of its
                # 52-week range" the position in it; "$59.48B of free cash flow" names the sum)
                r"of(?!\s+(?:its\s+|their\s+|that\s+|the\s+)?(?:net\s+)?(?:income|earnings|"
                r"profits?|52-week|52w|range)\b))\b",
                after,
                re.I,
            ) and not (figure.kind == "money" and SUM_NAMED.match(after)):
                after = ""  # "0.020 in price ...": not the figure's name
            segment = _segment(figure)
            if PER_YEAR.match(after) and re.search(r"\bvolatil", segment, re.I):
                after = ""  # "Volatility runs at 28.0% a year": annualised, no compound rate
            if PER_SHARE.match(figure.after) and EARNED.search(segment):
                after = "eps"  # "earned only $0.14 per diluted share"
            clause = figure.local[0] if figure.local else ""
            previous = figure.local[1] if len(figure.local) > 1 else ""
            # (a rate another figure has: "75.1%, about 11.9% a year" names no rate for 75.1%)
            tiers = [
                " ".join(after.split()[:4]),
                segment,
                RATE_OF_FIGURE.sub(" ", _own_clause(clause, figure)),
                RATE_OF_FIGURE.sub(" ", previous),
                RATE_OF_FIGURE.sub(" ", figure.sentence),
                figure.heading,
            ]
        return tiers

    def pool(self, figure: Figure, who: set[str], reference: str) -> list[Fact]:
        pool = [f for f in self.facts if options(figure, f)]
        if who:
            pool = [f for f in pool if f.entity in who or (f.entity == "median" and reference)]
        word = {"median": "median", "history": "average"}.get(reference, "")
        pool = [
            f
            for f in pool
            if _reference(f) == reference
            or (word and word in f.label.lower() and not _reference(f))
        ]
        return in_period(figure, pool)

    def has_reference(self, figure: Figure, reference: str, label: str = "") -> bool:
        """The metric the figure's own words name (if they name one) has a median or average
        of that kind: a sentence about the history does not make a drawdown an average.
        ``label``: the words are a label before a colon ("History of brutal drawdowns: -76.5%")."""
        # (a label's words other than its "history" or "average": what that is of)
        own = (HISTORY.sub(" ", label) if label else " ".join(self._tiers(figure)[:2])).lower()
        named = [f for f in self.facts if score(self.keywords[f.id], own, exclusive=True) > 0]
        if not named:
            return True
        bases = {_base(f) for f in named}
        return any(_reference(f) == reference and _base(f) in bases for f in self.facts)

    # --- the decision -------------------------------------------------------------------------

    def check(self, figure: Figure) -> Result:
        who, how = self.subject(figure)
        if figure.start in self.agreed:
            who, how = self.agreed[figure.start], "the line's other figures"
        reference = near_reference(self.named, figure)
        label = LABEL_COLON.search(_since_last_figure(figure.before))
        label = label[1] if label else ""
        if reference == "history" and label and not self.has_reference(figure, reference, label):
            reference = ""  # "History of brutal drawdowns: -76.5%": no average of drawdowns
        if reference == "history" and YEAR_END.match(figure.after):
            reference = ""  # "Valuation history: 11.4x at the end of FY2023": that year's
        last_sentence, last_reference = self._last
        if (
            not reference
            and last_sentence == figure.sentence
            and LISTED.match(_since_last_figure(figure.before))
            # (not past the median's own word to a new phrase: "the 9.2% median, a 32.0% net
            # margin"; but "a 57.8x peer median P/E, 14.5x P/S" goes on listing medians)
            and not (
                MEDIAN.search(_since_last_figure(figure.before))
                and re.search(r"\ban?\s*$", figure.before)
            )
            and how != "next to it"  # "a median of 65.8x and 20.0x for UnitedHealth"
            and not PAIR_NEXT.match(figure.after)  # "..., and EV/EBITDA of 63.0x versus 21.6x"
        ):
            reference = last_reference  # "sector medians of 12.8x, 6.2x and 2.4x"
        self._last = (figure.sentence, reference)
        if not reference and not figure.citation and not figure.table:
            reference = sentence_reference(self.named, figure, who, how)
            words = label if reference == "history" else ""
            if reference and not self.has_reference(figure, reference, words):
                reference = ""  # "(the 5-year max drawdown was -76.7%)": no average of that
        near_sentence, near = self._near
        if (
            not reference
            and self._far_median == figure.sentence
            and FAR_PAIR.fullmatch(_since_last_figure(figure.before))
            and PAIR_END.match(figure.after)
            and not self.named(re.split(r"[,;—–]", figure.after[:30])[0])
            and self._candidates(figure, self.pool(figure, who, "median"))[1] <= 2
        ):
            # "revenue growth (21.3% vs a 4.3% median), net margin (32.0% vs 20.8%)": the far
            # side of a pair like one set against the median is the median too
            reference = "median"
        if reference == "median" and FAR_PAIR.fullmatch(_since_last_figure(figure.before)):
            self._far_median = figure.sentence
        paired = _paired_sum(figure)
        if (
            not reference
            and not paired
            and near
            and near_sentence == figure.sentence
            and how not in ("next to it", "yardstick", "respectively", "table")
            and FAR_PAIR.fullmatch(_since_last_figure(figure.before))
            and PAIR_END.match(figure.after)
            and not self.named(re.split(r"[,;—–]", figure.after[:30])[0])  # ("— Visa is ...")
        ):
            # "61.4% against 43.7%", "(revenue up 8.7% vs 6.9%)": the far side of a bare pair
            # is another company's than the near side's
            rest = set(self.present) - near - {"median"}
            order = self.subjects.pair_order(figure)  # ("- P/E: Visa 29.6x vs Costco 47.3x")
            if order and near == {order[0]}:
                rest = {order[1]}
            if rest:  # (one company's sheet: the far side may be its peers' median, below)
                who, how = rest, "far side"
        elif near and near_sentence == figure.sentence and how in WEAK:
            between = _since_last_figure(figure.before)
            # (not the near side of a new pair: "margin of 34.7% vs 27.4% and a net margin of
            # 29.0% vs 24.0%" is the sentence's company again, not the far side's before it)
            anew = PAIR_NEXT.match(figure.after)
            if AT_FIGURE.fullmatch(between):
                who, how = near, "with the figure before"  # "Acme's 9.1% at 1.0x"
            elif OTHER_METRIC.fullmatch(between) and not anew:
                who, how = near, "with the figure before"  # "Acme at $188 against a high of"
            elif METRIC_AND.fullmatch(between) and not self.named(between) and not anew:
                who, how = near, "with the figure before"  # "SLB's 16.6% margin and 20.8% ROE"
        self._near = (figure.sentence, who)
        if figure.citation:
            cited = citations.parse(figure.citation)
            if cited is not None:
                return check_cited(self, figure, cited, who, reference, how)
        if figure.start in self.own:
            reference = ""
        pool = self.pool(figure, who, reference)
        candidates, tier = self._candidates(figure, pool)
        own_sum = self.best_named(pool, paired.lower()) if paired else []
        if own_sum:  # its own words name its sum, whatever the words nearest to it say
            candidates, tier = own_sum, 0
        decisive = tier <= (0 if figure.table else 1)
        found = [f for f in candidates if matches(figure, f)]
        if not found and decisive and tier < len(self._tiers(figure)):
            found = [f for f in self.sharpened(figure, pool, tier) if matches(figure, f)]
        if (
            not found
            and how in WEAK
            and not paired
            and _compared(figure, named_after=tier == 0, far=True)
        ):
            # "35.1% vs 26.0%": the other side of a comparison is about the other company
            # (of another company than the one the text is about, when it names one)
            others = self.pool(figure, set(self.present) - who or set(self.present), reference)
            found = [f for f in self.candidates(figure, others) if matches(figure, f)]
            talk = f"{figure.lead} {figure.heading} {' '.join(figure.prior[:1])} {figure.sentence}"
            if not found and not reference and MEDIAN.search(talk):  # "Apple vs peers: 6.9x
                medians = self.pool(figure, set(self.present), "median")  # vs 14.5x"
                found = [f for f in self.candidates(figure, medians) if matches(figure, f)]
            pool = self.pool(figure, set(self.present), reference)
            candidates = self.candidates(figure, pool)
        if (
            not found
            and not decisive
            and (_compared(figure) or YARDSTICK_OWNER.search(figure.before[-45:]))
            and self._metric[0] == figure.sentence
            and not (tier == 2 and all(_base(f) != self._metric[1] for f in candidates))
        ):
            # "up 12.3% versus a 61.4% median": the other side is of the same metric (unless
            # its own clause names another: "7% below its 50-day and 6.3% below its 200-day")
            found = [f for f in pool if _base(f) == self._metric[1] and matches(figure, f)]
        if not found and not decisive:
            # the metric words are elsewhere in the sentence ("Chevron at 13.2x and 6.5x"; not
            # a metric the figure's own clause, its alone, named and passed over: "12.5% above
            # its 200-day average" is no 50-day figure for the sentence's other "average")
            text = f"{figure.heading} {' '.join(figure.prior[:1])} {figure.sentence}".lower()
            own = self._tiers(figure)[2].lower() if tier == 2 and _alone(figure) else ""
            said = self.said(figure)  # (not a fact an earlier figure of the sentence stated)
            found = [
                f
                for f in pool
                if score(self.keywords[f.id], text) > 0
                and not (own and score(self.keywords[f.id], own) > 0)
                and matches(figure, f)
                and f not in said
            ]
        precise = figure.decimals >= 2 or figure.kind == "money"
        if (
            not found
            and not figure.bound
            and (
                tier >= 6
                or (tier >= 3 and precise)
                or (tier >= 2 and figure.kind == "money" and figure.decimals >= 2)
            )
        ):
            # a precise value of the company, window and reference the text names
            found = [f for f in pool if matches(figure, f)]
        if found:
            self._metric = (figure.sentence, _base(found[0]))
            self.said(figure, found[0])
            if found[0].entity != "median":  # whose figure it turned out to be
                self._near = (figure.sentence, {found[0].entity})
            return Result("verified", [f.id for f in found[:3]])
        if tier >= 3 and self._metric[0] == figure.sentence and _RETURN.match(self._metric[1]):
            # "-11.3% over six months, just 14.0% over three years and 11.0% over five": a list
            # of returns goes on, each in the window its own words name
            if text_windows(_own_part(figure), figure.before):
                found = [f for f in pool if _RETURN.match(f.metric) and matches(figure, f)]
                if found:
                    self._metric = (figure.sentence, _base(found[0]))
                    return Result("verified", [f.id for f in found[:3]])
        found = self.parallel(figure, pool) if reference else self.mirrored(figure, who, how)
        if found:
            self.said(figure, found[0])
            return Result("verified", [f.id for f in found[:3]])
        derived = derive(self, figure, who, reference)
        if derived:
            return Result("derived", derived[1], derived[0])
        return self.unverified(figure, candidates or pool, who)

    def said(self, figure: Figure, fact: Fact | None = None) -> list[Fact]:
        """The facts verified so far in the figure's sentence (``fact``: one more)."""
        if self._said[0] != figure.sentence:
            self._said, self._said_at = (figure.sentence, []), []
        if fact is not None:
            self._said[1].append(fact)
            self._said_at.append(len(figure.before))
        return self._said[1]

    def twins(self, figure: Figure) -> list[Fact]:
        """For a bare list's figure, the facts of as many figures stated just before the list,
        in order (none if the sentence stated fewer)."""
        said = self.said(figure)
        before = [f for f, at in zip(said, self._said_at) if at < figure.listed_at]
        if figure.size < 2 or len(before) < figure.size:
            return []
        return before[len(before) - figure.size :]

    def mirrored(self, figure: Figure, who: set[str], how: str) -> list[Fact]:
        """A bare list's figure, in its place of as many figures stated before it: of the same
        company and another metric, or of the same metric and another company ("One-year
        returns were 262.1% (Nvidia), 142.9% (AMD) and 71.7% (Intel); three-year returns
        656.7%, 180.4% and -20.0%"); of the company the words give it, if they do firmly."""
        twins = self.twins(figure)
        if not twins:
            return []
        twin = twins[figure.rank]
        return [
            f
            for f in self.facts
            if f is not twin
            and (f.entity == twin.entity) != (_base(f) == _base(twin))
            and (how in WEAK or f.entity in who)
            and matches(figure, f)
        ]

    def parallel(self, figure: Figure, pool: list[Fact]) -> list[Fact]:
        """A bare list's figure, of the metric in its place among the metrics of as many figures
        just before the list ("at 1.8x book and 2.3x tangible book it trades above peers' 1.1x
        and 1.4x": the peers' P/B, then their P/TBV)."""
        twins = self.twins(figure)
        if len({_base(f) for f in twins}) != figure.size:
            return []
        base = _base(twins[figure.rank])
        return [f for f in pool if _base(f) == base and matches(figure, f)]

    def unverified(self, figure: Figure, pool: list[Fact], who: set[str]) -> Result:
        """Unverified, with the nearest fact and why it does not match."""
        same = [f for f in self.facts if options(figure, f)]
        best, distance = None, float("inf")
        for fact in same:
            for option in options(figure, fact):
                gap = abs(abs(figure.value) - abs(option)) / max(abs(option), 1e-9)
                if gap < distance:
                    best, distance = fact, gap
        if best is None:
            return Result("unverified", [], "no fact has this unit")
        if (
            matches(figure, best)
            or abs(abs(figure.value) - abs(best.value or 0)) <= figure.tolerance
        ):
            why = f"{best.id} has this value, but the text is about "
            if who and best.entity not in who:
                why += ", ".join(sorted(who))
            else:  # (its company, so another metric, window or the median / the history)
                why += "another metric, window or reference"
            if best in pool and direction(figure):
                why = f"{best.id} has this value with the other sign"
        elif best in pool:
            why = f"{best.id} is {best.display}"
        else:
            why = f"no fact of {', '.join(sorted(who)) or 'the sentence'} has this value"
        return Result("unverified", [], why, _show([best]))


#: the words that open the label of a later figure ("+90.5% over three years with a max drawdown
#: of only -21.9%", "down 5.6% over the year with the worst drawdown (-25.3%)")
NEXT_LABEL = re.compile(
    r"\s(?:with|while|whereas)\s(?:an?\s|the\s|its\s)?[^,;.]{0,40}?(?=[-−+(]?\$?\d)"
)


def _own_clause(clause: str, figure: Figure) -> str:
    """The figure's clause up to where its own words end: where the aside it stands in closes
    ("the more volatile stock (28.0% vs 22.7%) with the deeper drawdown" names no drawdown for
    22.7%), and before the label of the next figure."""
    at = clause.find(figure.text)
    if at < 0:
        return clause
    close = clause.find(")", at)
    if figure.before.rfind("(") > figure.before.rfind(")") and close >= 0:
        clause = clause[:close]
    label = NEXT_LABEL.search(clause, at + len(figure.text))
    return clause[: label.start()] if label else clause


def _alone(figure: Figure) -> bool:
    """The figure is the only one of its clause."""
    clause = figure.local[0] if figure.local else ""
    return bool(clause) and len(_FIGURES.findall(_BRACKETS.sub(" ", clause))) == 1
