"""Which return window and fiscal year a figure names ("a 52.2% three-month gain", "24.6x in
FY2022", "- FY2022: 24.6x"), and so which facts of the right company and metric it may be:
written next to it, in its own part of the clause, or (returns only) earlier in the sentence."""

from __future__ import annotations

import re

from ..facts import Fact
from .extract import Figure
from .mentions import ASIDE
from .metrics import (
    _NUMBER_WORDS,
    BARE_WINDOW,
    WINDOW,
    _months,
    fact_window,
    fact_year,
    fiscal_years,
    text_windows,
)

#: a fiscal year-end written right after the figure ("24.6x in FY2022", "at FY2024's end")
YEAR_END = re.compile(
    r"^\s*(?:in|at|for|as of)\s+(?:the\s+)?(?:(?:(?:fiscal\s+)?year[- ]end\s+|end\s+of\s+)?"
    r"(?:FY\s?|fiscal\s+(?:year\s+)?)\d{2,4}|(?:year[- ])?end[- ](?:of[- ])?\d{4})\b",
    re.I,
)
#: a multiple of a fiscal year's earnings or sales, written right after it
BASIS = re.compile(
    r"\s*(?:of\s+|on\s+)?(?:its\s+|the\s+)?(?:FY\s?\d{2,4}|fiscal\s+(?:year\s+)?\d{4}|"
    r"(?:the\s+)?last\s+(?:fiscal\s+|full\s+)?year)(?:'s|’s)?\s+"  # ("131.4x last year's EPS")
    r"(?:diluted\s+|trailing\s+)?(?:earnings|eps|sales|revenue|ebitda|book)\b",
    re.I,
)
#: words that speak of fiscal years or year-ends ("FY2022", "a year ago", "at the end of")
YEARS_SAID = re.compile(
    r"\b(?:FY\s?(?:\d{4}|\d{2})|fiscal|year[- ]?ends?|end of|(?:19|20)\d{2}|"
    r"a year (?:ago|earlier|before)|last year|prior year|previous year|history|historical|"
    r"back then|then|was|were|used to)\b",
    re.I,
)
ANNUALISED = re.compile(r"\s*annuali[sz]ed\b", re.I)
#: "5Y annualised only 5.8%": the window's rate, named before the figure
ANNUALISED_BEFORE = re.compile(r"\bannuali[sz]ed\s+(?:only\s+|just\s+|of\s+|at\s+)?$", re.I)
#: the near side of a pair whose window comes after the far side
PAIR_WINDOW = re.compile(
    # (not past a comma: "versus 22.7%, and two-year max drawdowns" is another metric's window)
    r"\s*(?:vs\.?|versus|against)\s+[-−+]?\$?\d(?:[\d.]|,(?=\d))*[^\s),;]*\s*(?P<rest>[^,;:()\[\d]{0,25})",
    re.I,
)
PER_YEAR = re.compile(r"\s*(?:a|per|each)\s+year\b", re.I)
#: (not a window written with a letter: "-1.5% over 6M" names the window of -1.5%)
_NEXT_FIGURE = re.compile(
    r"\$\d|[-−+]?(?!\d{1,2}\s?[MY]\b)\d[\d.,]*\s?(?:%|x\b|×|[BMT]\b|billion|million|times\b)"
)
#: words that make a figure a compound rate a year
RATE_SAID = re.compile(
    r"\b(?:cagr|compound(?:ed|ing)?|annuali[sz]ed|a year|per year|per annum|p\.a\.|annual|"
    r"yearly|each year|every year|a yr)\b",
    re.I,
)
#: "last year" with a fiscal metric ("revenue fell hardest last year") is the fiscal year
RETURN_WORD = re.compile(r"\b(?:return|returned|stock|shares?|gained|rallied|performance)\b", re.I)
VAGUE_YEAR = re.compile(r"\b(?:last|past|this|the) year\b", re.I)
FUNDAMENTAL = re.compile(
    r"\b(?:revenue|sales|eps|earnings|margins?|income|profits?|growth|share count|shares|"
    r"buybacks?|repurchases?|dividends?|payout|"
    r"roe|roa|roic|rotce|returns? on (?:equity|assets|capital)|cash flow|fcf|coverage)\b",
    re.I,
)


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
#: "from March 2022 to October 2023", "(July to August 2023)": the span of a fall
_MONTH = "|".join(_MONTHS)
SPAN = re.compile(
    rf"\b(?P<m1>{_MONTH})[a-z]*\.?\s+(?P<y1>\d{{4}})?\s*"
    rf"(?:to|and|through|until|–|-)\s+(?P<m2>{_MONTH})"
    r"[a-z]*\.?\s+(?P<y2>\d{4})",
    re.I,
)
_PEAK = re.compile(r"peak (\d{4})-(\d{2})-\d{2}, trough (\d{4})-(\d{2})")


