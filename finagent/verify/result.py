"""What the check of one figure finds, and small helpers the decision modules share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facts import Fact

COMPARED = re.compile(
    r"\b(?:vs\.?|versus|against|compared (?:with|to)|compares? (?:with|to)|than)\s*"
    r"(?:(?:a|an|the)\s+)?"
    r"(?:(?:peer\s+|sector\s+|group\s+)?median\s+of\s+)?$",  # ("versus a median of 61.4%")
    re.I,
)


@dataclass
class Result:
    status: str
    fact_ids: list[str] = field(default_factory=list)
    how: str = ""
    nearest: str = ""


def _base(fact: Fact) -> str:
    """The metric without its reference: peer_median_pe -> pe."""
    return re.sub(r"^peer_median_|_hist_avg$", "", fact.metric)


def _show(facts: list[Fact]) -> str:
    return ", ".join(f"{f.id} = {f.display}" for f in facts)
