"""Regression tests for causes found on the second development set (dev2): how models name the
company a figure is about (yardsticks, parallel lists, headings, lead-ins), how they write the
metric and its sign, and the derived figures they compute. Every sentence here is made up."""

from __future__ import annotations

from finagent.facts import Fact
from finagent.verify import Verifier
from tests.verify_kit import Checks, fact


def _three(metric: str, label: str, unit: str, values: tuple[float, float, float]) -> list[Fact]:
    return [
        fact(f"{ticker}.{metric}", label, value, unit)
        for ticker, value in zip(("ACME", "BOLT", "CORE"), values)
    ]


FACTS = [
    *_three("pe", "P/E (price / diluted EPS)", "x", (31.4, 18.2, 24.7)),
    *_three("ps", "P/S (market cap / revenue)", "x", (8.3, 2.9, 4.4)),
    *_three("ev_ebitda", "EV/EBITDA", "x", (22.6, 9.8, 14.1)),
    *_three("operating_margin", "Operating margin", "%", (36.2, 12.4, 21.9)),
    *_three("net_margin", "Net margin", "%", (27.5, 8.1, 15.3)),
    *_three("fcf_margin", "FCF margin", "%", (19.6, 4.2, 11.8)),
    *_three("roe", "ROE (net income / year-end equity)", "%", (41.0, 6.2, 18.4)),
    *_three("revenue_growth", "Revenue growth YoY", "%", (14.3, -6.1, 3.2)),
    *_three("eps_growth", "EPS growth YoY (diluted)", "%", (22.8, -31.5, 5.6)),
    *_three("debt_to_equity", "Debt / equity", "ratio", (0.35, 1.42, 0.77)),
    *_three("current_ratio", "Current ratio", "ratio", (2.15, 0.84, 1.36)),
    *_three(
        "interest_coverage",
        "Interest coverage (operating income / interest)",
        "x",
        (38.5, 2.6, 11.2),
    ),
    *_three("revenue", "Revenue", "USD", (96.4e9, 41.7e9, 58.2e9)),
    *_three("fcf", "Free cash flow (OCF + capex)", "USD", (18.9e9, 1.75e9, 6.87e9)),
    *_three("cash", "Cash and equivalents", "USD", (12.6e9, 3.3e9, 9.1e9)),
    *_three("total_debt", "Total debt", "USD", (15.8e9, 22.4e9, 11.5e9)),
    *_three("high_52w", "52-week high", "USD/share", (212.4, 57.9, 88.35)),
    *_three("price", "Share price", "USD/share", (205.1, 41.25, 80.6)),
    *_three("range_position", "Position in 52-week range", "%", (91.2, 12.7, 64.0)),
    *_three("return_1y", "Total return 1Y", "%", (48.6, -22.4, 9.9)),
    *_three("volatility_1y", "Volatility 1Y (annualised)", "%", (24.1, 39.8, 21.3)),
    fact("median.pe", "P/E (price / diluted EPS)", 24.7, "x"),
    fact("median.operating_margin", "Operating margin", 21.9, "%"),
    fact("ACME.pe_fy2022", "P/E at FY2022 end", 27.3, "x"),
    fact("ACME.pe_fy2021", "P/E at FY2021 end", 35.1, "x"),
    fact("ACME.pe_hist_avg", "Average P/E at the last 2 FY ends", 31.2, "x"),
    fact("ACME.pe_vs_hist", "Current P/E vs average P/E", 0.6, "%"),
]
NAMES = {
    "ACME": ["Acme Robotics Inc."],
    "BOLT": ["Boltwood Energy Corporation"],
    "CORE": ["Corvane Holdings plc"],
}

_CHECKS = Checks(FACTS, NAMES)
check, ok, flagged = _CHECKS.check, _CHECKS.ok, _CHECKS.flagged


# --- yardsticks: a company named only as what the figure is compared with ---------------------


def test_second_only_to_names_a_yardstick_not_the_subject():
    text = "Boltwood is the laggard. Even so, its EPS fell 31.5%, second only to Acme in size."
    ok("Acme leads the group. Revenue rose 14.3%, well ahead of Corvane.", "14.3%")
    flagged("Acme leads the group. Revenue rose 3.2%, well ahead of Corvane.", "3.2%")
    assert check(text)["31.5%"] == "verified"


