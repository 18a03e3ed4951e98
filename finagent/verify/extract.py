"""Finding the figures of an answer, each with the text around it that says what it is about."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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
    r"\s?(?P<unit>%|percent(?:age points?)?|(?:percentage )?points?\b|pts?\b|pp\b|x\b|×"
    r"|times\b|turns?\b|bps\b)?",
    re.IGNORECASE,
)
#: the first end of a range written once with its unit after the second: "1.0–1.3x", "5-6%"
SHARED_UNIT = re.compile(r"(?:\s?–\s?|-)\d+(?:\.\d+)?\s?(%|x\b|×)", re.I)
WORD_TIMES = re.compile(
    r"\b(?P<num>twice|two|three|four|five|six|seven|eight|nine|ten)(?:\s+|-)(?P<unit>times|turns)\b",
    re.IGNORECASE,
)
WORD_VALUES = {
    "twice": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
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
            r"(?<![\d.,$])\b\d{1,2}(?:\.5)?[YMDW]\b",
            r"\b\d+-(?:day|week|month|year)s?\b",  # ranks, windows
            r"\b\d+\s(?:days?|weeks?|months?|years?)\b",  # "3 years"
            r"\[[^\]\n]*\]",  # citations: [MSFT.pe], [MSFT.pe / GOOGL.pe]
            r"\b[A-Za-z][A-Za-z-]{0,5}\.[a-z_0-9]+\b",  # fact ids (MSFT.pe, median.pe)
            r"^\s*\d+[.)]\s",  # list numbering
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)
HEDGES = re.compile(
    r"(about|around|roughly|approximately|nearly|almost|~|some|close to|just over|just under)\s*$",
    re.IGNORECASE,
)
#: "more than 55%": the fact lies on that side of the figure, not at it
BOUNDS = re.compile(
    r"(?P<word>more than|over|above|at least|in excess of|upwards of|greater than|north of"
    r"|less than|under|below|at most|fewer than|lower than|south of)\s*$",
    re.IGNORECASE,
)
SUB = re.compile(r"\bsub$", re.I)
#: "90% or more", "0.5 or lower", "50x-plus": the bound written after the figure
BOUNDS_AFTER = re.compile(
    r"(?P<plus>\+(?![\d.\s]*\d))"  # "50x+ coverage" (not "50x + 20x")
    r"|\s*(?:(?P<above>(?:or (?:more|higher|above|greater|better)|and (?:up|above)|-?plus)\b)"
    r"|or (?:less|lower|below|fewer|under)\b)",
    re.IGNORECASE,
)
#: the companies a median is taken over ("the 13.2x median of its peers (Chevron, Conoco,
#: SLB)"): the median's members, never whom a figure is about, so not read as names at all
PEER_LIST = re.compile(r"(\b(?:peers?|medians?|peer group|group)\s*)\(([^()\d]*)\)", re.I)
SENTENCE_END = re.compile(
    r"(?:(?<=[.;!?])|(?<=[.;!?]\*)|(?<=[.;!?]\*\*))\s+(?=[A-Z*(\[])"
    r"|(?<=[\d%)]\.)\s+(?=[-−+]\$?\d)"  # "drawdown (-26.7%). +40.5% 1Y.": a signed figure
)
#: a list item's marker right before a figure ("- 35.9x [NVDA.ps] sales and ...")
BULLET_MARK = re.compile(r"^\s*[-*+•](?=\s+[-−+]?\$?\d)")
#: "3.6 cents of every dollar", "8.5 cents on each dollar of assets": a share in percent
CENTS = re.compile(r"\s*cents?\s+(?:of|on|per|for|in)\s+(?:every|each|a)\b", re.I)
CITATION = re.compile(r"\s*(?:(?:[A-Za-z][\w/&'-]*|\d+-[a-z]+)\s+){0,6}?\[(?P<body>[^\]\n]+)\]")
_BRACKETS = re.compile(r"\[[^\]\n]*\]")


@dataclass
class Figure:
    text: str
    value: float
    kind: str  # money, percent, points, multiple, plain
    tolerance: float
    signed: bool
    context: str  # the sentence (or table row and column) with its heading: who it is about
    local: list[str] = field(default_factory=list)  # narrower first: which metric it is
    start: int = -1  # offsets in the whole answer
    end: int = -1
    bound: str = ""  # "above" (more than ...) or "below" (less than ...)
    well: bool = False  # "well above", "far below": the bound is loose
    citation: str = ""  # "MSFT.pe" or "MSFT.pe / GOOGL.pe" when the figure cites facts
    before: str = ""  # the sentence (or cell) up to the figure
    after: str = ""  # the sentence (or cell) after the figure (citation removed)
    sentence: str = ""  # the sentence (or cell) itself
    heading: str = ""  # the section heading, bold lead-in or table row/column label
    table: bool = False
    decimals: int = 0
    prior: list[str] = field(default_factory=list)  # the line's earlier sentences, nearest first
    section: list[str] = field(default_factory=list)  # the section's earlier lines' sentences
    count: int = 1  # how many figures its sentence (or cell) has
    headings: list[str] = field(default_factory=list)  # innermost first, with the bold lead-in
    lead: str = ""  # the line's bold lead-in ("**Meta.** EPS jumped ..."), not in ``sentence``
    opening: str = ""  # the answer's first sentence: whom the whole answer is about
    rank: int = 0  # its place in a bare list of figures ("$334.7B and $196.9B": 0 and 1)
    size: int = 1  # how many figures that list has
    listed_at: int = -1  # where the list starts in ``sentence``
    listed_end: int = -1  # and where it ends
    line: int = 0  # the number of the answer's line it stands in
    #: the answer's lines before its own, nearest first
    earlier: list[str] = field(default_factory=list)


CLAUSE = re.compile(
    r"[,;:]\s|\s[—–|·•-]\s|\s(?:and|but|while|whereas|versus|vs\.?|compared with|against|"
    r"despite|although|though)\s",
    re.IGNORECASE,
)


#: "JPMorgan and Bank of America both trade at ...": an "and" joining two names is no clause break
NAMES_JOINED = re.compile(r".*\b[A-Z][\w&.'-]*\)?\s+and\s+[A-Z]", re.DOTALL)


def _clauses(body: str, position: int) -> list[str]:
    """The clause holding ``position``, then the one before it (metric names come first)."""
    flat = re.sub(r"\([^()]*\)", lambda m: " " * len(m[0]), body)  # no splits inside (...)
    flat = re.sub(r"\[[^\]]*\]", lambda m: " " * len(m[0]), flat)
    starts = (
        [0]
        + [
            m.end()
            for m in CLAUSE.finditer(flat)
            if not any(  # "Acme and Bolt", "(Acme, Bolt) and Core": names joined, not clauses
                NAMES_JOINED.fullmatch(text[max(0, m.start() - 30) : m.end() + 1])
                for text in (flat, body)
            )
        ]
    )
    index = max(i for i, start in enumerate(starts) if start <= position)
    ends = starts[1:] + [len(body)]
    found = [body[starts[index] : ends[index]]]
    if index > 0:
        found.append(body[starts[index - 1] : ends[index - 1]])
    return found


def extract_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` that claims something, with the context it is claimed in."""
    figures: list[Figure] = []
    opening = _opening(text)
    lines = text.split("\n")
    for place in _contexts(text):
        context, body, offset, in_table, heading, prior, section = place[:7]
        line = text.count("\n", 0, offset)
        earlier = lines[:line][::-1]
        body = BOLD_FIGURE.sub(lambda m: f"  {m[1]}  ", body)  # "**31.6x** vs **28.2x**"
        masked = SKIP.sub(lambda m: " " * len(m[0]), body)
        masked = BULLET_MARK.sub(lambda m: " " * len(m[0]), masked)  # "- 35.9x sales": no sign
        found = [(m, _figure(m, masked, context)) for m in NUMBER.finditer(masked)]
        found += [(m, _word_figure(m, context)) for m in WORD_TIMES.finditer(masked)]
        found = sorted(
            [(m, f) for m, f in found if f is not None], key=lambda pair: pair[0].start()
        )
        count = len(found)
        lists = _lists([m for m, _ in found], [f.kind for _, f in found], masked, body)
        for (match, figure), (rank, size, listed_at, listed_end) in zip(found, lists):
            figure.rank, figure.size = rank, size
            figure.listed_at, figure.listed_end = listed_at, listed_end
            lead = len(match[0]) - len(match[0].lstrip())
            begin = match.start() + lead
            end = begin + len(figure.text)
            figure.local = [] if in_table else _clauses(body, begin)
            figure.start, figure.end = offset + begin, offset + end
            cited = CITATION.match(body, end)
            # (ids, spaced operators, also "−", "×", "÷", and several ids cited with commas)
            if (
                cited
                and re.fullmatch(r"[\w.\-/+*() ,;−×÷]+", cited["body"])
                and "." in cited["body"]
            ):
                figure.citation = cited["body"].strip()
            figure.after = _BRACKETS.sub(lambda m: " " * len(m[0]), body[end:])
            figure.before = _BRACKETS.sub(lambda m: " " * len(m[0]), body[:begin])
            figure.sentence, figure.heading, figure.table = body, heading, in_table
            figure.prior, figure.section, figure.count = prior, section, count
            figure.headings, figure.lead, figure.opening = place[7], place[8], opening
            figure.line, figure.earlier = line, earlier
            figures.append(figure)
    return figures


