"""Regression tests for causes found on the eleventh and twelfth holdouts once they were retired
to development (dev17, dev18). Every sentence is made up, about companies the corpus does not
use, so that each test checks the rule rather than an example; each also checks that the rule
still flags a wrong value."""

from __future__ import annotations

from tests.test_verify_fresh import check, flagged, ok


def test_a_company_named_only_in_a_figureless_aside_after_the_figure_is_not_its_subject():
    text = (
        "- **Margins:** Visa's operating margin is 67.1%.\n"
        "- **Returns:** 9.8% over six months, against 27.1% for Costco (Boeing's data isn't "
        "available).\n\nFor context, the stock sits at 88.4% of its 52-week range."
    )
    ok(text, "9.8%", "88.4%")
    flagged(text.replace("9.8%", "24.9%"), "24.9%")  # Caterpillar's
    flagged(text.replace("88.4%", "18.5%"), "18.5%")  # Boeing's
    assert check(text)["27.1%"] == "verified"
