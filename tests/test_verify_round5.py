"""Regression tests for causes found on the ninth and tenth holdouts once they were retired to
development (dev11, dev12). Every sentence is made up, about companies the corpus does not use,
so that each test checks the rule rather than an example; each also checks that the rule still
flags a wrong value."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, NAMES, flagged, ok
from tests.verify_kit import Checks, fact

RETURNS = [
    *FACTS,
    fact("V.roic", "ROIC (NOPAT / invested capital)", 41.9, "%"),
    fact("V.roa", "ROA (net income / total assets)", 19.1, "%"),
]
returns = Checks(RETURNS, NAMES)


def test_a_bar_between_figures_ends_each_figure_s_name():
    text = "### Visa\n- Operating margin 67.1% | net margin 53.9% | ROE 46.6%"
    ok(text, "67.1%", "53.9%", "46.6%")
    flagged(text.replace("53.9%", "46.6%"), "46.6%")  # the ROE put in the net margin's place
    ok("### Visa\n- Operating margin 67.1% · net margin 53.9%", "67.1%", "53.9%")


def test_a_gap_between_two_metrics_of_one_company_named_together_is_derived():
    text = "For Visa, the gap between ROE and ROIC is about 5 points, a modest leverage effect."
    returns.ok(text, "5 points")  # 46.6% - 41.9% = 4.7
    returns.flagged(text.replace("about 5 points", "about 9 points"), "9 points")
    returns.ok("Visa's ROE exceeds its ROIC by 4.7 points.", "4.7 points")
