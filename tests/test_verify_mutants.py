"""Regression tests for gaps a mutation-testing pass (mutmut 3.8.1 over periods, reference,
derived, cited, citations, lists, metrics, entities and mentions) found in the verifier's tests:
rules no test exercised, so that breaking them went unnoticed. Every sentence is made up, about
companies the corpus does not use; each test checks that a right value passes and that a wrong
one is flagged (the last few pin the small rules of bounds, units and windows directly)."""

from __future__ import annotations

import dataclasses

import pytest

from finagent.verify import Verifier
from finagent.verify.derived import bounded
from finagent.verify.extract import extract_figures
from finagent.verify.metrics import fact_window, fiscal_years, matches, options, text_windows
from tests.test_verify_fresh import FACTS, NAMES, flagged, ok
from tests.verify_kit import Checks, fact

YEARS = [
    *FACTS,
    fact("V.pe_fy2022", "P/E at FY2022 end", 31.8, "x"),
    fact("V.pe_fy2023", "P/E at FY2023 end", 27.4, "x"),
    fact("V.pe_hist_avg", "Average P/E at the last 3 FY ends", 33.5, "x"),
    fact("V.peer_median_pe", "Peer median P/E", 25.1, "x"),
    fact("V.nil", "Nil", 0.0, "x"),
]
_YEARS = Checks(YEARS, NAMES)


def _ids(text: str, facts: list = YEARS) -> dict[str, tuple[str, list[str]]]:
    """figure text -> (status, fact ids)."""
    return {f.text: (f.status, f.fact_ids) for f in Verifier(names=NAMES)(text, facts).figures}


# --- cited facts ---------------------------------------------------------------------------------


def test_a_cited_year_end_multiple_is_of_the_year_its_own_clause_names():
    text = "In FY2022 Visa traded at 31.8x [V.pe_fy2022], and in FY2023 at 27.4x [V.pe_fy2023]."
    _YEARS.ok(text, "31.8x", "27.4x")
    swapped = "In FY2022 Visa traded at 27.4x [V.pe_fy2023], and in FY2023 at 31.8x [V.pe_fy2022]."
    _YEARS.flagged(swapped, "27.4x")
    _YEARS.flagged(swapped, "31.8x")


def test_a_cited_median_or_average_given_as_the_company_s_own_is_flagged():
    _YEARS.flagged("Visa's P/E is 25.1x [V.peer_median_pe].", "25.1x")
    _YEARS.ok("Visa's P/E is 29.6x [V.pe]; the peer median is 25.1x [V.peer_median_pe].", "25.1x")
    # the median as the far side of a comparison, however short the words before it
    _YEARS.ok("Versus 25.1x [V.peer_median_pe], Visa's P/E is 29.6x [V.pe].", "25.1x", "29.6x")
    _YEARS.ok("Visa trades at 29.6x [V.pe] vs 25.1x [V.peer_median_pe].", "25.1x")
    _YEARS.flagged("Visa's P/E is 33.5x [V.pe_hist_avg].", "33.5x")
    _YEARS.ok("Visa's P/E is 33.5x [V.pe_hist_avg], its own average.", "33.5x")
    # the median named in the sentence, away from the figure (no such word: the company's own)
    text = "Visa is richer: the {} multiple, at 25.1x [V.peer_median_pe], sits under its own."
    _YEARS.ok(text.format("median"), "25.1x")
    _YEARS.flagged(text.format("typical"), "25.1x")


def test_the_company_s_own_figure_cited_as_the_median_or_average_is_flagged():
    _YEARS.flagged("The peer median P/E is 63.2x [BA.pe].", "63.2x")
    _YEARS.ok("The peer median P/E is 25.1x [V.peer_median_pe].", "25.1x")
    # the company's own value that equals the median's passes as the median's
    _YEARS.ok("The sector median P/E is 29.6x [V.pe].", "29.6x")
    _YEARS.flagged("Visa's own average P/E is 29.6x [V.pe].", "29.6x")
    _YEARS.ok("Visa's own average P/E is 33.5x [V.pe_hist_avg].", "33.5x")


