"""Regression tests for gaps a second mutation-testing pass (mutmut 3.8.1 over subject, derived
and check, after the rules added from dev8 to dev16) found in the verifier's tests: rules no test
exercised, so that breaking them went unnoticed. Every sentence is made up, about companies the
corpus does not use; each test checks that a right value passes and that a wrong one is
flagged."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, NAMES, flagged, ok
from tests.verify_kit import Checks, fact

YIELDS = Checks([*FACTS, fact("V.dividend_yield", "Dividend yield", 0.8, "%")], NAMES)


# --- a sum of money that is a stated percentage of another -------------------------------------


def test_a_percentage_of_a_price_per_share_is_a_derived_product():
    text = "Visa's 0.8% dividend yield on a $276.4 share price pays about $2.21 a share."
    YIELDS.ok(text, "$2.21")  # 0.8% of $276.4 (a sum per share, not only a plain sum)
    YIELDS.flagged(text.replace("$2.21", "$2.90"), "$2.90")


def test_a_multiple_the_sentence_states_is_no_percentage_of_a_sum():
    text = "Visa's net margin of 53.9% on $32.7B of revenue comes to about $17.6B of profit."
    ok(text, "$17.6B")
    flagged(text.replace("$17.6B", "$19.6B"), "$19.6B")
    # 29.6x is no rate: 29.6 / 100 x $32.7B = $9.7B is no product
    flagged("Visa trades at 29.6x earnings on $32.7B of revenue, or about $9.7B.", "$9.7B")


def test_a_percentage_is_only_ever_of_a_sum_of_its_own_company():
    # Visa's margin on Costco's revenue is no fact of anyone's
    text = "Visa's 53.9% net margin applied to Costco's $242.3B of revenue would be about $130.6B."
    flagged(text, "$130.6B")
    # another company's sum named first does not stop the search for the rate's own
    text = (
        "Costco's net margin of 2.6% on $242.3B of revenue, against Visa's $32.7B, is about "
        "$6.3B of profit."
    )
    ok(text, "$6.3B")
    flagged(text.replace("$6.3B", "$8.3B"), "$8.3B")


# --- a bare pair in the order of an earlier named pair ------------------------------------------

PAIRED = "**Side by side**\n- P/E: Costco 47.3x vs Visa 29.6x.\n"


def test_a_bare_pair_whose_line_names_its_company_takes_no_earlier_order():
    for line in (
        "- **Visa** on EV/EBITDA: 22.1x vs 27.4x.",  # the bold lead-in
        "- EV/EBITDA: Visa 22.1x vs 27.4x.",  # the company right before it
        "- EV/EBITDA: it is 22.1x vs 27.4x.",  # a pronoun for the last company named
    ):
        ok(PAIRED + line, "22.1x", "27.4x")
    flagged(PAIRED + "- **Visa** on EV/EBITDA: 27.4x vs 22.1x.", "27.4x")


def test_a_bare_pair_under_a_heading_naming_a_company_is_that_company_s():
    text = "### Visa\n- P/E: Costco 47.3x vs Visa 29.6x.\n- EV/EBITDA: 22.1x vs 27.4x."
    ok(text, "22.1x", "27.4x")
    flagged(text.replace("22.1x vs 27.4x", "27.4x vs 22.1x"), "27.4x")


def test_a_pair_naming_one_company_twice_sets_no_order():
    text = "**Side by side**\n- P/E: Costco 47.3x vs Costco 29.6x.\n- EV/EBITDA: 27.4x vs 22.1x."
    ok(text, "27.4x", "22.1x")


def test_two_figures_before_two_companies_go_with_them_in_turn():
    text = "Net margins were 53.9% and 2.6% for Visa and Costco respectively."
    ok(text, "53.9%", "2.6%")
    flagged(text.replace("53.9% and 2.6%", "2.6% and 53.9%"), "2.6%")  # the order swapped


# --- a line whose companies are all labels ------------------------------------------------------


def test_the_median_is_no_company_a_line_of_labels_leaves():
    pair = Checks([f for f in FACTS if f.entity in ("V", "COST", "median")], NAMES)
    text = (
        "- **EPS:** up 17.2%, with a P/E of 29.6x, level with the median. Costco's EPS also "
        "rose, by 8.9%.\n"
        "- **Margins:** operating margin 67.1% (Costco: 3.4%), net margin 53.9% (Costco: 2.6%).\n"
        "- **Returns:** ROE 46.6%."
    )
    pair.ok(text, "46.6%")
    pair.flagged(text.replace("ROE 46.6%", "ROE 29.7%"), "29.7%")  # Costco's


def test_a_lone_yardstick_with_its_own_figure_hands_on_no_subject_from_an_earlier_line():
    text = (
        "Visa is the quality name of the group.\n\n**Profitability**\n"
        "- ROE 46.6%; Caterpillar leads at 55.3%.\n"
        "- Operating margin 67.1%, ahead of Caterpillar (20.4%)."
    )
    ok(text, "67.1%")  # Visa's, not the earlier line's Caterpillar, the only yardstick here
    flagged(text.replace("67.1%", "3.4%"), "3.4%")  # Costco's


# --- gaps --------------------------------------------------------------------------------------


def test_of_two_companies_a_gap_in_points_naming_one_is_to_the_other():
    pair = Checks([f for f in FACTS if f.entity in ("V", "COST")], NAMES)
    text = "Visa's ROE leads by 16.9 points."  # 46.6% - 29.7%, with no rival named
    pair.ok(text, "16.9 points")
    pair.flagged(text.replace("16.9 points", "4.6 points"), "4.6 points")


def test_a_gap_in_points_naming_no_metric_proves_nothing():
    # 46.6% - 29.7% (their ROEs) is 16.9, but so might any other pair be: no metric is named
    flagged("Visa is ahead of Costco by 16.9 points.", "16.9 points")
    ok("Visa is ahead of Costco on ROE by 16.9 points.", "16.9 points")


def test_a_gap_to_another_metric_of_the_company_after_its_stated_figure_is_derived():
    kit = Checks([*FACTS, fact("V.roic", "ROIC (NOPAT / invested capital)", 41.9, "%")], NAMES)
    text = "Visa's ROE of 46.6% is 4.7 points above its ROIC."
    kit.ok(text, "46.6%", "4.7 points")
    kit.flagged(text.replace("4.7 points", "6.7 points"), "6.7 points")
