"""Regression tests for causes found on the development set dev19. Every sentence is made up,
about companies the corpus does not use, so that each test checks the rule rather than an
example; each also checks that the rule still flags a wrong value."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, NAMES, TICKERS
from tests.verify_kit import Checks, fact

MORE = [
    *(
        fact(f"{t}.eps", "EPS (diluted)", v, "USD/share")
        for t, v in zip(TICKERS, (8.28, 14.16, -3.67, 21.90, 6.37))
    ),
    *(
        fact(f"{t}.net_income", "Net income", v, "USD")
        for t, v in zip(TICKERS, (17.3e9, 6.3e9, -2.2e9, 10.3e9, 5.4e9))
    ),
]
_CHECKS = Checks([*FACTS, *MORE], NAMES)
check, ok, flagged = _CHECKS.check, _CHECKS.ok, _CHECKS.flagged


def test_a_sum_earned_per_share_is_the_eps():
    text = "Visa earned $8.28 per diluted share last year, and its net income was $17.3B."
    ok(text, "$8.28", "$17.3B")
    flagged(text.replace("$8.28", "$14.16"), "$14.16")  # Costco's
    share = "Caterpillar made $21.90 a share; the stock trades at $330.50."
    ok(share, "$21.90", "$330.50")
    flagged(share.replace("$21.90", "$21.50"), "$21.50")


def test_a_list_in_a_parenthesis_is_the_company_before_it():
    text = (
        "On valuation Caterpillar is the cheapest (16.9x P/E, 11.7x EV/EBITDA), Boeing the "
        "most expensive (63.2x, 41.5x)."
    )
    ok(text, "16.9x", "11.7x", "63.2x", "41.5x")
    flagged(text.replace("63.2x", "47.3x"), "47.3x")  # Costco's
    flagged(text.replace("41.5x", "27.4x"), "27.4x")


def test_a_figure_for_both_of_two_companies_is_each_one_s():
    facts = [f for f in [*FACTS, *MORE] if f.id != "CAT.pe"]
    same = Checks([*facts, fact("CAT.pe", "P/E (price / diluted EPS)", 12.4, "x")], NAMES)
    text = (
        "**Boeing: bull vs bear**\n\n- Priciest on earnings: 63.2x vs 12.4x for both "
        "Caterpillar and Bank of Montreal, about 51 turns richer."
    )
    same.ok(text, "63.2x", "12.4x")
    same.flagged(text.replace("63.2x", "47.3x"), "47.3x")  # Costco's
    same.flagged(text.replace("12.4x", "16.9x"), "16.9x")


def test_the_far_side_of_a_pair_like_one_set_against_the_median_is_the_median():
    text = (
        "Costco is priced for quality: P/E (47.3x vs a 29.6x median), operating margin "
        "(3.4% vs 20.4%) and 1-year return (44.2% vs 21.5%)."
    )
    ok(text, "29.6x", "20.4%", "21.5%")
    flagged(text.replace("vs 21.5%", "vs 39.7%"), "39.7%")  # Caterpillar's, not the median
    flagged(text.replace("vs 20.4%", "vs 31.7%"), "31.7%")  # Bank of Montreal's


def test_a_bare_pair_after_two_sentences_each_about_one_company_is_theirs_in_order():
    text = (
        "**Margins.** Visa keeps 67.1% as operating profit; Boeing's operating margin is "
        "negative (-1.2%). Net margins: 53.9% vs -2.9%."
    )
    ok(text, "67.1%", "-1.2%", "53.9%", "-2.9%")
    flagged(text.replace("53.9% vs -2.9%", "-2.9% vs 53.9%"), "-2.9%")
    flagged(text.replace("53.9% vs", "16.1% vs"), "16.1%")  # Caterpillar's


def test_a_superlative_s_scope_in_the_sector_is_no_median():
    text = "Costco has the highest 1-year return in the sector (44.2%); Visa sits at the median."
    ok(text, "44.2%")
    flagged(text.replace("44.2%", "21.5%"), "21.5%")  # the median's


def test_a_dash_after_the_median_ends_its_clause():
    text = "Visa clears the 20.4% median operating margin easily — 67.1%, the best of the five."
    ok(text, "20.4%", "67.1%")
    flagged(text.replace("67.1%", "31.7%"), "31.7%")  # Bank of Montreal's


def test_a_list_for_all_three_follows_no_earlier_line_s_order():
    text = (
        "- **Margins:** Bank of Montreal (31.7%), Caterpillar (20.4%) and Visa (67.1%) are all "
        "profitable.\n- **Valuation:** All three trade on modest multiples — 29.6x, 16.9x and "
        "12.4x earnings."
    )
    ok(text, "29.6x", "16.9x", "12.4x")
    flagged(text.replace("29.6x", "47.3x"), "47.3x")  # Costco's, none of the three
    flagged(text.replace("12.4x", "63.2x"), "63.2x")  # Boeing's


def test_a_metric_s_level_set_below_a_yardstick_is_no_fall():
    text = "Bank of Montreal is the value pick: a P/B of 1.3x below the median, P/E 12.4x."
    ok(text, "1.3x", "12.4x")
    flagged(text.replace("1.3x", "7.7x"), "7.7x")  # Boeing's
    cited = "Visa has a P/B of 13.8x [V.pb] above the median."
    ok(cited, "13.8x")
    flagged(cited.replace("13.8x", "14.9x"), "14.9x")


def test_a_ratio_s_citation_written_after_its_operand_is_the_operand_s():
    text = (
        "Costco's revenue of $242.3B [COST.revenue] is about 7.4 times Visa's $32.7B "
        "[COST.revenue / V.revenue]."
    )
    ok(text, "$242.3B", "$32.7B")
    flagged(text.replace("$32.7B", "$67.1B"), "$67.1B")  # Caterpillar's
    flagged(text.replace("about 7.4 times", "far above"), "$32.7B")  # no ratio stated


def test_a_multiple_that_names_no_year_end_is_today_s():
    dated = [*FACTS, *MORE, fact("BA.pe_fy2022", "P/E at FY2022 end", 51.7, "x")]
    checks = Checks(dated, NAMES)
    text = "What you pay for Boeing: a P/E of 63.2x and an EV/EBITDA of 41.5x."
    checks.ok(text, "63.2x", "41.5x")
    checks.flagged(text.replace("63.2x", "51.7x"), "51.7x")  # the FY2022 year-end's
    then = "A year earlier, at the FY2022 year-end, Boeing traded at 51.7x."
    checks.ok(then, "51.7x")