def test_a_cited_gap_between_other_companies_is_flagged():
    cited = "[V.operating_margin - COST.operating_margin]"
    _YEARS.ok(f"Visa leads Costco by 63.7 points {cited}.", "63.7 points")
    _YEARS.flagged(f"Boeing trails by 63.7 points {cited}.", "63.7 points")


def test_a_cited_figure_reports_the_facts_it_was_checked_against():
    found = _ids(
        "Visa trades at 29.6x [V.pe]. Boeing's P/E is 2.13x Visa's [BA.pe / V.pe]. Costco "
        "trades at 63.2x [COST.pe]."
    )
    assert found["29.6x"] == ("verified", ["V.pe"]), found
    assert found["2.13x"] == ("derived", ["BA.pe", "V.pe"]), found
    assert found["63.2x"] == ("unverified", ["COST.pe"]), found
    # a ratio that does not compute
    found = _ids("Visa's P/E is 5.0x its nil [V.pe / V.nil].")
    assert found["5.0x"] == ("unverified", ["V.pe", "V.nil"]), found


def test_a_cited_difference_has_a_fixed_slack_and_a_ratio_a_relative_one():
    gap = "Visa leads Costco by {} points [V.operating_margin - COST.operating_margin]."
    _YEARS.ok(gap.format("63.8"), "63.8 points")  # 67.1 - 3.4 = 63.7: one last digit off
    _YEARS.flagged(gap.format("64.4"), "64.4 points")
    ratio = "Boeing's P/E is {} Visa's [BA.pe / V.pe]."
    _YEARS.ok(ratio.format("2.13x"), "2.13x")  # 63.2 / 29.6 = 2.135
    _YEARS.flagged(ratio.format("2.25x"), "2.25x")


def test_a_cited_ratio_in_percent_is_a_relative_difference_or_a_share():
    higher = "Costco's P/E is {} higher than Visa's [COST.pe / V.pe]."
    _YEARS.ok(higher.format("59.8%"), "59.8%")  # 47.3 / 29.6 = 1.598
    _YEARS.flagged(higher.format("62.0%"), "62.0%")
    _YEARS.ok("Visa's cash is 58.5% of its debt [V.cash / V.total_debt].", "58.5%")
    # a difference of two ratios is no percentage (0.53 - 0.35 = 0.18)
    _YEARS.flagged(
        "Visa's debt/equity is 18% higher than Costco's [V.debt_to_equity - COST.debt_to_equity].",
        "18%",
    )


def test_a_bound_on_a_cited_ratio():
    _YEARS.ok("Boeing's P/E is more than 2x Visa's [BA.pe / V.pe].", "2x")
    _YEARS.flagged("Boeing's P/E is more than 3x Visa's [BA.pe / V.pe].", "3x")


def test_a_cited_figure_in_a_table_takes_its_column_s_window():
    table = "| | Return 6M |\n|---|---|\n| Visa | {} |"
    ok(table.format("9.8% [V.return_6m]"), "9.8%")
    flagged(table.format("21.5% [V.return_1y]"), "21.5%")


# --- derived figures -----------------------------------------------------------------------------


SUMS = [
    fact("V.fcf", "Free cash flow", 19.7e9, "USD"),
    fact("COST.fcf", "Free cash flow", 6.6e9, "USD"),
    fact("V.cash", "Cash and equivalents", 12.0e9, "USD"),
    fact("V.total_debt", "Total debt", 20.5e9, "USD"),
    fact("COST.total_debt", "Total debt", 8.1e9, "USD"),
    fact("V.operating_margin", "Operating margin", 67.1, "%"),
    fact("COST.operating_margin", "Operating margin", 3.4, "%"),
]
_SUMS = Checks(SUMS, NAMES)


def test_a_bound_on_a_gap_a_difference_of_money_or_a_share():
    # (each bound rules out the level itself: 67.1% is above 1.3 times 50)
    margin = "Visa's operating margin is {} points above Costco's."
    _SUMS.ok(margin.format("more than 50"), "50 points")  # 63.7
    _SUMS.ok(margin.format("less than 65"), "65 points")
    _SUMS.flagged(margin.format("more than 70"), "70 points")
    cash = "Visa generates more than {} more free cash flow than Costco."
    _SUMS.ok(cash.format("$12B"), "$12B")  # $13.1B
    _SUMS.flagged(cash.format("$25B"), "$25B")
    _SUMS.ok("Visa's cash is over 50% of its debt.", "50%")  # 58.5%
    _SUMS.flagged("Visa's cash is over 70% of its debt.", "70%")


