"""The rich display of the chat and ``ask``: answers with marks on unverified figures."""

from __future__ import annotations

from rich.console import Console

from finagent.app.display import answer
from finagent.facts import Fact
from finagent.verify import Verifier

FACTS = [
    Fact(
        "MSFT.operating_margin",
        "MSFT",
        "operating_margin",
        "Operating margin",
        41.77,
        "%",
        "FY2023",
        "IS",
    )
]


def test_the_unverified_mark_lands_on_the_right_figure():
    text = "MSFT's operating margin was 41.8%; the gap was 1.8% wider."
    verification = Verifier()(text, FACTS)
    assert [f.text for f in verification.unverified] == ["1.8%"]
    console = Console(record=True, width=120)
    answer(console, text, verification)
    out = console.export_text()
    assert "41.8% ⚠" not in out and "1.8% ⚠" in out
    assert "(⚠ = not found in the facts)" in out