def test_times_and_next_to_name_yardsticks():
    ok("Acme is the richest. Its P/E of 31.4x is about 1.3 times Corvane's.", "31.4x")
    ok("Boltwood screens cheap. A P/E of 18.2x looks modest next to Acme.", "18.2x")


def test_two_companies_attached_after_figures_are_both_set_aside():
    text = (
        "Boltwood is stretched. Interest is covered only 2.6x, against 38.5x at Acme and 11.2x "
        "at Corvane, and the current ratio of 0.84 is the lowest of the three."
    )
    ok(text, "2.6x", "0.84")
    flagged(text.replace("0.84", "1.36"), "1.36")


def test_company_before_a_parenthesis_owns_its_figures():
    text = (
        "Boltwood is the weak one.\n\n- Operating margin was 12.4% and net margin 8.1%, far "
        "below Acme (36.2% / 27.5%) and Corvane (21.9% / 15.3%)."
    )
    ok(text, "12.4%", "8.1%", "36.2%", "15.3%")
    flagged(text.replace("12.4% and", "17.4% and"), "17.4%")


def test_adjective_between_at_and_figure_keeps_the_company_attached():
    text = (
        "At 24.7x earnings it sits mid-pack, with Acme at a lofty 31.4x, and it has a "
        "current ratio of 1.36."
    )
    ok("Corvane is the middle ground. " + text, "24.7x", "1.36")


# --- headings, bold titles and the answer's opening -------------------------------------------


def test_bold_subheading_stays_under_its_company_heading():
    text = (
        "## Acme\n\n**Strengths**\n- Operating margin of 36.2%, 23.8 points above Boltwood's.\n\n"
        "## Boltwood\n\n**Strengths**\n- Not much: the P/E is 18.2x.\n- Revenue fell 6.1%."
    )
    ok(text, "36.2%", "18.2x", "6.1%")
    flagged(text.replace("fell 6.1%", "fell 14.3%"), "14.3%")


def test_the_opening_sentence_names_the_company_the_answer_is_about():
    text = (
        "Corvane is the steady middle of the group.\n\n**What works**\n\n"
        "- A current ratio of 1.36 and debt/equity of 0.77.\n\n**What does not**\n\n"
        "- Its P/E of 24.7x is well above Boltwood's 18.2x."
    )
    ok(text, "1.36", "0.77", "24.7x", "18.2x")
    flagged(text.replace("ratio of 1.36", "ratio of 2.15"), "2.15")


def test_opening_naming_several_companies_decides_nothing():
    text = "Acme and Boltwood differ a lot.\n\n**Leverage**\n\n- Debt/equity is 1.42."
    ok(text, "1.42")  # either company's, as far as the text says


def test_bold_title_heads_its_paragraph_and_is_not_the_figure_s_words():
    text = (
        "**Acme.** EPS rose 22.8% and the FCF margin is 19.6%. At about 1.7 times Boltwood's "
        "P/E it is not cheap, after a 48.6% one-year gain. Its volatility is 24.1%."
    )
    ok(text, "22.8%", "48.6%", "24.1%")
    flagged(text.replace("24.1%", "39.8%"), "39.8%")


def test_a_title_paragraph_ends_the_previous_bold_section():
    text = (
        "**Where Acme leads**\n\n- Net margin of 27.5%.\n\n"
        "**Where Boltwood leads.** Nowhere on margins (8.1% net), but its P/E is 18.2x."
    )
    ok(text, "27.5%", "8.1%", "18.2x")


def test_title_naming_a_yardstick_is_not_the_subject():
    text = "Corvane in brief.\n\n1. **Weaker margins than Acme.** Its net margin is 15.3%."
    ok(text, "15.3%")
    flagged(text.replace("15.3%", "27.5%"), "27.5%")


def test_bold_subject_that_starts_the_sentence_is_no_title():
    text = "- **Boltwood** is the cheapest at 18.2x, against a median of 24.7x."
    ok(text, "18.2x", "24.7x")
    flagged(text.replace("cheapest at 18.2x", "cheapest at 24.7x"), "24.7x")