def test_a_difference_sum_or_share_of_money_is_of_the_facts_the_sentence_names():
    text = "Visa's total debt exceeds its cash by {}."
    ok(text.format("$8.5B"), "$8.5B")  # 20.5 - 12.0
    flagged(text.format("$6.8B"), "$6.8B")  # Visa's debt less Costco's cash
    flagged(text.format("$7.7B"), "$7.7B")  # Visa's free cash flow less its cash
    ok("Visa and Costco together hold $25.7B of cash.", "$25.7B")
    flagged("Visa and Costco together hold $27.3B of cash.", "$27.3B")
    ok("Visa's cash is 59% of its debt.", "59%")  # 12.0 / 20.5 = 58.5%
    flagged("Visa's cash is 148% of its debt.", "148%")  # Visa's cash in Costco's debt


def test_a_gap_to_the_company_s_own_average_or_an_undated_year_end():
    text = "Visa's P/E of 29.6x is {} turns below its own average."
    _YEARS.ok(text.format("3.9"), "3.9 turns")  # 33.5 - 29.6
    _YEARS.flagged(text.format("5.0"), "5.0 turns")
    # a year-end the sentence does not date may be any year-end's
    text = "Visa's P/E of 29.6x is {} turns below where it stood at the prior {}."
    _YEARS.ok(text.format("2.2", "year-end"), "2.2 turns")  # 31.8 at FY2022's end
    _YEARS.ok(text.format("2.2", "Year-End"), "2.2 turns")
    _YEARS.flagged(text.format("3.5", "year-end"), "3.5 turns")


def test_a_gap_in_a_named_window_is_between_that_window_s_returns():
    text = "Visa's 6-month return beat Boeing's by {} points."
    ok(text.format("23.4"), "23.4 points")  # 9.8 - (-13.6)
    flagged(text.format("27.8"), "27.8 points")  # the 1Y returns' gap
    # a window names no return of a metric without one
    ok("Over the year Visa's operating margin ran 63.7 points above Costco's.", "63.7 points")


def test_a_ratio_needs_two_positive_values():
    facts = [
        fact("V.pe", "P/E", 29.6, "x"),
        fact("BA.pe", "P/E", -14.8, "x"),
        fact("COST.pe", "P/E", 12.3, "x"),
    ]
    kit = Checks(facts, NAMES)
    kit.ok("Visa's P/E is 2.4x Costco's.", "2.4x")
    kit.flagged("Visa's P/E is 2.0x Boeing's.", "2.0x")  # 29.6 / -14.8


# --- windows and years ---------------------------------------------------------------------------

_FALLS = Checks(
    [
        *FACTS,
        dataclasses.replace(
            fact("V.max_drawdown", "Max drawdown 1Y", -14.9, "%", "1Y to 2024-03-08"),
            note="peak 2023-07-27, trough 2023-10-26",
        ),
        dataclasses.replace(
            fact("V.max_drawdown_3y", "Max drawdown 3Y", -25.0, "%", "3Y to 2024-03-08"),
            note="peak 2021-11-01, trough 2022-09-30",
        ),
    ],
    NAMES,
)


def test_a_fall_dated_by_its_months_is_the_drawdown_of_those_months():
    _FALLS.ok("Visa fell 14.9% from July to October 2023.", "14.9%")
    _FALLS.flagged("Visa fell 25.0% from July to October 2023.", "25.0%")
    _FALLS.ok("Visa fell 25.0% from November 2021 to September 2022.", "25.0%")
    _FALLS.flagged("Visa fell 14.9% from November 2021 to September 2022.", "14.9%")
    # the months after a comma or in brackets
    _FALLS.ok("Visa fell 14.9%, from July to October 2023.", "14.9%")
    _FALLS.flagged("Visa fell 25.0%, from July to October 2023.", "25.0%")
    _FALLS.flagged("Visa's worst fall was 25.0% (July to October 2023).", "25.0%")


