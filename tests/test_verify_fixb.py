"""Regression tests for causes found on dev13 to dev16 (uncited answers first). Every sentence
is made up, about companies the corpus does not use, so that each test checks the rule rather
than an example; each also checks that the rule still flags a wrong value."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, NAMES
from tests.verify_kit import Checks, fact

_DRAWDOWN = [
    fact(f"{t}.max_drawdown", "Max drawdown 3Y", v, "%", "2021-03-08 to 2024-03-08")
    for t, v in zip(("V", "COST", "BA", "CAT", "BMO"), (-28.4, -33.9, -52.6, -31.2, -24.7))
]
_FIXB = Checks([*FACTS, *_DRAWDOWN], NAMES)


def test_a_fall_from_a_dated_peak_is_the_drawdown():
    text = "Boeing is riskier: it fell 52.6% from its March 2021 peak before recovering."
    _FIXB.ok(text, "52.6%")
    _FIXB.flagged(text.replace("52.6%", "31.2%"), "31.2%")  # Caterpillar's
    lost = "On risk, Visa lost 28.4% from its 2021 peak to its October 2022 trough."
    _FIXB.ok(lost, "28.4%")
    _FIXB.flagged(lost.replace("28.4%", "24.7%"), "24.7%")  # Bank of Montreal's


_YIELD = [
    fact(f"{t}.dividend_yield", "Dividend yield", v, "%")
    for t, v in zip(("V", "COST", "BA", "CAT", "BMO"), (0.7, 0.6, 0.0, 1.6, 4.9))
] + [
    fact(f"{t}.fcf_yield", "FCF yield", v, "%")
    for t, v in zip(("V", "COST", "BA", "CAT", "BMO"), (3.5, 2.1, 3.0, 6.0, 5.5))
]


def test_a_company_that_pays_a_percentage_pays_its_dividend_yield():
    text = "**Caterpillar** pays 1.6%, and its free cash flow was $9.8B in FY2023."
    Checks([*FACTS, *_YIELD], NAMES).ok(text, "1.6%")
    Checks([*FACTS, *_YIELD], NAMES).flagged(text.replace("1.6%", "4.9%"), "4.9%")  # BMO's


_HISTORY = [
    fact("V.pe_fy2022", "P/E at FY2022 year-end", 31.0, "x"),
    fact("V.pe_fy2023", "P/E at FY2023 year-end", 33.2, "x"),
    fact("V.pe_hist_avg", "P/E average of fiscal-year ends", 32.1, "x"),
]


def test_averaging_a_multiple_across_the_year_ends_is_its_own_average():
    text = (
        "Visa's P/E was 31.0x at the end of FY2022 and 33.2x at the end of FY2023, averaging "
        "32.1x across the two year-ends."
    )
    Checks([*FACTS, *_HISTORY], NAMES).ok(text, "32.1x")
    Checks([*FACTS, *_HISTORY], NAMES).flagged(text.replace("32.1x", "29.6x"), "29.6x")  # today's


def test_a_round_figure_spelled_out_after_a_colon_is_the_spelled_out_companies():
    text = (
        "Bank of Montreal is the cheap one on book at 1.3x, while the two others sit around 14x: "
        "Visa at 13.8x and Costco at 14.9x."
    )
    _FIXB.ok(text, "14x")
    _FIXB.flagged(text.replace("around 14x", "around 8x"), "8x")  # Caterpillar's


_LOWS = [
    fact(f"{t}.low_52w", "52-week low", v, "USD/share")
    for t, v in zip(("V", "COST", "BA", "CAT", "BMO"), (220.5, 540.2, 159.7, 223.8, 81.2))
]


def test_the_far_end_of_a_range_is_the_company_of_its_near_end():
    text = (
        "Boeing at $204.60 is in the lower third of its 52-week range, while Visa at $276.40 "
        "sits near the top of its own ($220.50 to $290.96)."
    )
    Checks([*FACTS, *_LOWS], NAMES).ok(text, "$220.50", "$290.96")
    Checks([*FACTS, *_LOWS], NAMES).flagged(text.replace("$290.96", "$267.54"), "$267.54")


def test_the_first_end_of_a_range_shares_the_unit_and_owners_of_the_second():
    text = (
        "Boeing and Caterpillar trail on margins. Visa is the dearest at 13.8x book, versus "
        "roughly 7.7–8.6x for the other two."
    )
    _FIXB.ok(text, "7.7", "8.6x")
    _FIXB.flagged(text.replace("7.7–", "5.5–"), "5.5")
