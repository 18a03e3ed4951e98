"""Fact-id citations after a figure: ``41.8% [MSFT.operating_margin]``, or a derived figure's
``[MSFT.pe / GOOGL.pe]`` and ``[MSFT.operating_margin - GOOGL.operating_margin]``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..facts import Fact, shown_value

FACT_ID = r"[A-Za-z0-9][A-Za-z0-9\-]*\.[a-z0-9_]+"
_TERM = re.compile(rf"\s*(?P<id>{FACT_ID})\s*(?P<op>[-−/+*×÷])?")
_OPS = {"-": "-", "−": "-", "/": "/", "÷": "/", "+": "+", "*": "*", "×": "*"}


@dataclass
class Citation:
    ids: list[str]
    ops: list[str]  # between the ids: "-", "/", "+", "*"

    @property
    def derived(self) -> bool:
        return len(self.ids) > 1


def parse(text: str) -> Citation | None:
    """``"MSFT.pe / GOOGL.pe"`` -> Citation(["MSFT.pe", "GOOGL.pe"], ["/"]); None if it is not
    a citation of fact ids. Several ids separated by commas cite each of them."""
    text = text.strip()
    if "," in text or ";" in text:
        ids = [part.strip() for part in re.split(r"[,;]", text)]
        if all(re.fullmatch(FACT_ID, i) for i in ids):
            return Citation(ids, [])
        return None
    ids, ops, position = [], [], 0
    while position < len(text):
        match = _TERM.match(text, position)
        if not match:
            return None
        ids.append(match["id"])
        position = match.end()
        if match["op"]:
            ops.append(_OPS[match["op"]])
        elif position < len(text):
            return None
    if not ids or len(ops) != len(ids) - 1:
        return None
    return Citation(ids, ops)


def evaluate(citation: Citation, facts: Mapping[str, Fact], shown: bool = False) -> float | None:
    """The value the citation computes (left to right), or None if it cannot be computed.
    ``shown``: from the values as the prompt shows them ($49.55B - $26.52B = $23.03B)."""
    values = [facts[i].value for i in citation.ids]
    if any(v is None for v in values):
        return None
    if shown:
        values = [shown_value(v, facts[i].unit) for v, i in zip(values, citation.ids)]  # type: ignore[arg-type]
    if citation.ops and all(op in "*/" for op in citation.ops):
        # "[CVX.payout_ratio * CVX.net_income]": a percentage multiplies as a fraction
        units = [facts[i].unit for i in citation.ids]
        values = [v / 100 if u == "%" else v for v, u in zip(values, units)]  # type: ignore[operator]
    result = float(values[0])  # type: ignore[arg-type]
    for op, value in zip(citation.ops, values[1:]):
        value = float(value)  # type: ignore[arg-type]
        if op == "-":
            result -= value
        elif op == "+":
            result += value
        elif op == "*":
            result *= value
        elif value:
            result /= value
        else:
            return None
    return result