def test_a_window_named_by_its_first_month_give_or_take_one():
    facts = [
        *(f for f in FACTS if f.id != "V.return_1y"),  # (facts with no window, or no end date)
        fact("V.return_1y", "Total return 1Y", 43.7, "%", "1Y to 2024-03-08"),
        fact("V.return_3y", "Total return 3Y", 34.9, "%", "3Y to 2024-03-08"),
    ]
    kit = Checks(facts, NAMES)
    for month in ("February", "March", "April"):  # the 3Y window starts in March 2021
        kit.ok(f"Since {month} 2021 Visa has returned 34.9%.", "34.9%")
        kit.flagged(f"Since {month} 2021 Visa has returned 43.7%.", "43.7%")


def test_a_table_s_window_is_its_row_s_or_column_s_or_for_returns_its_heading_s():
    ok("| Return | 1Y | 6M |\n|---|---|---|\n| Visa | 21.5% | 9.8% |", "21.5%", "9.8%")
    flagged("| Return | 1Y | 6M |\n|---|---|---|\n| Visa | 9.8% | 21.5% |", "9.8%")
    heading = "### Returns over six months\n| | Return |\n|---|---|\n| Visa | {} |\n| Boeing | {} |"
    ok(heading.format("9.8%", "-13.6%"), "9.8%", "-13.6%")
    flagged(heading.format("21.5%", "-6.3%"), "-6.3%")  # the 1Y returns


def test_each_clause_s_fiscal_year_is_its_figure_s():
    _YEARS.ok("In FY2022 Visa traded at 31.8x, and in FY2023 at 27.4x.", "31.8x", "27.4x")
    swapped = "In FY2022 Visa traded at 27.4x, and in FY2023 at 31.8x."
    _YEARS.flagged(swapped, "27.4x")
    _YEARS.flagged(swapped, "31.8x")


def test_one_fiscal_year_names_a_one_year_return_not_a_longer_one():
    kit = Checks([*FACTS, fact("BA.return_2y", "Total return 2Y", 16.8, "%")], NAMES)
    kit.ok("Boeing's shares fell 6.3% in FY2023.", "6.3%")
    kit.flagged("Boeing's stock returned 16.8% in FY2023.", "16.8%")


# --- own value, median or history ----------------------------------------------------------------


def test_a_figure_a_premium_is_measured_from_is_the_company_s_history():
    # ("11.6% below its 33.5x": 33.5x is the average, though no word says so)
    _YEARS.ok("Visa's P/E sits 11.6% below its 33.5x.", "33.5x")
    _YEARS.flagged("Visa's P/E sits 11.6% below its 29.6x.", "29.6x")


def test_a_company_named_after_the_median_word_owns_the_figure():
    text = "Well above the median retailer Costco trades at {}."
    ok(text.format("47.3x"), "47.3x")
    flagged(text.format("29.6x"), "29.6x")  # Visa's, and the median's


def test_a_note_on_an_outlier_does_not_make_the_figure_the_median_s():
    text = "The priciest is {} (outlier: left out of the sector median)."
    ok(text.format("63.2x"), "63.2x")  # Boeing's own P/E, not a median
    flagged(text.format("70.1x"), "70.1x")


# --- whom a list of figures goes with ------------------------------------------------------------


def test_a_pronoun_s_pair_of_figures_is_one_company_s_not_an_earlier_pair_of_names():
    text = (
        "Costco and Visa both rallied. Visa is the cheaper name. The stock trades at {} and "
        "13.8x on earnings and book."
    )
    ok(text.format("29.6x"), "29.6x", "13.8x")  # Visa's
    flagged(text.format("47.3x"), "47.3x")  # Costco's, the first of the earlier pair


# --- metric names, signs and bounds --------------------------------------------------------------


