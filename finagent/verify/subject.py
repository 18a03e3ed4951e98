"""Who a figure is about: the company (or the median, or the company's own history) that its
words, clause, sentence, heading, table row or column, or an earlier sentence name."""

from __future__ import annotations

import re

from ..facts import Fact
from .entities import MEDIAN, Entities
from .extract import Figure
from .lists import BOLD_OPENING, PRONOUN, PRONOUN_IN, Lists, list_clause
from .mentions import (
    _FIGURE,
    ASIDE,
    CITED,
    _since_last_figure,
)
from .ranges import range_end

#: the company's own history, not its peers ("its 2-year average of 82.0x")
HISTORY = re.compile(
    r"\b(?:its own (?=[\w-]*\s?(?:aver|avg|hist|past|norm|record|range|level|multiple|valuation))"
    r"|historical|history|(?<!-day )(?<!-day moving )(?:average|avg|averag(?:ing|ed))"
    # (not "ROE on average equity", "average daily volume")
    r"(?!\s+(?:common\s+|tangible\s+)?(?:equity|assets|capital|shares|balance|daily|volume))"
    r"|hist)\b",
    re.IGNORECASE,
)
#: a clause giving the level a change reached ("to about $335 billion")
LEVEL_REACHED = re.compile(r"^\s*to\s+(?:about\s+|roughly\s+|around\s+|just\s+)?[-−+]?\$?\d")


FORMER = re.compile(r"\bthe (former|latter)\b(?!.*\bthe (?:former|latter)\b)", re.I)
#: "the others (all at 90% or more)": every company the sentence does not name
OTHERS = re.compile(
    r"\b(?:the|all(?: the)?) (?:others|rest|other (?:banks|companies|stocks|names|\w+s|two|"
    r"three|four))\b"
    r"(?![^(]*\bthan\b)",
    re.I,
)
#: "Meta 34.0x vs AMD 391.3x": a pair that names each side's company right before its figure
_NAME = r"([A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*)*(?:'s|’s)?)"
PAIR_NAMED = re.compile(
    _NAME + r"\s+\**[-−+]?\$?\d[\d.,]*\S*\s+(?:vs\.?|versus)\s+" + _NAME + r"\s+\**[-−+]?\$?\d"
    # "Apple's FCF of $99.58B beats Microsoft's $59.48B": a metric between name and figure
    r"|(?<![\w'])([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*)*(?:'s|’s))\s+(?:[\w/&-]+\s+){1,3}?(?:of\s+)?"
    r"[-−+]?\$?\d[\d.,]*\S*\s+(?:beats?|tops?|exceeds?|trails?|lags?|vs\.?|versus|against)\s+"
    r"([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*)*(?:'s|’s))\s+[-−+]?\$?\d"
)
#: "All three trade below the median — 11.6x, 11.6x and 11.8x": the group's figures, in no
#: order the sentence states
ALL_OF = re.compile(r"\b(?:all|the)\s+(?:three|four|five|six)\b|\ball of them\b", re.I)
FOR_COMPARISON = re.compile(r"\b(?:for|by|in) comparison\b", re.I)
#: "(4.1% vs 2.0%)": the figure is the first side of a comparison of two figures
PAIR_FIRST = re.compile(r"^\s*(?:vs\.?|versus|against)\s+[-−+]?\$?\d")
FOR_ALL = re.compile(
    r"\)?\s*(?:for|at|of|in|across)\s+(?:both|each|all(?:\s+(?:three|four|five))?)\b", re.I
)
#: a round figure a colon then spells out company by company ("the two investment banks sit
#: around 17x: Morgan Stanley at 16.8x and Goldman at 16.9x"): theirs
ROUND_THEN_COLON = re.compile(r"\b(?:around|about|roughly|approximately|nearly|some|~)\s*$", re.I)
#: a list item's marker, and its bold or "Name:" label
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")
LABEL = re.compile(r"^[-*\d.)\s]*(?:\*\*[^*]+\*\*|[A-Z][\w /&-]{0,30}:)\s*")
#: a sentence opening with the figure's phrase, its company right after the comma
FRONTED = re.compile(
    r"^\s*(?:at|with|on)\s+(?:just\s+|only\s+|about\s+|roughly\s+|around\s+|nearly\s+)?$", re.I
)
FRONTED_AFTER = re.compile(r"^\s*(?:(?:of|in)\s+[a-z][a-z /-]{0,25}?)?,\s*(?:the\s+)?")
#: a company written right before its first figure ("MSFT +1.9%", "GOOGL -4.7%")
HEADS = re.compile(r"^[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*)*:?\s+[-−+]?\$?\d")
#: "Wells's ROTCE is 9.2 points higher.": a gap with no "than", measured against the subject
#: before it (an aside: the next sentence is still about that subject)
BARE_GAP = re.compile(
    r"\d\s*(?:%|x|points?|pts|pp|percentage points)?\s+(?:higher|lower|more|less|better|worse|"
    r"above|below|ahead|behind|bigger|smaller|larger|cheaper|richer)[.;]?\s*$",
    re.I,
)
#: the words between two figures that set them against each other ("37.8% vs 37.9%")
COMPARING = re.compile(r"\b(?:vs\.?|versus|against|compared|than|while|whereas)\b", re.I)
RATIO_BEFORE = re.compile(r"\b(?:times|x)\s*$", re.I)
ITS = re.compile(r"\bits\b", re.I)
#: an aside opened right before the figure, with at most a label ("Pfizer (P/E 73.6x)")
LABELLED = re.compile(r"\(\s*(?:[A-Za-z/&.-]+\s){1,2}$")
#: an aside with no figure of its own ("(Adobe's dividend data isn't available)")
REMARK = re.compile(r"\([^()\d]*\)")