#: a figure in bold, read as the figure alone (the same length, so offsets hold)
BOLD_FIGURE = re.compile(r"\*\*([-−+]?\$?\d[^*\n]{0,10}?)\*\*")
NEW_PAIR = re.compile(r"[^,;.()\d]{0,25}?\s(?:vs\.?|versus)\s", re.I)
#: the words before the far side of a pair ("... vs 13.2x", "against a 5.5x")
FAR_SIDE = re.compile(r"\b(?:against|vs\.?|versus|compare[sd]? (?:with|to))(?:\s+an?)?\s*$", re.I)
#: what stands between two figures of a bare list: "$334.7B and $196.9B", "(92.1% and 93.1%)",
#: "72.7% / 46.1% / 40.0%"
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*)")


def _lists(
    matches: list[re.Match[str]], kinds: list[str], text: str, body: str
) -> list[tuple[int, int, int, int]]:
    """(rank, size, start, end) of each figure in the bare list it stands in (size 1: none).
    A list holds sums of money or other figures, not both, with nothing but separators and
    citations between them ("$335B, and 16.5%" is no list, nor "EPS -3.4%, 1Y +12.8%")."""
    groups: list[list[int]] = []
    for index, match in enumerate(matches):
        gap = slice(matches[index - 1].end(), match.start()) if index else slice(0, 0)
        # (the far side of a pair ends it before a new pair: "12.2x P/E vs 13.2x, and 5.9x
        # EV/EBITDA vs 6.5x"; not "vs 26.9% and 9.1% at BofA")
        far = (
            index
            and FAR_SIDE.search(text[: matches[index - 1].start()])
            and NEW_PAIR.match(text, match.end())
        )
        if (
            index
            and not (far and len(groups[-1]) == 1)
            and (kinds[index] == "money") == (kinds[index - 1] == "money")
            and LIST_GAP.fullmatch(text[gap] + " ")
            and LIST_GAP.fullmatch(_BRACKETS.sub("", body[gap]) + " ")
        ):
            groups[-1].append(index)
        else:
            groups.append([index])
    found = []
    for group in groups:
        start = matches[group[0]].start()
        start += len(matches[group[0]][0]) - len(matches[group[0]][0].lstrip())
        end = matches[group[-1]].end()
        found += [(rank, len(group), start, end) for rank in range(len(group))]
    return found