def test_bold_title_naming_the_peers_does_not_make_the_figures_medians():
    text = "**Peers.** Acme trades at 31.4x earnings [ACME.pe] and 8.3x sales [ACME.ps]."
    ok(text, "31.4x", "8.3x")


# --- parallel lists and the two sides of a comparison ---------------------------------------


def test_listed_companies_go_with_a_list_of_figures_in_order():
    text = "Acme and Corvane earned net margins of 27.5% and 15.3% respectively."
    ok(text, "27.5%", "15.3%")
    flagged(text.replace("27.5% and 15.3%", "15.3% and 27.5%"), "15.3%")


def test_companies_named_with_earlier_figures_order_a_later_list():
    text = (
        "Debt/equity is 0.35 for Acme and 1.42 for Boltwood; interest coverage is 38.5x and 2.6x."
    )
    ok(text, "38.5x", "2.6x")
    flagged(text.replace("38.5x and 2.6x", "2.6x and 38.5x"), "2.6x")


def test_respectively_takes_the_order_of_an_earlier_sentence():
    text = (
        "- Revenue: Acme +14.3%, Corvane +3.2%. Boltwood fell 6.1%.\n"
        "- EPS: up 22.8% and 5.6% respectively, while Boltwood's fell 31.5%."
    )
    ok(text, "22.8%", "5.6%", "31.5%")
    flagged(text.replace("up 22.8% and 5.6%", "up 5.6% and 22.8%"), "5.6%")


def test_both_takes_the_companies_of_the_sentence_before():
    text = (
        "Acme's P/E of 31.4x is well above Corvane's 24.7x. "
        "Both sit high in their 52-week ranges (91.2% and 64.0%)."
    )
    ok(text, "91.2%", "64.0%")
    flagged(text.replace("(91.2% and 64.0%)", "(64.0% and 91.2%)"), "64.0%")


def test_one_company_before_a_list_owns_all_of_it():
    text = "Acme and Boltwood differ. Acme's margins are 36.2% and 27.5%."
    ok(text, "36.2%", "27.5%")


def test_plain_decimal_ends_the_words_before_the_next_figure():
    text = "Boltwood is tight on liquidity, Acme comfortable (current ratio 2.15 vs 0.84)."
    ok(text, "2.15", "0.84")


def test_first_side_of_a_pair_after_a_yardstick_is_the_subject():
    text = (
        "Acme trades at 31.4x earnings. "
        "Its FCF margin is about five times Boltwood's (19.6% vs 4.2%)."
    )
    ok(text, "19.6%", "4.2%")


def test_far_side_of_a_comparison_is_another_company():
    text = (
        "Acme has the momentum. Its P/E of 31.4x dwarfs Boltwood's 18.2x.\n\n"
        "Over the year it returned 48.6% against -22.4%."
    )
    ok(text, "48.6%", "-22.4%")


def test_company_after_a_list_owns_every_figure_of_it():
    text = (
        "## Boltwood\n\n- Cheaper: 18.2x earnings, 2.9x sales and 9.8x EV/EBITDA, "
        "against 31.4x, 8.3x and 22.6x for Acme."
    )
    ok(text, "18.2x", "2.9x", "31.4x", "8.3x", "22.6x")
    flagged(text.replace("31.4x, 8.3x", "31.4x, 4.4x"), "4.4x")


def test_company_after_a_median_takes_the_figure_back_from_it():
    text = (
        "Boltwood's P/E of 18.2x compares with a sector median of 24.7x and 31.4x for Acme. "
        "Its operating margin is 12.4%, below the 21.9% median and Acme's 36.2%."
    )
    ok(text, "18.2x", "24.7x", "31.4x", "12.4%", "21.9%", "36.2%")


def test_yardstick_s_figure_keeps_the_metric_just_compared():
    text = (
        "**Momentum and growth.** Corvane's EPS rose 5.6%. It is the second-best performer "
        "over one year at 9.9%, behind Acme's 48.6%."
    )
    ok(text, "5.6%", "9.9%", "48.6%")


