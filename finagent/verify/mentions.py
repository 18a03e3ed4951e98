"""Where a company is named relative to the figures of a sentence: right next to another figure
("656.7% for Nvidia", "UnitedHealth's $439.37B"), as a yardstick ("second only to Lilly"),
owning the figure after it ("Bank of America's 9.1%"), or only in a later clause with a figure of
its own. Whom a figure is about (``subject``) builds on these."""

from __future__ import annotations

import re

from .entities import Entities
from .extract import Figure

#: "656.7% for Nvidia" (a lookahead: "45.0x at Microsoft and 128.3x at NVIDIA" are two)
ATTACHED = re.compile(
    r"\d(?:%|x\b|×|[BMT]\b|\s?(?:billion|million|trillion|bn)\b)?"
    r"(?:(?:\s(?:a|per)\syear|\sannuali[sz]ed)?\)?\s+(?:for|at|from|by)\s+"  # "(25.7% a year) for"
    r"(?:both\s+|each\s+of\s+)?(?:the\s+)?|\s?\((?=[^()\d]{1,30}\)))"  # "18.4% (GS)"
    r"(?=(?P<rest>.{0,30}))"
)
#: "11.6x for both JPM and BofA": the figure is each listed company's
BOTH = re.compile(r"\b(?:both|each\s+of)\s+(?:the\s+)?$")
#: "UnitedHealth's $439.37B", "Lilly (30.3% / 15.4%)", "Merck at an eye-watering 882.1x",
#: "(Lilly: 145.9%)", "Pfizer (P/E 73.6x)"
ATTACHED_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w&.'-]*(?:\s(?:of\s|and\s|&\s)?[A-Z][\w&.'-]*)*(?:'s|’s)?)"
    r"(?P<colon>:\s)?(?(colon)|\s(?:at\s(?:an?\s[a-z-]+\s)?|of\s|"
    r"\((?!(?:and|or|vs\.?|versus|but|while|with)\s)(?:[A-Za-z/&.-]+\s){0,2})?)"
    r"(?P<figure>[-−+]?\$?\d)"
    r"(?![\d.,]*(?:[-\s](?:week|day|month|year)s?\b|[wdmy]\b))"  # not "Acme's 52-week high"
)
#: a closed aside in parentheses that speaks of something else ("(which ended in July 2023, five
#: months before the other two closed their years)"): no company, window or metric of the figure
ASIDE = re.compile(r"\((?:which|that|who|when|where|whose|note|i\.e\.|e\.g\.)\b[^()]*\)", re.I)
#: a fact-id citation right after a figure
CITED = re.compile(r"(?<=[\d%xBMT])\s?\[[^\]\n]*\.[a-z_][^\]\n]*\]")
#: the rest of a text ending with a company that owns the figure after it ("Morgan Stanley (")
OWNER = re.compile(
    r"[\w&.'-]+(?:\s[A-Z][\w&.'-]*)*?(?:(?:'s|’s)\s+(?:[a-z-]+\s+)?|\s*at\s(?:an?\s[a-z-]+\s)?"
    r"|\s*of\s|\s*\(|\s*)[-−+$]*"
)
#: what follows a company's name up to the figure it owns ("'s ", " (", " in between at ",
#: "'s price-to-book of ")
OWNER_TAIL = re.compile(
    r"(?:(?:'s|’s)\s+(?:[a-z-]+\s+)?|(?:'s|’s)\s+(?:[\w/-]+\s+){1,3}(?:of|at|is|was)\s+"
    r"|(?:\s+[a-z-]+){0,3}\s*at\s(?:an?\s[a-z-]+\s)?|\s*of\s"
    r"|\s*\(|\s*)[-−+$]*"
)
#: a company named only as the yardstick of a comparison ("second only to Lilly", "behind
#: UnitedHealth", "about 1.5 times Alphabet's", "1.5x Alphabet's", "next to Merck's", "the same
#: 11.6x as BofA", "roughly matches Oracle"); not a "with" opening a clause (", with Goldman's
#: EPS down 23.9%")
YARDSTICK = re.compile(
    r"(?:(?<=\d)[x×]|\b(?:than|(?<![,;:(]\s)(?<![,;:(])(?<!^)(?<!comes )(?<!come )with|"
    r"like|versus|vs\.?|against|above|below|"
    r"behind|ahead of|next to|"
    r"(?:second|next) only to|times|double|twice|half|(?:a|one) (?:third|quarter|fifth)|"
    r"compared (?:with|to)|relative to|"
    r"close to|similar to|on par with|same\b[^,;]{0,30}?\bas|as\s[a-z-]+\sas|"
    r"trails?|trailed|trailing|beats?|beat|outpac(?:es|ed|ing)|match(?:es|ing)?|lags?|lagged|"
    r"lagging|exceed(?:s|ing)?|edg(?:es|ing) out|outstrip(?:s|ped|ping)?|surpass(?:es|ing)?|"
    r"tops|topping|out(?:ran|runs?|running|performs?|performed|performing|did|does|shone)|"
    r"underperform(?:s|ed|ing)?|"
    r"bar|except(?: for)?|other than|apart from|aside from|save for|excluding|but for))"
    r"\s+(?:that of\s+|(?<=half\s)of\s+|(?<=third\s|fifth\s)of\s+|(?<=quarter\s)of\s+)?"
    r"(?:the\s+)?(?=(?P<rest>.{0,30}))",
    re.IGNORECASE,
)
#: what joins the companies of one yardstick ("versus Cisco and Oracle", "than A or B")
_JOINED = re.compile(
    r"(?:'s|’s)?(?:\s*\([^()]{0,40}\))?"  # ("behind COP (16.2%) and SLB (15.2%)")
    r"(?:\s*,\s*(?:(?:and|or|&)\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?"
)
_FIGURE = re.compile(
    r"\d[\d.,]*\s?(?:%|x\b|×|[BMT]\b|billion|million|trillion|(?:percentage )?points?\b|times\b)"
    r"|\d+\.\d+"
)