def by_dates(figure: Figure, pool: list[Fact]) -> list[Fact]:
    """The facts whose peak and trough fall in the months the figure's sentence names ("lost
    about 41% from March 2022 to October 2023": the drawdown), or ``pool`` if none do."""
    span = SPAN.search(figure.after[:60]) or SPAN.search(_own_part(figure))
    if not span:
        return pool
    m1, m2 = (f"{_MONTHS.index(span[k][:3].lower()) + 1:02d}" for k in ("m1", "m2"))
    found = []
    for fact in pool:
        peak = _PEAK.search(fact.note or "")
        if peak and (peak[2], peak[4], peak[3]) == (m1, m2, span["y2"]):
            if not span["y1"] or span["y1"] == peak[1]:
                found.append(fact)
    return found or pool


#: a window named by its first month ("since March 2021", "since mid-2021" is too vague)
SINCE = re.compile(rf"\bsince\s+(?P<m>{_MONTH})[a-z]*\.?,?\s+(?P<y>\d{{4}})\b", re.I)
_ENDS = re.compile(r"\bto (\d{4})-(\d{2})-\d{2}\b")


def since_windows(text: str, pool: list[Fact]) -> set[str]:
    """The windows of ``pool`` that start in the month ``text`` says they run since ("since
    March 2021" is the 3Y window of facts to 2024-03-08), give or take a month."""
    since = SINCE.search(text)
    if not since:
        return set()
    named = int(since["y"]) * 12 + _MONTHS.index(since["m"][:3].lower())
    found = set()
    for fact in pool:
        window, end = fact_window(fact), _ENDS.search(fact.period)
        if window and end:
            start = int(end[1]) * 12 + int(end[2]) - 1 - round(float(window[:-1]))
            if abs(start - named) <= 1:
                found.add(window)
    return found


def _rates(pool: list[Fact], windows: set[str]) -> list[Fact]:
    """The annualised rates of ``pool`` over ``windows`` (``pool`` if the sheet has none)."""
    rates = [f for f in pool if "annualised" in f.label.lower().split(" (")[0]]
    return [f for f in rates if fact_window(f) in windows] or pool