# --- which metric, window and sign ----------------------------------------------------------

SNAP = [f for f in FACTS if f.entity == "ACME"] + [
    fact("ACME.revenue_cagr_2y", "Revenue CAGR 2Y", -9.4, "%", "FY2021-FY2023"),
    fact("ACME.return_3m", "Total return 3M", 17.5, "%", "3M to 2024-03-08"),
    fact("ACME.return_6m", "Total return 6M", 26.3, "%", "6M to 2024-03-08"),
]


def snap(text: str) -> dict[str, str]:
    return check(text, SNAP)


def test_a_multiple_of_eps_is_the_p_e():
    text = "- **Valuation is rich.** The stock trades at 31.4x trailing EPS of $6.53, 8.3x sales."
    assert snap(text)["31.4x"] == "verified"


def test_a_fiscal_year_next_to_a_figure_makes_it_that_year_s_not_the_average():
    text = (
        "Its P/E is near the 31.2x average of its last two year-ends (27.3x at the end of FY2022)."
    )
    assert snap(text) == {"31.2x": "verified", "27.3x": "verified"}


def test_down_to_states_a_level_not_a_fall():
    assert snap("Interest coverage is down to 38.5x.")["38.5x"] == "verified"
    assert snap("The operating margin rose to 36.2%.")["36.2%"] == "verified"


def test_or_more_after_a_figure_is_a_bound():
    assert snap("Its range position is high (90% or more).")["90%"] == "verified"
    assert snap("Its range position is high (95% or more).")["95%"] == "unverified"


def test_the_others_are_the_companies_the_sentence_does_not_name():
    text = "Boltwood sits at 12.7% of its 52-week range, far below the others (all at 60% or more)."
    ok(text, "12.7%", "60%")
    flagged(text.replace("60% or more", "95% or more"), "95%")


def test_a_generic_margin_is_the_margin_of_the_metric_the_sentence_names():
    text = "Acme generated $18.9B of free cash flow (a 19.6% margin)."
    assert snap(text)["19.6%"] == "verified"


def test_a_fiscal_year_label_before_a_colon_is_the_figure_s_period():
    text = "P/E at each year-end:\n\n- FY2021: 35.1x\n- FY2022: 27.3x"
    assert snap(text) == {"35.1x": "verified", "27.3x": "verified"}
    assert snap(text.replace("FY2022: 27.3x", "FY2022: 35.1x"))["35.1x"] == "verified"
    found = [f.status for f in Verifier(names=NAMES)(text.replace("27.3x", "35.1x"), SNAP).figures]
    assert found == ["verified", "unverified"]


def test_one_fiscal_year_is_not_a_multi_year_cagr():
    assert snap("Revenue rose 14.3% in FY2023.")["14.3%"] == "verified"
    assert snap("Revenue fell 9.4% in FY2023.")["9.4%"] == "unverified"


def test_the_window_written_next_to_the_figure_wins():
    text = "For a six-month holder the risk is a 17.5% three-month gain already banked."
    assert snap(text)["17.5%"] == "verified"
    assert snap(text.replace("17.5%", "26.3%"))["26.3%"] == "unverified"


def test_a_range_of_fiscal_years_may_be_a_multi_year_cagr():
    assert snap("Revenue CAGR (FY2021-FY2023): -9.4%.")["-9.4%"] == "verified"


# --- derived figures ----------------------------------------------------------------------------


def test_net_debt_is_the_difference_of_debt_and_cash():
    text = "Total debt of $15.8B against $12.6B of cash leaves net debt of about $3.2B."
    assert snap(text)["$3.2B"] == "derived"
    assert snap(text.replace("$3.2B", "$4.2B"))["$4.2B"] == "unverified"


def test_a_sum_below_the_52_week_high_is_a_difference():
    text = "At $205.10 the stock is $7.30 below its 52-week high of $212.40."
    assert snap(text)["$7.30"] == "derived"
    assert snap(text.replace("$7.30", "$9.30"))["$9.30"] == "unverified"


def test_a_difference_of_money_needs_words_that_say_so():
    assert snap("Acme holds $12.6B of cash and $3.2B in its vault.")["$3.2B"] == "unverified"


