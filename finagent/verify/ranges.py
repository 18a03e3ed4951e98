"""A figure that is one end of a range ("EPS fell between 33% and 38%", "yields run from 6.3% to
7.8%", "12–13x earnings"): a range spans the companies of a group, so each end is some company's
value, not the value of whichever company an earlier sentence named."""

from __future__ import annotations

import re

from .extract import Figure

_HEDGE = r"(?:about\s+|roughly\s+|around\s+|some\s+|just\s+)?"
#: the first end: "between 33% and", "from 6.3% to"
FIRST = re.compile(rf"\b(?:between|from)\s+{_HEDGE}$", re.I)
FIRST_AFTER = re.compile(r"^\s*(?:and|to|–|—)\s*[-−+]?\$?\d", re.I)
#: the second end: "between 33% and ", "from 6.3% to ", "12–"
SECOND = re.compile(
    rf"\b(?:between|from)\s+{_HEDGE}[-−+]?\$?[\d.,]+\s*\S{{0,8}}\s*(?:and|to)\s+$|\d[%x]?\s?–\s?$",
    re.I,
)


def range_end(figure: Figure) -> bool:
    """The figure is one end of a range written "between A and B", "from A to B" or "A–B"."""
    if figure.table:
        return False
    before = figure.before[-40:]
    return bool((FIRST.search(before) and FIRST_AFTER.match(figure.after)) or SECOND.search(before))