def in_period(figure: Figure, pool: list[Fact]) -> list[Fact]:
    """The facts of ``pool`` of the window and fiscal year the figure's words name."""
    pool = by_dates(figure, pool)
    windows = text_windows(_own_part(figure), figure.before)
    if not windows and not figure.table:  # "Since March 2021 it has returned 34.9%"
        windows = since_windows(_own_part(figure), pool)
    if not figure.table:  # "a 52.2% three-month gain": the window written next to it wins
        whole = re.split(r"[,;:()\[]|\d|\s(?:and|but|while|vs\.?|versus)\s", figure.after)[0]
        after = whole[:25]
        if not PER_YEAR.match(after):  # "11.8% a year" is a rate, not a one-year window
            # ("49.3% over three" after "12.3% over a year": the unit of the window before;
            # not "above its two-year fiscal-year-end average", the average's span)
            own_windows = text_windows(after, f"{figure.before} {after}")
            own_windows &= text_windows(whole[:60], f"{figure.before} {whole[:60]}")
            windows = own_windows or windows
    if not windows and not figure.table:  # "22.0% vs -3.9% over six months": the pair's
        pair = PAIR_WINDOW.match(figure.after)
        windows = text_windows(pair["rest"], f"{figure.before} {pair['rest']}") if pair else set()
    own = bool(windows)  # named in the figure's own clause
    annualised = ANNUALISED.match(figure.after) or ANNUALISED_BEFORE.search(figure.before)
    if own and annualised and not figure.table:
        pool = _rates(pool, windows)  # "5Y +131.7% (18.3% annualised)": that window's rate
    if not windows and not figure.table:  # or before it in the sentence: returns only
        earlier = earlier_window(figure) or _list_window(figure)
        last = last_window(figure)
        if PER_YEAR.match(figure.after) and last and float(last[:-1]) > 12:
            # "... and 803.3% over five, which works out to 55.3% a year": the last window's
            earlier = {last}
        if (ANNUALISED.match(figure.after) or PER_YEAR.match(figure.after)) and any(
            float(w[:-1]) > 12 for w in earlier
        ):
            pool = _rates(pool, earlier)  # "up 31.9% over five years, only 5.7% annualised"
        pool = [
            f
            for f in pool
            if not earlier or not f.metric.startswith("return") or fact_window(f) in earlier
        ]
    if figure.table:  # the row's or column's window; the heading's only for returns
        windows = text_windows(figure.context.partition(" | ")[2])
        above = text_windows(figure.context.partition(" | ")[0])
        if not windows and above:
            pool = [f for f in pool if not f.metric.startswith("return") or fact_window(f) in above]
    years = fiscal_years(figure.local[0] if figure.local else figure.context)
    if not years and len(figure.local) > 1 and figure.local[1].rstrip().endswith(":"):
        years = fiscal_years(figure.local[1])  # "- FY2022: 24.6x"
    ended = YEAR_END.match(figure.after)  # "24.6x in FY2022", "51.7x at FY2024's end"
    if ended and not figure.table:
        years = fiscal_years(ended[0])  # that year, not another figure's in the clause
    if years:
        pool = [f for f in pool if not fact_year(f) or fact_year(f) in years]
    if ended and not figure.table:  # that year-end's value, not today's
        dated = {_undated(f.metric) for f in pool if fact_year(f)}
        pool = [f for f in pool if fact_year(f) or f.metric not in dated]
    elif BASIS.match(figure.after) and not figure.table:  # "20.0x FY2023 earnings": today's
        pool = [f for f in pool if not fact_year(f)]  # price on that year's EPS, not the year-end's
    elif not figure.table and not YEARS_SAID.search(f"{figure.heading} {figure.sentence}"):
        # "P/E is 16.8x vs a peer median": today's multiple, not a year-end's, when nothing
        # around it speaks of years
        undated = {f.metric for f in pool if not fact_year(f)}
        pool = [f for f in pool if not fact_year(f) or _undated(f.metric) not in undated]
    if len(years) == 1 and not windows:  # "dropped 41.1% in FY2023": not a 2-year CAGR
        pool = [f for f in pool if float(fact_window(f)[:-1] or 0) <= 12]
    if windows:
        pool = [f for f in pool if not fact_window(f) or fact_window(f) in windows]
        clause = figure.local[0] if figure.local else ""
        # "a one-year EPS jump", "revenue fell last year": the fiscal year's change
        # (or the clause before, when the figure's own names no return: "its revenue has been
        # shrinking: −2.3% last year")
        before = figure.local[1] if len(figure.local) > 1 and not RETURN_WORD.search(clause) else ""
        fiscal = (FUNDAMENTAL.search(clause) or FUNDAMENTAL.search(before)) and (
            VAGUE_YEAR.search(clause) or windows == {"12m"}
        )
        if own and not fiscal:
            # "returned 7.5% over the year": a return; not "revenue fell last year (-28.5%)"
            pool = [f for f in pool if fact_window(f)] or pool
    elif not figure.table and not RATE_SAID.search(f"{figure.sentence} {figure.heading}"):
        # "Pfizer's revenue collapsed 41.1%": the year's change, not a compound rate a year over
        # a window nothing names
        pool = [f for f in pool if "cagr" not in f.metric] or pool
    return pool


def _own_part(figure: Figure) -> str:
    """The figure's clause up to the next figure after it (or after its list): "91.7% of the
    range after a 22.0% six-month gain" names no window for 91.7%."""
    clause = figure.local[0] if figure.local else figure.context
    start = figure.sentence.find(clause) if figure.local else -1
    at = len(figure.before) - start if start >= 0 else clause.find(figure.text)
    if clause[at : at + len(figure.text)] != figure.text:
        at = clause.find(figure.text)
    if figure.table or at < 0 or figure.rank < figure.size - 1:
        return clause
    end = at + len(figure.text)
    following = _NEXT_FIGURE.search(clause, end)
    own = clause[: following.start()] if following else clause
    opened = own.find("(", end)  # "14.6% (2-year CAGR 13.7%)": the next figure's label
    if following and opened >= 0:
        own = own[:opened]
    # an aside's figures end where it closes ("the more volatile stock (28.0% vs 22.7%) with
    # the deeper three-year drawdown") or at its next clause, which names a metric of its own
    # ("(18.9% volatility, and a max drawdown over the last 18 months of -14.7%)")
    inside = figure.before.rfind("(") > figure.before.rfind(")")
    closed = own.find(")", end)
    if inside and closed >= 0:
        own = own[:closed]
    later = _LATER_CLAUSE.search(own, end)
    if inside and later:
        own = own[: later.start()]
    # ("(up 91.9% over three years, lowest volatility at 17.7%)": the window written right
    # after the figure before is that figure's own)
    ahead = WINDOW.sub(
        lambda m: " " * len(m[0]) if _AFTER_FIGURE.search(own[: m.start()]) else m[0], own[:at]
    )
    return ahead + own[at:end] + ASIDE.sub(" ", own[end:])  # "41.8% in FY2023 (which ended ..."