def test_a_share_of_one_sum_in_another_is_derived():
    text = "One year of free cash flow covers about 120% of the total debt."
    assert snap(text)["120%"] == "derived"
    assert snap(text.replace("120%", "135%"))["135%"] == "unverified"


def test_a_gap_between_two_stated_figures_of_two_companies_is_derived():
    text = "**Where Acme leads.**\n\n- Net margin of 27.5% vs 15.3%, a gap of 12.2 points."
    ok(text, "27.5%", "15.3%", "12.2 points")


def test_a_gap_to_another_metric_the_sentence_names_is_derived():
    text = "Acme's net margin sits 8.7 points below its operating margin."
    ok(text, "8.7 points")
    flagged(text.replace("8.7 points", "9.7 points"), "9.7 points")


def test_a_cited_ratio_may_be_written_as_a_relative_difference():
    text = "The P/E is about 15% higher [ACME.pe / ACME.pe_fy2022] than at FY2022."
    assert snap(text)["15%"] == "derived"
    assert snap(text.replace("15%", "25%"))["25%"] == "unverified"
    text = "Its P/E is roughly 27% below the median [BOLT.pe / median.pe]."
    assert check(text)["27%"] == "derived"


def test_a_citation_may_follow_six_words_after_the_figure():
    text = "Acme makes about $17.2B more free cash flow a year [ACME.fcf - BOLT.fcf]."
    (figure,) = Verifier(names=NAMES)(text, FACTS).figures
    assert (figure.status, figure.citation) == ("derived", "ACME.fcf - BOLT.fcf")


def test_a_median_word_after_a_figure_names_that_figure_not_the_next():
    text = (
        "Acme's operating margin is the best at 36.2%, against a 21.9% median "
        "and 12.4% at Boltwood."
    )
    ok(text, "36.2%", "21.9%", "12.4%")


# --- more subjects: joined names, yardsticks before a figure, "its" -----------------------------


def test_and_joining_two_names_keeps_both_as_the_subject():
    text = "Corvane and Acme both post operating margins above 21.9% [CORE.operating_margin]."
    assert check(text)["21.9%"] == "verified"


def test_a_yardstick_before_the_figure_is_not_its_subject():
    text = "Corvane is priced close to Acme yet grew EPS by 5.6% and revenue by 3.2%."
    ok(text, "5.6%", "3.2%")
    flagged(text.replace("by 5.6%", "by 22.8%"), "22.8%")


def test_the_yardstick_s_own_figure_stays_its_own():
    text = "At 18.2x Boltwood looks sane next to Acme's stretched 31.4x."
    ok(text, "18.2x", "31.4x")


def test_its_refers_to_the_sentence_s_first_company():
    text = (
        "Accounting notes: Acme's ROE of 41.0% is flattered by its small equity (debt/equity "
        "of 0.35 reflects buybacks), and the fiscal years differ — Acme's ends in June, "
        "Corvane's in May."
    )
    ok(text, "41.0%", "0.35")
    flagged(text.replace("0.35", "0.77"), "0.77")


def test_a_bare_net_is_the_net_margin_in_a_list_of_margins():
    assert snap("Margins: gross 61.0%, operating 36.2%, net 27.5%.")["27.5%"] == "verified"


def test_the_side_the_sentence_is_about_is_not_widened_to_other_companies():
    text = "**Where Acme leads.**\n\n- Returns: ROE of 41.0% vs 18.4%."
    ok(text, "41.0%", "18.4%")
    flagged(text.replace("41.0% vs", "18.4% vs"), "18.4%")


def test_a_company_free_in_the_clause_before_is_the_subject():
    text = (
        "Over the year Acme returned 48.6% and Boltwood -22.4%; over six months Boltwood "
        "actually held up better, 26.1% vs 24.0%."
    )
    facts = FACTS + [
        fact("BOLT.return_6m", "Total return 6M", 26.1, "%"),
        fact("ACME.return_6m", "Total return 6M", 24.0, "%"),
    ]
    found = {f.text: f.status for f in Verifier(names=NAMES)(text, facts).figures}
    assert found["26.1%"] == found["24.0%"] == "verified", found


