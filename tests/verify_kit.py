"""Helpers for the verifier's regression tests: made-up facts, and the status of each figure
of a made-up answer checked against them."""

from __future__ import annotations

from finagent.facts import Fact
from finagent.verify import Verifier


def fact(id_: str, label: str, value: float, unit: str, period: str = "FY2023") -> Fact:
    entity, metric = id_.split(".", 1)
    return Fact(id_, entity, metric, label, value, unit, period, "T")


class Checks:
    """``check``, ``ok`` and ``flagged`` over one set of facts and company names."""

    def __init__(self, facts: list[Fact], names: dict[str, list[str]]) -> None:
        self.facts, self.names = facts, names

    def check(self, text: str, facts: list[Fact] | None = None) -> dict[str, str]:
        """figure text -> status (the first one when a figure text occurs twice)."""
        found: dict[str, str] = {}
        for figure in Verifier(names=self.names)(
            text, self.facts if facts is None else facts
        ).figures:
            found.setdefault(figure.text, figure.status)
        return found

    def ok(self, text: str, *figures: str) -> None:
        found = self.check(text)
        for figure in figures:
            assert found.get(figure) in ("verified", "derived"), (figure, found)

    def flagged(self, text: str, figure: str) -> None:
        found = self.check(text)
        assert found.get(figure) == "unverified", (figure, found)