#: a new clause inside an aside, naming another metric ("..., and a max drawdown")
_LATER_CLAUSE = re.compile(
    r"[,;]\s+(?:and\s+)?(?!(?:over|in|for|during|since|across|from|through|to|vs\.?|versus|"
    r"against|compared|annuali[sz]ed|a year|per year)\b)(?=[a-z])",
    re.I,
)

#: a window written right after another figure ("down 11.3% [..] over six months") is that
#: figure's own; a figure after several of them may be any one's ("up 3.9% over the past year
#: and down 11.3% over six months, while A gained 59.5%")
_AFTER_FIGURE = re.compile(r"[\d%x\]]\s*(?:(?:over|in|for|during|across)\s+)?$", re.I)


def last_window(figure: Figure) -> str:
    """The window named last before the figure in its sentence, a bare one ("over five")
    taking the unit of the one before it ("over three years and 803.3% over five")."""
    found = [(m.start(), text_windows(m[0])) for m in WINDOW.finditer(figure.before)]
    for m in BARE_WINDOW.finditer(figure.before):
        units = [w for at, w in found if at < m.start() and w]  # ("over the year": no window)
        if units:
            unit = "y" if float(next(iter(units[-1]))[:-1]) % 12 == 0 else "m"
            found.append((m.start(), {_months(_NUMBER_WORDS.get(m[1].lower(), m[1]), unit)}))
    found = [(at, w) for at, w in found if w]
    return next(iter(max(found, key=lambda x: x[0])[1])) if found else ""


#: a window that labels the figure right after it ("2-year CAGR 13.7%")
LABELS_NEXT = re.compile(
    r"[\s-]*(?:(?!(?:and|or|vs|versus|against|while|but|to|than|at|in|on|for|with|by|from|is|was|"
    r"were|are|up|down)\b)[A-Za-z/]+\s+){0,2}"
    r"(?:of\s+)?[-−+]?\$?\d",
    re.I,
)


def _undated(metric: str) -> str:
    """The metric of a year-end fact without its year: "pe_fy2022" -> "pe"."""
    return re.sub(r"_fy\d{4}$", "", metric)


def _list_window(figure: Figure) -> set[str]:
    """The window of the list of returns the figure goes on, in sentences joined by ";"
    ("Lilly returned 145.9% over a year (281.6% over three); AbbVie 24.4%; Pfizer lost
    28.7%")."""
    for sentence in figure.prior:
        if not sentence.rstrip().endswith(";"):
            break
        found = text_windows(re.sub(r"\([^()]*\)", " ", sentence))
        if found:
            return found
    return set()


def earlier_window(figure: Figure) -> set[str]:
    """The window named before the figure in its sentence: the nearest ("over six months AMD
    edged ahead, 95.5% vs 92.1%"), or any of them for a list ("83.4% over three years and 61.4%
    over one, against 34.9% and 43.7%"); not a rate per year ("(9.4% a year)")."""
    named = [
        (text_windows(m[0]), bool(_AFTER_FIGURE.search(figure.before[: m.start()])))
        for m in WINDOW.finditer(figure.before)
        if not re.search(r"[\d%x\]]\s*$", figure.before[: m.start()])
        # "(2-year CAGR 13.7%)": an adjective labelling the figure right after it
        and not ("-" in m[0] and LABELS_NEXT.match(figure.before[m.end() :]))
    ]
    named = [(w, attached) for w, attached in named if w]
    if figure.size > 1:
        return set().union(*(w for w, _ in named))
    if named and named[-1][1]:  # another figure's: any window given to a figure before it
        return set().union(*(w for w, attached in named if attached))
    return named[-1][0] if named else set()