def test_a_company_after_a_sum_in_billions_is_attached_to_it():
    text = (
        "Acme is the bigger cash machine: free cash flow of about $19 billion versus roughly "
        "$7 billion at Corvane, and revenue of $96.4B against $58.2B."
    )
    ok(text, "$96.4B", "$58.2B")


# --- tables, windows in headers, levels after comparatives ---------------------------------------


def test_a_table_column_names_the_company_before_the_heading_does():
    table = (
        "# Acme vs Boltwood vs Corvane: a six-month view\n\n"
        "| | Acme | Boltwood | Corvane |\n|---|---|---|---|\n"
        "| P/E | 31.4x | 18.2x | 24.7x |\n| Volatility | 24.1% | 39.8% | 21.3% |\n"
    )
    found = [(f.text, f.status) for f in Verifier(names=NAMES)(table, FACTS).figures]
    assert all(status == "verified" for _, status in found), found
    swapped = table.replace("| 31.4x | 18.2x |", "| 18.2x | 18.2x |")
    first = Verifier(names=NAMES)(swapped, FACTS).figures[0]
    assert (first.text, first.status) == ("18.2x", "unverified")


def test_a_fractional_window_in_a_header_is_no_figure():
    table = "| | Acme |\n|---|---|\n| Max drawdown (1.5Y) | 48.6% |\n"
    assert [f.text for f in Verifier(names=NAMES)(table, FACTS).figures] == ["48.6%"]


def test_levered_names_debt_to_equity():
    facts = [
        fact("ACME.debt_to_equity", "Debt / equity", 0.35, "ratio"),
        fact("ACME.fcf_margin", "FCF margin", 26.3, "%"),
    ]
    found = Verifier(names=NAMES)("Acme is the most levered at 0.26.", facts).figures
    assert [f.status for f in found] == ["unverified"]  # not the FCF margin as a fraction


def test_a_figure_after_higher_at_is_a_level_not_a_gap():
    text = "Corvane has a current ratio of 1.36, and Acme's current ratio is even higher at 0.79."
    flagged(text, "0.79")  # 2.15 - 1.36 would be a gap, but "higher at" states a level


def test_the_far_side_list_goes_with_the_other_companies_in_order():
    text = (
        "On earnings Acme trades at 31.4x versus 18.2x for Boltwood and 24.7x for Corvane. "
        "On sales, though, Acme is the priciest at 8.3x, against 2.9x and 4.4x."
    )
    ok(text, "8.3x", "2.9x", "4.4x")
    flagged(text.replace("against 2.9x and 4.4x", "against 4.4x and 2.9x"), "4.4x")


# --- stress answers written for this branch (comparison sides, bounds, loose derivations) ------


def test_last_year_with_a_fiscal_metric_is_the_fiscal_year():
    text = "Boltwood's revenue did fall hardest last year (-6.1%)."
    assert check(text)["-6.1%"] == "verified"


def test_more_than_is_a_bound_not_the_far_side_of_a_comparison():
    text = "**Why Acme?** A fortress balance sheet, with interest cover of more than 35x."
    ok(text, "35x")
    flagged(text.replace("more than 35x", "more than 10x"), "10x")  # Corvane's 11.2x


def test_a_gap_of_two_ratios_is_exact_to_the_last_digit():
    text = "The D/E gap between Acme and Corvane is 0.42."
    assert check(text)["0.42"] == "derived"
    flagged(text.replace("0.42", "0.48"), "0.48")  # 0.77 - 0.35 is no reading of 0.48


def test_no_gap_between_different_metrics_of_different_companies():
    text = (
        "Corvane is the laggard on price: it fell 8.7% over the year and trades 3.1% below "
        "its 200-day average."
    )
    facts = FACTS + [fact("CORE.vs_sma200", "Price vs 200-day average", -3.1, "%")]
    found = {f.text: f.status for f in Verifier(names=NAMES)(text, facts).figures}
    assert found["8.7%"] == "unverified", found  # not ACME.return_1y minus another metric