def _since_last_figure(text: str) -> str:
    return _FIGURE.split(text)[-1]


class Mentions:
    """The companies a text names, and which of those mentions are set aside."""

    def __init__(self, entities: Entities, present: set[str]):
        self.entities = entities
        self.present = present
        self._yardsticks: dict[str, dict[int, str]] = {}  # an answer asks of a sentence often

    def named(self, text: str) -> set[str]:
        return self.entities.named(text) & self.present

    def later(self, figure: Figure | None, sentence: str = "") -> set[str]:
        """Companies named only after the figure (or the sentence's first figure), in a later
        clause with a figure of their own ("EV/EBITDA of 16.8x vs a 21.1x median; only Acme is
        lower, at 13.1x"): the subjects of those figures, not of this one."""
        sentence = figure.sentence if figure is not None else sentence
        first = _FIGURE.search(sentence)
        at = len(figure.before) if figure is not None else first.start() if first else -1
        if at < 0:
            return set()
        found, earlier = set(), set()
        for position, ticker in self.entities.find(sentence):
            if position < at:
                earlier.add(ticker)
                continue
            between, rest = sentence[at:position], sentence[position:]
            # (a clause of its own: "EPS jumped 27.2% while Microsoft's was flat at +0.3%")
            if re.search(r"[;,—–]|\s(?:while|whereas)\s", between) and _FIGURE.search(rest):
                found.add(ticker)
            else:
                earlier.add(ticker)
        return found - earlier

    def ordered(self, text: str) -> list[str]:
        """The companies ``text`` names, in the order it first names them."""
        return list(dict.fromkeys(t for _, t in self.entities.find(text) if t in self.present))

    def owner(self, text: str) -> str:
        """The company written right before the end of ``text`` ("Acme (", "Acme's ", "Acme at
        a lofty "), or ""."""
        tail = text[-40:]
        found = [(at, t) for at, t in self.entities.find(tail) if t in self.present]
        if not found:
            return ""
        at, ticker = found[-1]
        if re.fullmatch(OWNER, tail[at:]):
            return ticker
        # a name with lowercase words in it ("Bank of America's "): from the end of the name
        end = self.entities.end(tail, at)
        return ticker if OWNER_TAIL.fullmatch(tail[end:]) else ""

    def attached(self, sentence: str, figure: Figure | None = None) -> set[str]:
        """Companies written right next to another figure ("656.7% for Nvidia", "UnitedHealth's
        $439.37B"): not the subject of the sentence's other figures."""
        return set(self._attached(sentence, figure).values())

    def _attached(self, sentence: str, figure: Figure | None = None) -> dict[int, str]:
        """{position: ticker} of each mention written right next to another figure."""
        found = {}
        for match in ATTACHED.finditer(sentence):
            at = match.start("rest")
            while True:  # "11.6x for both JPM and BofA": each company of the list
                hits = self.entities.find(sentence[at : at + 30])
                if not hits or hits[0][0] != 0:
                    break
                found[at] = hits[0][1]
                joined = _JOINED.match(sentence, self.entities.end(sentence, at))
                if not joined or not BOTH.search(match[0]):
                    break
                at = joined.end()
        for match in ATTACHED_BEFORE.finditer(sentence):
            if figure is not None and match.start("figure") == len(figure.before):
                continue
            if match["colon"] and not sentence[: match.start("name")].endswith("("):
                continue  # "Acme: 23.3x earnings, 5.5x sales" labels a list, "(Acme: 5%)" not
            hits = self.entities.find(match["name"])
            if hits:
                found[match.start("name") + hits[-1][0]] = hits[-1][1]
        return found

    def compared(self, sentence: str) -> set[str]:
        """Companies named only as a yardstick ("in line with AbbVie's", "more than Apple",
        "second only to Lilly")."""
        return set(self._compared(sentence).values())

    def _compared(self, sentence: str) -> dict[int, str]:
        """{position: ticker} of each mention that is a yardstick."""
        if sentence not in self._yardsticks:
            self._yardsticks[sentence] = self._find_compared(sentence)
        return self._yardsticks[sentence]

    def _find_compared(self, sentence: str) -> dict[int, str]:
        found = {}
        for match in YARDSTICK.finditer(sentence):
            at = match.start("rest")
            while True:  # "versus Cisco and Oracle": each company of the yardstick's list
                hits = self.entities.find(sentence[at : at + 30])
                if not hits or hits[0][0] != 0:
                    break
                found[at] = hits[0][1]
                joined = _JOINED.match(sentence, self.entities.end(sentence, at))
                if not joined:
                    break
                at = joined.end()
        return found
