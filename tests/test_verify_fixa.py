"""Regression tests for causes found on dev8, dev9 and dev10 (uncited false alarms, then misses).
Every sentence is made up, about companies the corpus does not use, so that each test checks the
rule rather than an example; each also checks that the rule still flags a wrong value."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, NAMES
from tests.verify_kit import Checks, fact

EQUITY = [
    fact("BMO.equity", "Shareholders' equity", 88.2e9, "USD"),
    fact(
        "BMO.common_equity", "Common equity (shareholders' equity − preferred stock)", 80.1e9, "USD"
    ),
    *FACTS,
]
_EQUITY = Checks(EQUITY, NAMES)
_CHECKS = Checks(FACTS, NAMES)


def test_preferred_stock_is_total_equity_less_common_equity():
    text = (
        "Bank of Montreal's balance sheet: the gap between total and common equity implies about "
        "$8.1 billion of preferred stock."
    )
    _EQUITY.ok(text, "$8.1 billion")
    _EQUITY.flagged(text.replace("$8.1 billion", "$9.6 billion"), "$9.6 billion")
    said = (
        "Bank of Montreal's shareholders' equity was $88.2B, of which $80.1B is common equity, "
        "so there is about $8.1B of preferred stock."
    )
    _EQUITY.ok(said, "$8.1B")
    _EQUITY.flagged(said.replace("$8.1B of", "$6.9B of"), "$6.9B")


def test_stock_based_compensation_is_free_cash_flow_less_that_after_it():
    facts = [
        fact("V.fcf_after_sbc", "FCF after stock-based compensation", 16.9e9, "USD"),
        *FACTS,
    ]
    checks = Checks(facts, NAMES)
    text = (
        "Visa's free cash flow was $19.7 billion. After stock-based compensation it's $16.9 "
        "billion, which means SBC runs at about $2.8 billion a year."
    )
    checks.ok(text, "$2.8 billion")
    checks.flagged(text.replace("$2.8 billion", "$3.4 billion"), "$3.4 billion")


def test_a_gap_with_no_than_measures_against_the_earlier_subject_which_stays_the_subject():
    text = (
        "Bank of Montreal's ROE of 8.8% is far below its rivals' (Visa 46.6%, Costco 29.7%); "
        "Visa's ROE is 37.8 points higher. The operating margin tells the same story, 31.7% "
        "against 67.1% and 3.4%."
    )
    _CHECKS.ok(text, "31.7%")
    _CHECKS.flagged(text.replace("31.7%", "20.4%"), "20.4%")  # Caterpillar's


def test_the_words_right_after_a_ratio_name_its_metric_not_the_one_the_sentence_stated():
    text = (
        "Visa is the smaller company, with revenue of $32.7B against Costco's $242.3B, and it "
        "produced about 3.0x as much free cash flow."
    )
    _CHECKS.ok(text, "3.0x")
    _CHECKS.flagged(text.replace("3.0x", "7.4x"), "7.4x")  # the ratio of their revenues


def test_a_hyphenated_metric_before_median_names_the_median_and_not_the_stated_metric():
    text = (
        "Visa has the best operating margin (67.1%) and net margin (53.9%); Bank of Montreal is "
        "second on both (31.7% and 22.8%), about 11 points above the 20.4% operating-margin "
        "median."
    )
    _CHECKS.ok(text, "20.4%", "11 points")
    _CHECKS.flagged(text.replace("20.4%", "24.4%"), "24.4%")
    _CHECKS.flagged(text.replace("about 11 points", "about 5 points"), "5 points")


def test_a_multiple_above_or_below_another_is_their_difference():
    text = "Bank of Montreal has the lowest P/B (1.3x, a full 6.4x below Boeing's 7.7x)."
    _CHECKS.ok(text, "6.4x")
    _CHECKS.flagged(text.replace("6.4x", "5.4x"), "5.4x")
    above = "Caterpillar's EV/EBITDA of 11.7x is 2.5x above Bank of Montreal's 9.2x."
    _CHECKS.ok(above, "2.5x")
    _CHECKS.flagged(above.replace("2.5x", "1.3x"), "1.3x")


def test_a_sub_prefix_is_no_minus_sign_but_a_bound_below():
    text = "Bank of Montreal's returns are thin, so a sub-2x P/B is arguably fair."
    _CHECKS.ok(text, "-2x")
    _CHECKS.flagged(text.replace("sub-2x", "sub-0.8x"), "-0.8x")


def test_averaging_after_year_end_multiples_is_their_average():
    facts = [
        fact("V.pe_fy2023", "P/E at FY2023 year-end", 31.0, "x"),
        fact("V.pe_fy2022", "P/E at FY2022 year-end", 27.0, "x"),
        fact("V.pe_hist_avg", "P/E, average of year-ends", 29.0, "x"),
        *FACTS,
    ]
    checks = Checks(facts, NAMES)
    text = (
        "Visa trades at 29.6x earnings. At its last two fiscal year-ends it was on 31.0x "
        "(FY2023) and 27.0x (FY2022), averaging 29.0x, so today's P/E is close to that average."
    )
    checks.ok(text, "29.0x")
    checks.flagged(text.replace("averaging 29.0x", "averaging 33.0x"), "33.0x")
