"""Whom a bare list of figures goes with ("A and B grew 3% and 5%", "... 13.0x, 16.8x and
21.1x respectively" after a line naming three companies): the companies in the order its
clause, sentence or an earlier line names them, or none when the list is one company's."""

from __future__ import annotations

import re

from .extract import FAR_SIDE, Figure
from .mentions import Mentions, _since_last_figure

PRONOUN = re.compile(
    r"^\W*(?:(?:and|but|while|so|yet|although|though|whereas|as|since|because)\s+)?"
    r"(?:it|its|it's|their|they|the stock|the shares|the company|the bank|its shares)\b",
    re.IGNORECASE,
)
PRONOUN_IN = re.compile(r"\b(?:its|it|it's|the company's|the stock's)\b", re.I)
BOUNDARY = re.compile(
    r"[,;:(]|\s[—–-]\s|\s(?:vs\.?|versus|against|compared (?:with|to)|while|whereas|but|than)\s",
    re.IGNORECASE,
)
#: the parenthesis that opens a list ("JPM the most expensive (1.8x, 2.3x)"): the list's own
#: clause is the words before it
OPENS_LIST = re.compile(r"\(\s*$")


def list_clause(text: str) -> str:
    """The clause of a list of figures that ``text`` (the sentence before the list) ends with."""
    return BOUNDARY.split(OPENS_LIST.sub("", _since_last_figure(text)))[-1]


#: the companies just named, as the owners of a list ("well below their 52.4x and 55.9x")
THEIR = re.compile(r"\btheir(?:\s+respective)?\s*$", re.I)
RESPECTIVELY = re.compile(r"\b(?:respectively|both|each|the two|the pair)\b", re.I)
#: a line that opens with a bold name ("**Chevron** is the value pick."): the line's topic
BOLD_OPENING = re.compile(r"^\W*\*\*([^*]{1,40})\*\*")
MEDIANS_OF = re.compile(r"\b(?:medians|averages)\s+(?:of|are|were|at)\s*$", re.I)


class Lists(Mentions):
    """The companies a bare list of figures goes with (``listed``)."""

    def listed(self, figure: Figure) -> list[str]:
        """The companies a bare list of figures goes with, in order ("A and B grew 3% and 5%",
        "... 52.4x and 55.9x" after "0.20 for A and 0.13 for B", "down 15.8% and 23.9%
        respectively" after a sentence naming A and B); [] when no list of that size is named."""
        n = figure.size
        text = figure.sentence[: figure.listed_at]
        own = list_clause(text)
        if MEDIANS_OF.search(own):
            return []  # "against peer medians of 1.4x and 1.8x": the medians of two metrics
        found = self.ordered(own)
        if len(found) == 1 or PRONOUN_IN.search(own):
            return []  # "Acme's margins are 29.8% and 25.3%": one company's
        if len(found) == n:
            return found
        if THEIR.search(text):
            # "interest coverage of 14.1x is well below their 52.4x and 55.9x" after "higher
            # than Exxon's 0.20 and Chevron's 0.13": the yardsticks the sentence named, in order
            aside = self.compared(text) | self.attached(text)
            named = [t for t in self.ordered(text) if t in aside]
            if len(named) == n:
                return named
        if FAR_SIDE.search(_since_last_figure(text)):
            # "its ROE of 10.0% compares with 8.0% and 5.0%" after "ahead of Goldman's 8.7% and
            # Citi's 5.7%": the yardsticks the sentence named, in order
            aside = self.compared(text) | self.attached(text)
            named = [t for t in self.ordered(text) if t in aside]
            if len(named) == n:
                return named
        found = [t for t in self.ordered(text) if t not in self.compared(text)]
        rest: list[str] = []
        if len(found) == 1 and FAR_SIDE.search(_since_last_figure(text)):
            # "NVIDIA is the priciest at 35.9x, against 14.8x and 3.4x": the others, in order
            rest = found
        elif found:
            return found if len(found) == n else []
        elif self.named(text + _list_clause_after(figure)) and not RESPECTIVELY.search(
            figure.sentence
        ):
            return []  # (not a company a later clause names: "3.4x — Nvidia costs 10 times")
        elif PRONOUN.match(figure.sentence) and not RESPECTIVELY.search(figure.sentence):
            return []  # "It sits between $144.95 and $175.97": one company's low and high
        # (the line's own bold lead-in before the lines above it: "**Laggards: Goldman Sachs
        # and Morgan Stanley.** Both saw EPS fall (-23.9% and -15.8%)")
        opening = BOLD_OPENING.match(figure.prior[-1] if figure.prior else "")
        for topic in (opening[1] if opening else "", figure.lead):
            if len(self.ordered(topic)) == 1 and not rest:
                return []  # "- **COP** is flat. ... ROE of 22.5%, 6.6% FCF yield": the topic's
        # (then the lines above the section's, under a heading naming no company: "- 1Y total
        # return: 262.1% / 142.9% / 71.7%" after "- P/E: Nvidia 73.6x, AMD 391.3x, Intel 110.0x"
        # under another heading; but not under "## Eli Lilly")
        above = [] if any(self.named(h) for h in figure.headings) else figure.earlier
        for sentence in [*figure.prior, figure.lead, *figure.section, *figure.headings, *above]:
            found = [t for t in self.ordered(sentence) if t not in rest]
            if len(found) > 1:  # (fewer: part of a line, "J&J is at 4.5x and AbbVie 5.8x")
                if len(found) >= n:
                    return found if len(found) == n else []
        return []


def _list_clause_after(figure: Figure) -> str:
    """The rest of a bare list's clause after the list ("respectively" in "13.0x, 16.8x and
    21.1x respectively"; not "Nvidia costs ..." after "3.4x — ")."""
    return BOUNDARY.split(figure.sentence[figure.listed_end :])[0]