def _word_figure(match: re.Match[str], context: str) -> Figure:
    value = float(WORD_VALUES[match["num"].lower()])
    return Figure(match[0], value, "multiple", 0.5, False, context)


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
    shared = SHARED_UNIT.match(text, match.end())
    if shared and not (money or unit or scale_word):
        unit = shared[1].lower()
    if not (money or unit or scale_word or decimals):
        return None  # a bare count ("5 companies", "3 years") is context, not a claim
    if unit in ("%", "percent"):
        kind = "percent"
    elif unit.startswith("percentage") or unit.startswith("point") or unit in ("pp", "pt", "pts"):
        kind = "points"
    elif unit in ("x", "×", "times", "turn", "turns"):
        kind = "multiple"
    elif unit == "bps":
        kind, value, scale = "points", value / 100, 1.0
    elif money or scale_word:
        kind = "money"
    elif CENTS.match(text, match.end()):
        kind = "percent"  # "3.6 cents of every sales dollar": a 3.6% share
    else:
        kind = "plain"
    step = 10.0**-decimals
    before = text[: match.start()]
    hedged = HEDGES.search(before)
    if decimals == 0 and hedged:
        # "about $250B": the trailing zeros are not precision (±$5B), unlike a plain "$250B"
        digits = number.replace(",", "")
        step = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    if hedged and kind in ("points", "multiple") and decimals == 0:
        step = max(step, 2.0)  # "about 14 points", "about 5 turns": a rounded gap
    # "a sub-1x book multiple": the hyphen joins a prefix, no minus sign; a bound below
    sub = match["sign"] == "-" and SUB.search(before)
    sign = -1.0 if ((match["sign"] in ("-", "−") and not sub) or match["sign2"]) else 1.0
    bound = BOUNDS.search(before)
    figure = Figure(
        match[0].strip(),
        sign * value * scale,
        kind,
        (step / 2) * scale + 1e-9 * abs(value * scale),
        bool((match["sign"] and not sub) or match["sign2"]),
        context,
        decimals=decimals,
    )
    if sub:
        figure.bound = "below"
    bound_after = BOUNDS_AFTER.match(text[match.end() :])
    if bound_after and not bound:  # "90% or more", "20x or less"
        figure.bound = "above" if bound_after["above"] or bound_after["plus"] else "below"
    if bound:
        word = bound["word"].lower()
        figure.bound = "above" if word in BOUND_ABOVE else "below"
        figure.well = bool(re.search(r"(well|far|much|comfortably)\s+\S+\s*$", before, re.I))
    return figure


