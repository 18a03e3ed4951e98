"""Whether a figure is a company's own value, the peer or sector median's, or the company's own
history's ("a peer median of 45.3x", "**Sector medians:** P/E 11.8x", "its 2-year average of
82.0x"): from the words next to it, then from its sentence's lead-in or its only figure."""

from __future__ import annotations

import re
from collections.abc import Callable

from .entities import MEDIAN
from .extract import Figure
from .lists import BOUNDARY
from .subject import HISTORY, _segment, _since_last_figure

Named = Callable[[str], set[str]]

#: the words right after a figure that name it as a median or an average ("8.5% median and",
#: "(vs a 24.9% median) and", "13.2x median P/E and")
PREVIOUS_LABEL = re.compile(
    r"^\s*(?:(?:peer|sector|industry|group)\s+)?(?:median|average)\b(?:\s+[\w/.-]+){0,2}?\)?"
    r"\s*(?:,|;|and\b|vs\.?|versus)",
    re.I,
)
#: a table row comparing with the median or the history ("P/E vs peers", "P/E vs own history"),
#: as opposed to one that is the median's ("Peer median P/E")
ROW_VERSUS = re.compile(r"\b(?:vs\.?|versus|against|relative to|compared (?:with|to))\s", re.I)
#: a label right before the figure ("- Average of those two year-ends: 18.9x")
LABEL_COLON = re.compile(r"(?:^|[.;(])\s*(?:[-*•]\s+)?([^:;,.()]{1,60}):\s*$")
#: a premium or discount to the company's own level, written as a figure ("5.6% above its")
PREMIUM_OVER = re.compile(r"\d%\s+(?:above|below|over|under)\s+its\s+(?:own\s+)?$", re.I)
LINKS = re.compile(r"\b(?:with|than|beat|beats|by|vs|versus|while)\b", re.I)
YEAR_ENDS = re.compile(
    r"\s*(?:at|over|across|for)\s+(?:the\s+|its\s+)?(?:last|past)\s+(?:two|three|four|five|\d)\s+"
    r"(?:fiscal\s+)?(?:year-?ends|years?-end)\b",
    re.I,
)
DAY_AVERAGE = re.compile(r"\b\d+-day\s+(?:moving\s+)?(?:average|avg|ma)\b", re.I)
#: the near side of a pair whose far side is the median
AGAINST_MEDIAN = re.compile(
    r"\s*(?:vs\.?|versus|against|compared (?:with|to))\s+(?:an?\s+|the\s+)?[-−+]?\$?\d[\d.,]*\S*"
    r"\s+(?:peer |sector |industry |group )?median\b",
    re.I,
)
#: the peers one by one, not their median ("both peers'", "each of its peers", "the two peers")
EACH_PEER = re.compile(
    r"\b(?:both|each|all|either|neither|two|three|four)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?$",
    re.I,
)
#: ("45.3x peer median", "the 29.8% operating-margin median")
MEDIAN_AFTER = re.compile(
    r"^\s*(?:(?!(?:vs|versus|against|than|below|above)\b)\w[\w/-]*\s+){0,1}"
    r"(?:peer |sector |industry )?(?:median|peers)\b",
    re.I,
)

#: a superlative's scope ("the strongest equity/assets ratio in the sector (9.6%)", "the
#: highest margin among peers"): the company's own figure, not the median's
SCOPE = re.compile(
    r"\b(?:\w+est|most|least|best|worst|top|#\d|first|second|third|last|only)\b[^,;()]{0,40}?"
    r"\s(?:in|among|across|of)\s+(?:the\s+|its\s+|their\s+)?(?:whole\s+|entire\s+)?"
    r"(?:sector|industry|peer\s+group|group|peers)\b",
    re.I,
)


def near_reference(named: Named, figure: Figure) -> str:
    """ "median" / "history" when the words next to the figure say so, else ""."""
    if figure.table and not re.search(r"[A-Za-z]", figure.before):
        # (a cell of prose, "| P/E 27.9x vs a 28.2x average |", is read as prose)
        near = figure.context.partition(" | ")[2]  # row and column, not the heading
        row, _, column = near.rpartition(" | ")
        if (
            named(column)
            and not MEDIAN.search(column)
            and not HISTORY.search(column)
            and ROW_VERSUS.search(row)
        ):
            return ""  # "| P/E vs peers | 131.4x |" under "Lilly": the company's own column
        if MEDIAN.search(near):
            return "median"
        return "history" if HISTORY.search(near) and "-day" not in near else ""
    if YEAR_ENDS.match(figure.after):
        return "history"  # "the P/E averaged 20.1x at the last two year-ends"
    if AGAINST_MEDIAN.match(figure.after):
        return ""  # "(61.6x vs a 51.4x peer median)": the company's own, against the median
    if PREMIUM_OVER.search(figure.before[-30:]) and re.match(
        r"\s*(?:[.,;:)]|and\b|$)", figure.after
    ):
        return "history"  # "5.6% above its 15.9x": the average the premium is measured from
    label = LABEL_COLON.search(_since_last_figure(figure.before))
    if label and HISTORY.search(label[1]) and not MEDIAN.search(label[1]):
        return "history"  # "- Average of those two year-ends: 18.9x"
    before = re.sub(r"\([^()]*\)", "", _since_last_figure(figure.before)).rstrip(" (")
    before = DAY_AVERAGE.sub(" ", before)  # "its 50-day average" is a price level, no history
    # "an 8.5% median and 7.1% at Goldman": the median word names the figure before
    before = PREVIOUS_LABEL.sub("", before)
    # (a dash ends the clause: "below the 13.0x median P/E — 11.6x, 11.6x and 11.8x")
    before = "" if re.search(r"\s[—–-]$", before) else before
    before = SCOPE.sub(" ", BOUNDARY.split(before)[-1])[-45:]
    after = BOUNDARY.split(figure.after)[0][:30]
    last = list(MEDIAN.finditer(before))
    if last and last[-1][0].lower() == "peers" and EACH_PEER.search(before[: last[-1].start()]):
        return ""  # "while both peers' fell (-15.8%, -23.9%)": each peer's own, no median
    if last and named(before[last[-1].end() :]):
        return ""  # "the 17.2% median and Lilly's 145.9%"
    yardstick = [m for m in MEDIAN_YARDSTICK.finditer(before) if last and m.end() == last[-1].end()]
    if yardstick and re.search(r"\band\b", before[last[-1].end() :]):
        return ""  # "is below the median and the stock returned only 3.2%": a new clause's
    if yardstick and re.fullmatch(
        r"[\s,]*(?:at|with)(?:\s+(?:just|only|about|roughly|around))?\s*",
        before[last[-1].end() :],
    ):
        return ""  # "Apple sits below the median at 29.8%": its own, the median its yardstick
    if last and not LINKS.search(before[last[-1].end() :]) and ")" not in before[last[-1].end() :]:
        return "median"  # "a peer median of 45.3x", not "the median with 2.1%" nor "median) and"
    if MEDIAN_AFTER.match(figure.after):
        return "median"  # "45.3x peer median"
    near = before + " " + after
    if re.search(
        r"\bFY\s?\d{2,4}\b|\bfiscal (?:year )?\d{4}\b|\bend[- ](?:of\s)?\d{4}\b|\b\d{4}\s+year-end",
        after,
        re.I,
    ):
        return ""  # "(51.7x at the end of FY2024 ...)", "12.8x at end-2023": that year's value
    if HISTORY.search(near) and not re.search(r"\d+-day", near):
        return "history"
    return ""