def _remarks_out(sentence: str, at: int) -> str:
    """``sentence`` without the figureless asides after position ``at``: a company named only
    there ("1.7% ..., against 0.0% for NVIDIA (Adobe's data isn't available)") is remarked on,
    not the figure's."""
    return sentence[:at] + REMARK.sub(" ", sentence[at:]) if at >= 0 else sentence


def _in_remark(text: str, at: int, figure: int) -> bool:
    """Position ``at`` of ``text`` is inside a figureless aside before its first figure."""
    opened = text.rfind("(", 0, at)
    closed = text.find(")", at)
    return (
        opened >= 0
        and text.rfind(")", 0, at) < opened
        and closed >= 0
        and (figure < 0 or closed < figure)
        and not _FIGURE.search(text[opened:closed])
    )


def _without(text: str, tickers: set[str], entities: Entities) -> str:
    """``text`` with the names of ``tickers`` blanked out."""
    for at, ticker in entities.find(text)[::-1]:
        if ticker in tickers:
            text = text[:at] + " " + text[at + 1 :]
    return text


def _segment(figure: Figure) -> str:
    """The words before the figure, since the previous figure and within its clause."""
    before = _since_last_figure(figure.before)
    clause = figure.local[0] if figure.local else ""
    at = clause.find(figure.text)
    if at >= 0 and at < len(before):
        before = before[len(before) - at :]
    closed = before.rfind(")")  # "(1.8% operating margin) even though it carries the least
    if closed >= 0 and "(" not in before[:closed]:  # debt (0.05)": not the aside's words
        before = before[closed + 1 :]
    opened = before.rfind("(")  # "near their 52-week highs (JPM at $188.22": JPM's, not a high
    if opened >= 0 and before[opened + 1 :].strip() and ")" not in before[opened:]:
        before = before[opened + 1 :]
    if figure.before.rfind("(") > figure.before.rfind(")"):  # inside an aside, a comma ends a
        before = re.split(r"[,;]\s", before)[-1]  # part: "(0.38 debt/equity, coverage 14.1x)"
    return before


