"""Regression tests for causes found on the fourth holdout once it was retired to development
(dev6). Every sentence is made up, about companies the corpus does not use, so that each test
checks the rule rather than an example; each also checks that the rule still flags a wrong
value."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, NAMES, flagged, ok
from tests.verify_kit import Checks, fact

# --- derived figures ---------------------------------------------------------------------------


def test_a_cited_difference_computed_from_the_values_as_shown_passes():
    # $19.75B - $6.29B = $13.46B as the prompt shows them; the raw values give $13.452B
    facts = [
        *FACTS,
        fact("V.net_income", "Net income", 19.746e9, "USD"),
        fact("COST.net_income", "Net income", 6.294e9, "USD"),
    ]
    kit = Checks(facts, NAMES)
    text = "Visa earned $13.46B [V.net_income - COST.net_income] more than Costco."
    kit.ok(text, "$13.46B")
    kit.flagged(text.replace("$13.46B", "$14.46B"), "$14.46B")
    raw = text.replace("$13.46B", "$13.45B")  # from the raw values: still right
    kit.ok(raw, "$13.45B")


def test_a_metric_s_value_after_of_is_a_level_not_a_gap():
    text = "On returns Visa leads with an ROE of 46.6%, ahead of Costco at 29.7%."
    ok(text, "46.6%", "29.7%")
    # 22.7% is Costco's 1Y return less Visa's: no gap the words speak of
    flagged(text.replace("46.6%", "22.7%"), "22.7%")
    # a gap that the words name after "of" still is one
    ok("Visa's ROE is ahead by a margin of 16.9 points over Costco's.", "16.9 points")


# --- asides in parentheses ---------------------------------------------------------------------


def test_the_others_in_an_aside_are_not_the_figure_s_companies():
    text = (
        "### Costco\n"
        "Revenue grew 6.8% in its FY2023 (which ended in August, four months before the other "
        "two closed their years), with a 3.4% operating margin and a P/E of 47.3x."
    )
    ok(text, "3.4%", "47.3x")
    flagged(text.replace("3.4%", "20.4%"), "20.4%")  # Caterpillar's margin


def test_a_window_in_an_aside_is_not_the_figure_s_window():
    text = (
        "Its operating margin was 67.1% in FY2023 (which, note, ended six months before "
        "Costco's year) and Visa returned 21.5% over the year."
    )
    ok("Visa is the quality name. " + text, "67.1%", "21.5%")
    flagged("Visa is the quality name. " + text.replace("67.1%", "3.4%"), "3.4%")
