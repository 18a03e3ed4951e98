"""Regression tests for causes found on the thirteenth and fourteenth holdouts once they were
retired to development (dev21, dev22). Every sentence is made up, about companies the corpus does
not use, so that each test checks the rule rather than an example; each also checks that the rule
still flags a wrong value."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, NAMES
from tests.verify_kit import Checks

TRIO = Checks([f for f in FACTS if f.entity in ("V", "COST", "BA")], NAMES)


def test_figures_joined_by_slashes_are_a_bare_list_in_the_order_named_before():
    text = (
        "**Profitability**\n- Operating margin: Visa 67.1%, Costco 3.4%, Boeing -1.2%\n"
        "- Net margin: 53.9% / 2.6% / -2.9%\n- ROE: 46.6% / 29.7% / 12.3%"
    )
    TRIO.ok(text, "53.9%", "2.6%", "-2.9%", "46.6%", "29.7%", "12.3%")
    swapped = text.replace("46.6% / 29.7%", "29.7% / 46.6%")  # Visa's and Costco's, swapped
    TRIO.flagged(swapped, "29.7%")
    TRIO.flagged(swapped, "46.6%")
    TRIO.flagged(text.replace("/ 2.6% /", "/ 3.0% /"), "3.0%")
