"""Regression tests for causes found on the twentieth development set (dev20). Every sentence is
made up, about companies the corpus does not use, so that each test checks the rule rather than an
example; each also checks that the rule still flags a wrong value."""

from __future__ import annotations

from tests.test_verify_fresh import FACTS, check, flagged, ok
from tests.verify_kit import fact

_VISA = [
    fact("V.pe", "P/E (price / diluted EPS)", 29.6, "x"),
    fact("V.ps", "P/S", 17.4, "x"),
    fact("V.ev_ebitda", "EV/EBITDA", 22.1, "x"),
    fact("V.pe_vs_hist", "Current P/E vs that average", -8.2, "%"),
    fact("V.peer_median_pe", "Peer median P/E (COST, BA, CAT)", 24.1, "x"),
    fact("V.peer_median_ps", "Peer median P/S (COST, BA, CAT)", 9.1, "x"),
    fact("V.peer_median_ev_ebitda", "Peer median EV/EBITDA (COST, BA, CAT)", 15.2, "x"),
]


def test_a_longer_figureless_lead_in_about_the_peer_median_makes_its_figures_medians():
    text = (
        "The peer median here is built from Costco, Boeing and Caterpillar: 24.1x earnings, "
        "9.1x sales and 15.2x EV/EBITDA. Visa is at 29.6x, 17.4x and 22.1x respectively."
    )
    found = check(text, _VISA)
    assert all(found[f] == "verified" for f in ("24.1x", "9.1x", "15.2x", "29.6x")), found
    assert check(text.replace("9.1x sales", "17.4x sales"), _VISA)["17.4x"] == "unverified"


def test_a_gap_in_turns_is_between_multiples_of_the_metric_its_own_clause_names():
    text = (
        "The peer median here is built from Costco, Boeing and Caterpillar: 24.1x earnings, "
        "9.1x sales and 15.2x EV/EBITDA. Visa is at 29.6x, 17.4x and 22.1x respectively, a "
        "premium of roughly 5.5 turns on P/E and close to 1.5 times the peers on EV/EBITDA."
    )
    assert check(text, _VISA)["5.5 turns"] == "derived"
    wrong = text.replace("5.5 turns", "6.9 turns")  # the gap on EV/EBITDA
    assert check(wrong, _VISA)["6.9 turns"] == "unverified"


def test_over_a_year_is_a_one_year_window_not_a_rate_a_year():
    facts = [
        *FACTS,
        fact("COST.return_3y", "Total return 3Y", 61.0, "%"),
        fact("COST.return_cagr_3y", "Annualised total return 3Y", 17.2, "%"),
    ]
    text = "Costco returned 44.2% over a year (61.0% over three); Boeing lost 6.3%."
    found = check(text, facts)
    assert found["44.2%"] == "verified" and found["61.0%"] == "verified", found
    wrong = text.replace("61.0%", "39.7%")  # Caterpillar's one-year return
    assert check(wrong, facts)["39.7%"] == "unverified"


def test_each_figure_of_an_aside_opened_right_after_a_company_is_that_company_s():
    text = "- 12.4x earnings and 1.3x book, a fraction of Costco (47.3x earnings, 14.9x book)."
    ok(text, "12.4x", "1.3x", "47.3x", "14.9x")
    flagged(text.replace("14.9x book)", "13.8x book)"), "13.8x")  # Visa's


def test_a_new_pair_after_another_metric_s_pair_is_the_sentence_s_company_again():
    text = (
        "- *Profitability:* Visa again, with an operating margin of 67.1% vs 3.4% and a net "
        "margin of 53.9% vs 2.6%."
    )
    ok(text, "67.1%", "3.4%", "53.9%", "2.6%")
    flagged(text.replace("53.9% vs 2.6%", "2.6% vs 53.9%"), "2.6%")  # Costco's as Visa's


def test_a_company_s_figure_after_level_with_is_of_the_metric_just_stated():
    text = (
        "Caterpillar has done well, up 39.7% over a year and 24.9% over six months, roughly "
        "level with Costco's 27.1%, and with a volatility of 27.2%."
    )
    ok(text, "39.7%", "24.9%", "27.1%", "27.2%")
    flagged(text.replace("27.1%", "44.2%"), "44.2%")  # Costco's one-year return


def test_a_sentence_may_open_with_a_signed_figure():
    text = (
        "- **Caterpillar:** ROE 55.3%, revenue +12.8%. Worst 2Y drawdown (-21.0%). +39.7% 1Y, "
        "+24.9% 6M."
    )
    facts = [*FACTS, fact("CAT.max_drawdown", "Max drawdown 2Y", -21.0, "%")]
    found = check(text, facts)
    assert found["+39.7%"] == "verified" and found["+24.9%"] == "verified", found
    wrong = text.replace("+39.7% 1Y", "+44.2% 1Y")  # Costco's
    assert check(wrong, facts)["+44.2%"] == "unverified"


def test_a_window_written_right_after_the_figure_before_is_not_the_next_figure_s():
    facts = [*FACTS, fact("BMO.return_3y", "Total return 3Y", 15.2, "%")]
    text = "Bank of Montreal is a steady stock (up 15.2% over three years, volatility at 21.5%)."
    found = check(text, facts)
    assert found["15.2%"] == "verified" and found["21.5%"] == "verified", found
    wrong = text.replace("at 21.5%", "at 17.6%")  # Visa's
    assert check(wrong, facts)["17.6%"] == "unverified"


def test_a_bare_pair_after_a_sentence_setting_two_companies_figures_against_each_other():
    text = (
        "**Balance sheet:** Costco is less levered (D/E 0.35 vs 0.53).\n\n"
        "**Cash:** Visa's FCF of $19.7B beats Costco's $6.6B; Net margins are 53.9% vs 2.6%."
    )
    ok(text, "$19.7B", "$6.6B", "53.9%", "2.6%")
    flagged(text.replace("53.9% vs 2.6%", "2.6% vs 53.9%"), "2.6%")


def test_both_peers_are_the_peers_one_by_one_not_their_median():
    text = (
        "Visa's revenue grew 11.4% [V.revenue_growth] while both peers' grew faster "
        "(16.8% [BA.revenue_growth], 12.8% [CAT.revenue_growth])."
    )
    ok(text, "11.4%", "16.8%", "12.8%")
    flagged(text.replace("16.8% [BA", "12.8% [BA"), "12.8%")
