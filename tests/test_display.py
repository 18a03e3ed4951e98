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


def test_citations_become_markers_with_a_sources_list():
    from finagent.verify.marks import with_citation_markers

    facts = [
        FACTS[0],
        Fact("GOOGL.operating_margin", "GOOGL", "operating_margin", "Operating margin", 27.42,
             "%", "FY2023", "IS"),
    ]  # fmt: skip
    text = (
        "Microsoft's margin was 41.8% [MSFT.operating_margin], Alphabet's 27.4% "
        "[GOOGL.operating_margin]: 14.4 points [MSFT.operating_margin - GOOGL.operating_margin] "
        "apart [MSFT.operating_margin]. See [the note]."
    )
    shown = with_citation_markers(text, facts)
    assert shown.startswith(
        "Microsoft's margin was 41.8% [1], Alphabet's 27.4% [2]: 14.4 points [3] apart [1]. "
        "See [the note]."
    )
    assert "- [1] MSFT.operating_margin = 41.8% (FY2023)" in shown
    assert "- [3] MSFT.operating_margin - GOOGL.operating_margin, from 41.8% (FY2023); " in shown
    hidden = with_citation_markers(text, facts, hide=True)
    assert "[" not in hidden.replace("[the note]", "") and "Sources" not in hidden