#: a longer figureless lead-in whose subject is the median ("The peer median here is built from
#: Exxon, Chevron and ConocoPhillips: 12.5x earnings, ...")
MEDIAN_LEAD = re.compile(
    r"\s*(?:the\s+|its\s+|their\s+)?(?:peer|sector|industry|group)\s+medians?\b[^:\d]{0,80}:", re.I
)


#: the sector or the peers named as the setting of a lead-in, not as its subject ("**Valuation
#: in sector context.**", "**Relative to peers:**"): its figures are the company's own
IN_CONTEXT = re.compile(
    r"\b(?:in|within|across|relative to|in the context of)\s+(?:the\s+|its\s+)?"
    r"(?:peer|sector|industry|group)(?:\s+(?:context|terms))?\b",
    re.I,
)


def sentence_reference(named: Named, figure: Figure, who: set[str], how: str) -> str:
    """ "median" / "history" when the sentence's lead-in names the median, or its only figure
    is about the median or the history, else ""."""
    reference = ""
    # "Peer medians (Acme, Bolt): P/E 102.5x, ..." up to a figure of a company named
    flat = re.sub(r"\([^()]*\)", lambda m: " " * len(m[0]), figure.sentence)
    short = ":" in re.sub(r"\([^()]*\)", "", figure.sentence)[:40]
    lead = figure.sentence[: flat.index(":")] if short and ":" in flat else ""
    if not lead and MEDIAN_LEAD.match(flat):
        lead = figure.sentence[: flat.index(":")]
    since = figure.before[len(lead) :]
    lead = figure.lead if figure.lead and figure.sentence.startswith(" ") else lead
    if (
        MEDIAN.search(_unbracketed(IN_CONTEXT.sub(" ", lead)))
        and not named(_segment(figure))
        and not named(since)
    ):
        reference = "median"  # "**Sector medians:** P/E 11.8x, P/B 1.1x"
    elif figure.count <= 1 and MEDIAN.search(_unbracketed(figure.sentence)):
        # the only figure of a sentence about the median ("median: P/E 39.3x")
        if (
            not who
            or how not in ("before it", "next to it")
            or re.search(r"peer median", figure.sentence, re.I)
        ):
            reference = "median"
    elif (
        figure.count <= 1
        and HISTORY.search(figure.sentence)
        and not re.search(r"\d+-day", figure.sentence)
    ):
        reference = "history"
    return reference


#: the median or the peers as a yardstick ("well under the median", "cheaper than its peers",
#: "at the same P/E as its peers", "about half the median"): what the figure is compared with,
#: not what it is
MEDIAN_YARDSTICK = re.compile(
    r"\b(?:than|to|as|like|under|over|below|above|at|vs\.?|versus|against|with|"
    r"half|twice|double|times)\s+(?:the\s+|its\s+|"
    r"their\s+)?(?:[\w-]+\s+){0,2}?(?:(?:peer|sector|industry|group)\s+)?"
    r"(?:medians?|peers?|peer group|sector|industry)\b",
    re.I,
)


#: the median named as what a value is kept out of ("left out of medians", "excluded from the
#: peer median"): a note on the figure, not the median's value
LEFT_OUT = re.compile(
    r"\b(?:left out of|kept out of|out of|excluded from|dropped from|not in)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:medians?|peer medians?|sector medians?)\b",
    re.I,
)


def _unbracketed(text: str) -> str:
    """The text without its notes on outliers ("(outlier: left out of medians and ranks)") and
    without the median or peers named as a yardstick."""
    text = re.sub(r"\([^()]*(?:outlier|left out|excluded)[^()]*\)", " ", text)
    text = LEFT_OUT.sub(
        " ", text
    )  # "the 131.4x P/E is flagged as an outlier and left out of medians"
    return MEDIAN_YARDSTICK.sub(" ", text)