BOUND_ABOVE = {
    "more than",
    "over",
    "above",
    "at least",
    "in excess of",
    "upwards of",
    "greater than",
    "north of",
}


#: a bold lead-in at the start of a line ("**Meta.** EPS jumped", "- **P/E:** 16.8x")
#: (a title: it ends with "." or ":" or a dash follows; "**Apple** is the cheapest" is no title)
LEAD = re.compile(
    r"^(?:[-*+]\s+|\d+[.)]\s+)?(\*\*[^*\n]+[.:!?]\*\*|\*\*[^*\n]+\*\*(?::|\s[—–-]))(?=\s+\S)"
)
_HEADING = re.compile(r"^(#+)\s*|^\*\*[^*]+\*\*:?$")


def _opening(text: str) -> str:
    """The answer's first sentence that is not a heading or a table row."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not _HEADING.match(stripped) and not stripped.startswith("|"):
            return re.split(r"(?<=[.;!?])\s+(?=[A-Z*(\[])", stripped)[0]
    return ""


Place = tuple[str, str, int, bool, str, list[str], list[str], list[str], str]


def _contexts(text: str) -> Iterable[Place]:
    """(context, body, offset of body in text, is a table cell, heading, earlier sentences,
    the section's earlier sentences, the headings innermost first, the line's bold lead-in):
    sentences with their section heading; table cells with their row label and column header.
    A bold line is a heading below the ``#`` headings; a bold lead-in heads its own line."""
    stack: list[tuple[int, str]] = []  # (level, heading): "## Microsoft" then "**Pros**"
    prior: list[str] = []  # the section's sentences so far
    header: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        stripped = PEER_LIST.sub(lambda m: m[1] + "(" + " " * len(m[2]) + ")", line.strip())
        lead = start + len(line) - len(line.lstrip())
        marker = _HEADING.match(stripped)
        if marker:
            level = len(marker[1]) if marker[1] else 7
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, stripped)]
            prior = []
            continue
        heading = " ".join(h for _, h in stack)
        headings = [h for _, h in stack[::-1]]
        if not stripped:
            continue
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            if not header or len(cells) != len(header):
                header = cells
                continue
            label = cells[0]
            position = lead + 1  # after the leading "|"
            for index, (column, raw) in enumerate(zip(header, stripped.strip("|").split("|"))):
                cell = raw.strip()
                row = label if index else ""
                yield (
                    f"{heading} | {row} | {column}",
                    cell,
                    position + raw.find(cell),
                    True,
                    f"{heading} | {row} | {column}",
                    [],
                    prior[::-1],
                    headings,
                    "",
                )
                position += len(raw) + 1
            continue
        header = []
        bold = LEAD.match(stripped)
        if bold and not re.match(r"[-*+\d]", stripped) and stack and stack[-1][0] == 7:
            stack.pop()  # "**Where B is ahead.** ..." after "**Where A is ahead.**": a sibling
            heading = " ".join(h for _, h in stack)
            headings = [h for _, h in stack[::-1]]
        title = re.sub(r"\*\*|\s[—–-]$", "", bold[1]).strip(" .:") if bold else ""
        blank = " " * bold.end(1) + stripped[bold.end(1) :] if bold else stripped
        # (also after an italic or bold lead: "1. *Cheap on its history.* The P/E is ...")
        cuts = [0] + [m.end() for m in SENTENCE_END.finditer(blank)]
        line: list[str] = []
        section = prior[::-1]
        for begin, finish in zip(cuts, [*cuts[1:], len(stripped)]):
            sentence = blank[begin:finish].rstrip()
            first = bold is not None and begin == 0
            yield (
                f"{heading} {title} {sentence}" if title else f"{heading} {sentence}",
                sentence,
                lead + begin,
                False,
                f"{heading} {title}".strip() if title else heading,
                line[::-1],
                section,
                [title, *headings] if title else headings,
                title if first or bold else "",
            )
            line.append(stripped[begin:finish].rstrip())
        prior.extend(line)