def test_words_inside_another_metric_s_phrase_do_not_name_a_metric():
    # "net income" in "of its net income" is the payout ratio's phrase, not the net margin's
    kit = Checks(
        [*FACTS, fact("CAT.payout_ratio", "Payout ratio (dividends paid / net income)", 25.8, "%")],
        NAMES,
    )
    text = "Caterpillar pays out {} of its net income as dividends."
    kit.ok(text.format("25.8%"), "25.8%")
    kit.flagged(text.format("16.1%"), "16.1%")  # its net margin
    kit.ok("Caterpillar's net income margin is 16.1%.", "16.1%")


def test_a_multiple_written_without_its_x_is_still_a_multiple():
    ok("Visa trades at a P/E of 29.6.", "29.6")
    flagged("Visa trades at a P/E of 47.3.", "47.3")  # Costco's


def test_a_unicode_minus_or_a_direction_word_fixes_the_sign():
    ok("Boeing's operating margin was \u22121.2%.", "\u22121.2%")
    flagged("Caterpillar's operating margin was \u221220.4%.", "\u221220.4%")
    # a direction word, even for a figure under 1
    kit = Checks([*FACTS, fact("V.return_3m", "Total return 3M", 0.8, "%")], NAMES)
    kit.ok("Visa's shares gained 0.8% over three months.", "0.8%")
    kit.flagged("Visa's shares slipped 0.8% over three months.", "0.8%")


def test_a_count_of_shares_is_written_like_a_sum_of_money():
    kit = Checks([*FACTS, fact("V.shares_out", "Shares outstanding", 2.04e9, "shares")], NAMES)
    kit.ok("Visa has 2.04B shares outstanding.", "2.04B")
    kit.flagged("Visa has 2.40B shares outstanding.", "2.40B")


def _figure(text: str):
    return extract_figures(text)[0]


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("more than 50%", (49.5, 65.5), (49.4, 65.6)),  # the bound to 1.3 times it, +- 0.5
        ("well above 20%", (19.5, 60.5), (19.4, 60.6)),  # "well": to 3 times it
        ("less than 20%", (11.5, 20.5), (11.4, 20.6)),  # 0.6 times the bound to the bound
        ("well under 20%", (0.0, 20.5), (20.6,)),  # "well": from nothing
        ("exactly 20%", (19.5, 20.5), (19.4, 20.6)),  # no bound: at the figure's precision
    ],
)
def test_the_values_a_figure_with_a_bound_matches(text, inside, outside):
    figure = _figure(f"The margin is {text}.")
    if figure.bound:  # a derived figure's bound: the same range
        assert [bounded(figure, t) for t in inside] == [True] * len(inside)
        assert [bounded(figure, t) for t in outside] == [False] * len(outside)
    assert [matches(figure, fact("A.m", "M", t, "%")) for t in inside] == [True] * len(inside)
    assert [matches(figure, fact("A.m", "M", t, "%")) for t in outside] == [False] * len(outside)


def test_the_units_a_figure_s_kind_is_compared_with():
    def units(text: str) -> set[str]:
        figure = _figure(text)
        every = ("%", "x", "ratio", "USD", "USD/share", "shares", "rank", "days")
        return {u for u in every if options(figure, fact("A.m", "M", 2.0, u))}

    assert units("2.0 points") == {"%"}
    assert units("a plain 2.0") == {"%", "x", "ratio", "USD", "USD/share", "shares"}
    assert units("$2.0") == {"USD", "USD/share", "shares"}
    assert units("2.0x") == {"x", "ratio"}


def test_window_and_fiscal_year_words():
    # a bare number takes the unit of the window named before it in the same text
    assert text_windows("+70.0% over six months, +52.2% over three") == {"6m", "3m"}
    # "the year" alone is no window; "over the year" is, whatever the case
    assert text_windows("the year's best stock") == set()
    assert text_windows("Over the year") == {"12m"}
    assert text_windows("the year ahead, up 9.8% over six months") == {"6m"}
    # a rate per year is no window, and the windows after it still count
    assert text_windows("1.5x a year") == set()
    assert text_windows("9.4% a year over three years") == {"36m"}
    assert fiscal_years("Fiscal 2022 and fy23") == {"2022", "2023"}
    assert fact_window(fact("A.rank_return_1y", "Rank by total return 1Y", 2, "rank")) == ""