def test_far_side_of_a_pair_after_a_yardstick_is_the_yardstick_s():
    text = "Acme's EPS rose more than Corvane's (22.8% vs 5.6%)."
    ok(text, "22.8%", "5.6%")
    flagged(text.replace("vs 5.6%", "vs -31.5%"), "-31.5%")


def test_a_median_s_quoted_value_is_not_explained_as_a_ratio():
    facts = SNAP + [
        fact("ACME.peer_median_pe", "Peer median P/E (BOLT, CORE)", 21.4, "x"),
        fact("ACME.ps_x", "P/S (market cap / revenue)", 8.3, "x"),
    ]
    text = "Acme trades at 31.4x earnings against a peer median of 1.5x."
    found = {f.text: f.status for f in Verifier(names=NAMES)(text, facts).figures}
    assert found["1.5x"] == "unverified", found  # not 31.4 / 21.4, the ratio of the two


def test_a_gap_to_the_average_is_between_the_own_value_and_the_average():
    facts = SNAP + [fact("ACME.peer_median_pe", "Peer median P/E (BOLT, CORE)", 28.1, "x")]
    text = "Its P/E is 0.6% above its own two-year average of 31.2x."
    found = {f.text: f.status for f in Verifier(names=NAMES)(text, facts).figures}
    assert found["0.6%"] in ("verified", "derived"), found
    text = text.replace("0.6% above", "11.0% above")  # 31.2 / 28.1 - 1: average vs peers
    found = {f.text: f.status for f in Verifier(names=NAMES)(text, facts).figures}
    assert found["11.0%"] == "unverified", found


def test_the_nearest_window_before_a_lone_figure_is_its_window():
    facts = FACTS + [
        fact("ACME.return_6m", "Total return 6M", 26.3, "%"),
        fact("BOLT.return_6m", "Total return 6M", 30.2, "%"),
    ]
    text = (
        "Over the past year Acme returned 48.6% and Boltwood -22.4%; over six months Boltwood "
        "actually edged ahead, 30.2% vs 26.3%."
    )
    found = {f.text: f.status for f in Verifier(names=NAMES)(text, facts).figures}
    assert found["26.3%"] == "verified", found
    wrong = text.replace("vs 26.3%", "vs 48.6%")  # Acme's 1-year return as its 6-month one
    statuses = [f.status for f in Verifier(names=NAMES)(wrong, facts).figures]
    assert statuses[-1] == "unverified", statuses


def test_the_far_side_of_a_bare_pair_is_another_company_s():
    text = "Acme turns more of its sales into profit: a net margin of 27.5% compared with 15.3%."
    ok(text, "27.5%", "15.3%")
    wrong = text.replace("compared with 15.3%", "compared with 36.2%")  # Acme's own margin
    statuses = [f.status for f in Verifier(names=NAMES)(wrong, FACTS).figures]
    assert statuses == ["verified", "unverified"], statuses


def test_the_former_and_the_latter_follow_the_order_of_the_names():
    text = "Acme and Corvane are profitable, the former more so: 36.2% against 21.9%."
    ok(text, "36.2%", "21.9%")
    text = "Acme and Corvane are both profitable. Acme earns 36.2%, while the latter manages 21.9%."
    ok(text, "21.9%")
    flagged(text.replace("manages 21.9%", "manages 12.4%"), "12.4%")


def test_a_plural_metric_word_names_the_metric():
    text = "Acme and Corvane combine growth with margins of 36.2% and 21.9% respectively."
    ok(text, "36.2%", "21.9%")


def test_a_gap_without_metric_words_is_of_the_metric_just_stated():
    text = (
        "- **Boltwood** — the weakest performer over the past year at -22.4%, "
        "32.3 points behind Corvane."
    )
    assert check(text)["32.3 points"] == "derived"


def test_a_multiple_after_at_is_a_level_not_a_ratio():
    text = (
        "- Acme: a P/E of 31.4x.\n- Boltwood: the cheapest on earnings at 1.7x; "
        "Acme's P/E is 1.7 times Boltwood's."
    )
    found = [(f.text, f.status) for f in Verifier(names=NAMES)(text, FACTS).figures]
    assert found[1:] == [("1.7x", "unverified"), ("1.7 times", "derived")], found