def _reference(fact: Fact) -> str:
    """ "median" for a sector or peer median, "history" for the company's own average, else ""."""
    if fact.entity == "median" or "median" in fact.metric:
        return "median"
    if "hist_avg" in fact.metric:
        return "history"
    return ""


#: what stands before the company a contrasting clause opens with ("while Cisco's ...")
OPENS_CLAUSE = re.compile(
    r"\W*(?:while|whereas|but|though|although|yet)\s+(?:the\s+)?", re.IGNORECASE
)


class Subjects(Lists):
    """Resolves the companies and the reference (median, history) a figure is about."""

    def subject(self, figure: Figure) -> tuple[set[str], str]:
        """The companies the figure is about, and how that was decided."""
        if figure.table:  # the cell's own name, the row or column, then the heading above
            cell = self.named(figure.before) - self.compared(figure.before)  # "| J&J, 41.3% |"
            named = cell or self.named(figure.context.partition(" | ")[2])
            named = named or self.named(figure.context)
            if named:
                return named, "table"
            return self.carried(figure)
        clause = figure.local[0] if figure.local else figure.sentence
        if range_end(figure):  # "the producers' EPS fell between 33% and 38%": the group's
            named = self.named(clause) - self.compared(clause)
            if len(named) > 1:
                return named, "range"
            if not named and not PRONOUN_IN.search(figure.sentence):
                return self.present - {"median"}, "range"
        # "Alphabet's 27.4%", "27.4% for Alphabet": the company right next to the figure (or
        # to the list it ends: "42.0x, 14.2x and 2.0% for Microsoft")
        tail = figure.sentence[figure.listed_end :] if figure.size > 1 else figure.after
        if figure.size > 1 and re.match(r"\)?\s*(?:for|at|of)\s", tail):
            # "1.3%, 0.8% and 1.0% for JPM, BAC and WFC respectively": in order
            order = self.ordered(re.split(r"[.;:(]", tail)[0])
            if len(order) == figure.size:
                return {order[figure.rank]}, "respectively"
        after = re.match(r"^\)?\s*(?:\(|for|at|of|from|by|in)?\s*(?:the\s+)?([^,;.()]{0,30})", tail)
        if after:
            found = self.entities.find(after[1])
            # "(Cisco: 36.4x)", "(ADBE ~1.1x MSFT's)": a company labelling a figure of its own
            labels = re.match(
                r"[^:]{1,30}:\s*[-−+]?\$?\d|[A-Z][\w&.'-]*(?:'s|’s)?\s+(?:~|about\s|at\s)?\s*"
                r"[-−+]?\$?\d|[A-Z][\w&.'-]*(?:'s|’s)\s",  # ("(Conoco's is not available)")
                after[1],
            )
            if found and found[0][0] == 0 and found[0][1] in self.present and not labels:
                return {found[0][1]}, "next to it"
        label = LABELLED.search(figure.before)
        if label and figure.size == 1:  # "Against Pfizer (P/E 73.6x) and Merck (882.1x)": the
            owner = self.owner(figure.before[: label.start()] + "(")  # aside's company, even a
            if owner:  # yardstick's
                return {owner}, "its aside"
        comma = FRONTED_AFTER.match(figure.after)
        if comma and figure.size == 1 and FRONTED.match(LABEL.sub("", figure.before)):
            found = self.entities.find(figure.after[comma.end() :][:40])
            if found and found[0][0] == 0 and found[0][1] in self.present:
                return {found[0][1]}, "fronted"  # "at $109.92B, Citi is a fifth of ...": Citi's
        if FOR_ALL.match(figure.after):  # "around 22% for both": each of the pair's
            group = self.carried(figure, union=True)[0] | self.named(figure.sentence)
            return (group if len(group - {"median"}) > 1 else self.present) - {"median"}, "all"
        if figure.size == 1 and ROUND_THEN_COLON.search(figure.before) and figure.after[:2] == ": ":
            spelled = re.split(r"[.;]\s", figure.after[2:])[0]
            group = self.named(spelled) - self.compared(spelled)
            if len(group) > 1 and _FIGURE.search(spelled):
                return group, "spelled out"
        head = clause[: max(0, clause.find(figure.text))] if figure.text in clause else clause
        before = _since_last_figure(figure.before)
        if before.strip() == "/":  # "JPM 1.7x / 2.1x": the company of the figure before it
            owner = self.owner(_FIGURE.split(figure.before)[-2])
            if owner:
                return {owner}, "next to it"
        which = FORMER.search(before)
        if which:  # "Microsoft and Alphabet ... while the latter manages 27.4%"
            ahead = figure.sentence[: len(figure.before) - len(before) + which.start()]
            for text in [ahead, *figure.prior, *figure.section]:
                order = self.ordered(text)
                if len(order) >= 2:
                    return {order[0] if which[1].lower() == "former" else order[-1]}, which[0]
        # "well below the others (all at 90% or more)", "against -33% for the other two"
        # (not past an aside that closed: "(15.7% vs 28.0% for the others) and the smallest
        # drawdown (-27.4%)" is the company's own)
        own_clause = re.split(r"[,;:]\s|\s[—–-]\s|\)", ASIDE.sub(" ", before))[-1]
        ranged = range_end(figure) and OTHERS.search(head)  # "the others gained from 17.2% to"
        if (
            ranged
            or OTHERS.search(own_clause)
            # (also from a range's first end: "roughly 1.0–1.3x for the other two")
            or OTHERS.match(re.sub(r"^(?:\s?–\s?[\d.]+\s?[%x×]?)?\)?\s*(?:for|at|of)\s", "", tail))
        ):
            others = self.present - self.named(figure.sentence) - {"median"}
            if not self.named(figure.sentence):  # other than whom "it" is ("It also carried")
                others -= self.carried(figure)[0]
            if others:
                return others, "the others"
        if figure.size > 1:  # "Exxon and Chevron booked $334.7B and $196.9B"
            order = self.listed(figure)
            text = figure.sentence[: figure.listed_at]
            if (
                order
                and ALL_OF.search(text)
                and not self.named(figure.sentence)
                and not re.search(r"\brespectively\b", figure.sentence, re.I)
            ):
                return set(order), "the group"  # (the order of an earlier line is no order)
            if order:
                return {order[figure.rank]}, "respectively"
            if text.rstrip().endswith("(") and self.owner(text):
                return {self.owner(text)}, "list owner"  # "than Microsoft (+6.9%, +0.3%)"
            own = list_clause(text)
            owner = set(self.ordered(own)) - self.compared(own)
            if len(owner) == 1:  # "Cisco at 16.1x, 3.5x and 10.5x": all Cisco's
                return owner, "list owner"
        opened = figure.before.rfind("(")
        if (
            opened > figure.before.rfind(")")
            and _FIGURE.search(figure.before[opened + 1 :])
            and not self.named(figure.before[opened + 1 :])
            and not COMPARING.search(before)
        ):
            # "a fraction of AbbVie (5.8x sales, 30.5x book)": each figure of the aside opened
            # right after a company is that company's, not only the first
            owner = self.owner(figure.before[: opened + 1])
            if owner:
                return {owner}, "list owner"
        if re.fullmatch(r"\s*(?:vs\.?|versus|against)\s*", before):
            # "EPS fell no more than Chevron's (37.8% vs 37.9%)": the far side is the yardstick's
            lead = _FIGURE.split(figure.before)[-2]
            yardstick = self.compared(lead[-45:]) if lead.rstrip().endswith("(") else set()
            if len(yardstick) == 1:
                return yardstick, "yardstick"
        if PAIR_FIRST.match(figure.after):
            # "Its yield is double Microsoft's (4.1% vs 2.0%)": the first side is not the yardstick
            before = _without(before, self.compared(figure.sentence), self.entities)
            # "**Goldman sits in between**: a near-identical P/E to Morgan Stanley (16.9x vs
            # 16.8x)": the clause's one company, written right before the pair under another's
            # heading, is the far side
            topic = self.named(figure.heading) - self.compared(figure.heading)
            near = self.named(clause)
            if (
                len(topic) == 1
                and len(near) == 1
                and near != topic
                and near == {self.owner(before)}
            ):
                return topic, "heading"
            order = self.pair_order(figure)
            if order:  # "- EV/EBITDA: 21.4x vs 82.0x" after "- P/E: Meta 34.0x vs AMD 391.3x"
                return {order[0]}, "pair order"
        if len(head) < len(before):
            before = before[len(before) - len(head) :]  # not beyond the clause
        found = [t for _, t in self.entities.find(before[-60:]) if t in self.present]
        if found:  # not a yardstick ("priced close to BofA yet grew EPS by 53.8%")
            # (with the ratio before it: "1.5 times BofA's P/E with a similar ROE (9.2%)")
            ratio = RATIO_BEFORE.search(figure.before[: len(figure.before) - len(before)])
            lead = ratio[0] if ratio else ""
            yardsticks = self.compared(lead + before[-60:]) - {self.owner(before)}
            found = [t for t in found if t not in yardsticks]
        if found:
            return set(found), "before it"
        near_end = before
        if re.fullmatch(r"\s*(?:to|–)\s*", before):
            # "the middle of its own ($91.53 to $127.35)": the far end is the near end's
            near_end = _FIGURE.split(figure.before)[-2]
        if ITS.search(near_end) and not PRONOUN.match(head):
            # "Apple's ROE of 156.1% reflects its small equity base (debt/equity of 1.99)",
            # "..., Morgan Stanley's 5.6% above its 15.9x": its clause's company, if it names one
            first = self.ordered(head) or self.ordered(figure.sentence[: len(figure.before)])
            first = [t for t in first if t not in self.compared(figure.sentence)]
            if first:
                return {first[0]}, "its"
        if PRONOUN.match(head):
            opener = self.clause_opener(figure.local[1] if len(figure.local) > 1 else "")
            if opener:  # "while Cisco's three-year return of 14.0% is modest and it's down"
                return {opener}, "clause before"
            start = figure.sentence.find(clause)
            earlier = [
                t
                for _, t in self.entities.find(figure.sentence[: max(0, start)])
                if t in self.present
            ]
            aside = self.attached(figure.sentence, figure) | self.compared(figure.sentence)
            earlier = [t for t in earlier if t not in aside]
            if earlier and not PRONOUN.match(figure.sentence):
                return {earlier[0]}, "pronoun in the sentence"
            # "AMD's 391.3x P/E is flagged as an outlier, and its EV/EBITDA of 82.0x": the
            # company the sentence opens with, a figure of its own or not
            positions = {
                **self._attached(figure.sentence, figure),
                **self._compared(figure.sentence),
            }
            opener = self.opener(figure, positions)
            if opener and not PRONOUN.match(figure.sentence) and start > 0:
                return opener, "pronoun in the sentence"
            carried = self.carried(figure)
            if carried[0]:
                return carried
        attached = self.attached(figure.sentence, figure) | self.compared(figure.sentence)
        lead = self.named(figure.lead) - self.compared(figure.lead)
        # "over six months AMD edged ahead, 95.5% vs 92.1%": a company free in the clause before
        previous = figure.local[1] if len(figure.local) > 1 and not figure.table else ""
        # (a citation's ticker there, "0.29 [MSFT.debt_to_equity]", is that figure's company)
        previous = CITED.sub(" ", previous)
        previous_named = self.named(previous) - self.attached(previous) - self.compared(previous)
        # (nor a yardstick of the sentence's: "a gap of 80.3 points versus Meta — and ...")
        at = figure.sentence.find(previous) if previous else -1
        yardsticks = self._compared(figure.sentence)
        if at >= 0 and any(at + i in yardsticks for i, _ in self.entities.find(previous)):
            previous_named = set()
        previous_named = previous_named if len(previous_named) == 1 else set()
        # a mention in the figure's clause that is itself no yardstick nor another figure's
        # ("..., though Exxon has the higher current ratio (1.48": Exxon's, whatever Exxon's
        # other mentions in the sentence are)
        start = figure.sentence.find(clause)
        aside = {**self._attached(figure.sentence, figure), **self._compared(figure.sentence)}
        free = {
            t
            for at, t in self.entities.find(clause)
            if t in self.present and start >= 0 and start + at not in aside
        }
        if free and free <= attached:  # (otherwise the clause decides below, as ever)
            return free, "clause"
        if LEVEL_REACHED.match(clause) and not self.named(clause):
            # "Revenue fell 16.0% at Acme, to about $335 billion": the level Acme's fell to
            owners = set(self._attached(previous).values()) if previous else set()
            if len(owners) == 1 and owners == self.named(previous):
                return owners, "clause before"
        # (not an aside after the figure: "-14.4% from its peak (Meta's worst was -13.0%)")
        at = clause.find(figure.text)
        unaside = clause[:at] + re.sub(r"\([^()]*\)", " ", clause[at:]) if at >= 0 else clause
        # the sentence's own subject, its first words, the one company free before the figure
        # ("Alphabet is 4.7% below ... and had the larger drawdown, -14.4%" under "**Meta**")
        opener = self.opener(figure, aside)
        for named, how in (
            (self.named(unaside), "clause"),
            (previous_named, "clause before"),
            (opener, "sentence opening"),
            (lead, "lead-in"),
            (
                self.named(_remarks_out(CITED.sub(" ", figure.sentence), len(figure.before)))
                - self.later(figure),
                "sentence",
            ),
        ):
            if how in ("clause before", "sentence opening") and named:
                return named, how  # free in its own clause, whatever other clauses attach
            if named and not named <= attached:
                return named - attached, how
        # a company named freely somewhere in the sentence, whatever its other mentions are
        # ("Conoco trades at 12.5x, SLB at 17.3x; on EV/EBITDA it's 5.6x ... twice Conoco's")
        sentence = CITED.sub(" ", figure.sentence)
        mentions = [(at, t) for at, t in self.entities.find(sentence) if t in self.present]
        free = {t for at, t in mentions if at not in aside and at < len(figure.before)}
        free = free or {t for at, t in mentions if at not in aside} - self.later(figure)
        if free and PRONOUN_IN.search(head):
            return free, "sentence"
        named = self.named(figure.sentence)
        rest = self.present - attached - {"median"}
        if named and named <= attached:
            # "MSFT +1.9% vs 50-day avg, 91.7% of 52w range; GOOGL ...": the company that heads
            # the figures of its part of the sentence (not one in parentheses, "(Lilly: 79.2%)")
            part = re.sub(r"\([^()]*\)", "", figure.before).split(";")[-1]
            heads = [t for _, t in self.entities.find(part) if t in self.present]
            if heads and HEADS.match(part[self.entities.find(part)[-1][0] :]):
                return {heads[-1]}, "heads its part"
        near = f"{figure.before[-25:]} {figure.after[:25]}"  # (not "the 13.2x median of its")
        if named and named <= attached and len(rest) == 1 and not MEDIAN.search(near):
            # "gross margin 58.1% (Lilly: 79.2%), operating margin 7.1% (Lilly: 30.3%)": the
            # one company the labels leave is the line's, whoever an earlier line was about
            return rest, "not attached"
        carried = self.carried(figure)
        if carried[0]:
            return carried
        if named and named <= attached and rest:
            # "Debt/equity of 0.38 is above Acme (0.20) and Bolt (0.13)": every company the
            # sentence names owns another figure, so this one is someone else's
            return rest, "not attached"
        return (named, "sentence") if named else carried

    def pair_order(self, figure: Figure) -> list[str]:
        """For the near side of a bare pair in a sentence that names no company before it: the
        two companies in the order the nearest earlier pair of the section named them."""
        if (
            self.named(CITED.sub(" ", figure.before))
            or PRONOUN_IN.search(figure.before)
            or self.named(figure.lead)  # (the line's topic: "**The case for Microsoft:**")
            or self.named(figure.headings[0] if figure.headings else "")
            or len(self.present - {"median"}) < 2
        ):
            return []
        for sentence in [*figure.prior, *figure.section]:
            pair = PAIR_NAMED.search(sentence)
            if pair:
                near, far = (pair[1], pair[2]) if pair[1] else (pair[3], pair[4])
                order = [self.owner(near + " "), self.owner(far + " ")]
                return order if all(order) and order[0] != order[1] else []
        # "Merck yields 2.9% in free cash flow; Lilly's FCF yield is -0.4%. Dividends: 2.4% vs
        # 0.6%.": the two companies the line's earlier sentences are about, in that order (if
        # the pair's own sentence names none: "(14.8x versus 35.9x) ... does AMD look cheaper")
        if self.named(CITED.sub(" ", figure.sentence)):
            return []
        subjects = [self.first(sentence) for sentence in reversed(figure.prior)]
        order = list(dict.fromkeys(t for subject in subjects for t in subject))
        if len(order) == 2 and all(len(subject) == 1 for subject in subjects):
            return order
        return []

    def opener(self, figure: Figure, aside: dict[int, str]) -> set[str]:
        """The company the sentence opens with, when it is the only one named freely before
        the figure."""
        sentence = CITED.sub(" ", figure.sentence)
        start = len(sentence) - len(re.sub(r"^[\W\d]*(?:\d+[.)]\s*)?", "", sentence))
        named = [
            (at, t)
            for at, t in self.entities.find(sentence[: len(figure.before)])
            if t in self.present
        ]
        # (itself with a figure of its own or not: "UNH at 20.0x is between MS (16.8x) and ...")
        free = [(at, t) for at, t in named if at not in aside or at == start]
        if free and free[0][0] == start and len({t for _, t in free}) == 1:
            return {free[0][1]}
        return set()

    def carried(self, figure: Figure, union: bool = False) -> tuple[set[str], str]:
        """The companies of the nearest earlier sentence of the line naming any, else of the
        heading, else of the section's earlier lines (``union``: all of them)."""
        if union:
            named = set().union(*(self.named(s) for s in [*figure.prior, *figure.section]))
            return named | self.named(figure.heading), "section"
        for index, sentence in enumerate(figure.prior):
            subject = self.first(sentence)
            if subject:
                return self._topic(figure, index, subject), "earlier sentence"
        for sentence in figure.section:  # a line that is only a name ("GS", "Citi:") heads
            label = sentence.strip(" *:#-")  # the lines after it, below the last heading
            if len(label.split()) <= 3 and not re.search(r"\d", label):
                named = self.named(label)
                if len(named) == 1:
                    return named, "label"
        for heading in figure.headings or [figure.heading]:  # innermost first
            named = self.named(heading) - self.compared(heading)
            if named:
                return named, "heading"
        if BULLET.match(figure.sentence) and PRONOUN.match(LABEL.sub("", figure.sentence)):
            # "- **On book value**, it looks cheap" under "- **On earnings**, Goldman looks
            # dear ... Citi is at 14.2x.": a bullet's pronoun is the earlier bullet's subject
            for sentence in figure.section:
                if BULLET.match(sentence):
                    if self.first(sentence):
                        return self.first(sentence), "earlier line"
                    break
        # (not a yardstick with its own figure: "- ROIC 14.6%, behind COP (16.2%)")
        yardsticks = self.compared(figure.sentence) & self.attached(figure.sentence, figure)
        for sentence in figure.section:
            subject = self.first(sentence)
            if subject and not subject <= yardsticks and not FOR_COMPARISON.search(sentence):
                return subject, "earlier line"  # (not "JPMorgan, for comparison, grew 21.3%")
        # the answer's opening names the one company it is about ("Pfizer is the laggard ...")
        opening = {t for _, t in self.entities.find(figure.opening) if t in self.present}
        aside = self.attached(figure.opening) | self.compared(figure.opening)
        if len(opening - aside) == 1:
            return opening - aside, "opening"
        return set(), "none"

    def _topic(self, figure: Figure, index: int, subject: set[str]) -> set[str]:
        """The subject an earlier sentence hands on: a sentence that measures another company
        against the line's subject ("Acme's sales fell 4%; Bolt's are 2.7 times Acme's.") is an
        aside, and a later figure is still about that subject (unless a pronoun right after
        the aside points at the aside's company)."""
        yardsticks = self.compared(figure.prior[index]) - subject
        bold = BOLD_OPENING.match(figure.prior[-1]) if figure.prior else None
        lead = self.named(figure.lead) or (self.named(bold[1]) if bold else set())
        if len(lead) == 1 and lead <= yardsticks:
            # "**Chevron** ... J&J's multiple is 2.6 times Chevron's. But its numbers ...": the
            # aside measured another company against the line's own, which "its" is
            return lead
        if index == 0 and PRONOUN.match(figure.sentence):
            return subject
        if not yardsticks and BARE_GAP.search(figure.prior[index]):
            for sentence in figure.prior[index + 1 :]:  # (its first company, even one with
                named = [t for _, t in self.entities.find(sentence) if t in self.present]
                earlier = self.first(sentence) or set(named[:1])  # a figure: "Citi's ROE of 5%")
                if earlier:
                    return earlier
        if not yardsticks:
            return subject
        for sentence in figure.prior[index + 1 :]:
            earlier = self.first(sentence)
            if earlier:
                return earlier if earlier <= yardsticks else subject
        return subject

    def clause_opener(self, clause: str) -> str:
        """The company a clause opens with as its subject ("while Cisco's return is modest and"),
        not as a yardstick; "" if it opens otherwise."""
        found = self.entities.find(clause)
        if not found or found[0][1] not in self.present:
            return ""
        at, ticker = found[0]
        if not OPENS_CLAUSE.fullmatch(clause[:at]) or ticker in self.compared(clause):
            return ""
        return ticker

    def first(self, sentence: str) -> set[str]:
        """The subject of a sentence: the first company it names that is not attached to a
        figure ("91.9% for Merck"); none if every company it names is attached to a figure."""
        body = LABEL.sub("", sentence)
        if PRONOUN.match(body):
            return set()  # "Its gross margin ...": its subject is an earlier sentence's
        # a mention as a yardstick is aside, not the company: "Acme's revenue fell 3.9%; Bolt's
        # is 2.7 times Acme's" is about Acme
        aside = {**self._attached(sentence), **self._compared(sentence)}
        later = self.later(None, sentence)
        first = _FIGURE.search(sentence)
        text = _remarks_out(sentence, first.end() if first else -1)
        free = [
            (at, t)
            for at, t in self.entities.find(text)
            if t in self.present and at not in aside and t not in later
        ]
        # (a company outside a figureless aside before one inside it: "On the latest fiscal year
        # (Microsoft to June 2023, Alphabet to December), Alphabet trades at 23.3x")
        outside = [
            (at, t) for at, t in free if not _in_remark(text, at, first.start() if first else -1)
        ]
        if free:
            return {(outside or free)[0][1]}
        # "gross margin 58.1% (Lilly: 79.2%), operating margin 7.1% (Lilly: 30.3%)": the one
        # company the labels leave
        labelled = set(self._attached(sentence).values())
        rest = self.present - labelled - {"median"}
        return rest if labelled and self.named(sentence) <= labelled and len(rest) == 1 else set()
