"""Regression tests for the verifier, one group per cause found on the grounding corpus: company
names, ordinary words, growth verbs, metric paraphrases, own vs peer, clause boundaries, return
windows, derived figures, hedges and signs, turns, citations."""

from __future__ import annotations

from finagent.facts import Fact
from finagent.verify import Verifier, extract_figures, short_names


def fact(id_: str, label: str, value: float, unit: str, period: str = "FY2023") -> Fact:
    entity, metric = id_.split(".", 1)
    return Fact(id_, entity, metric, label, value, unit, period, "T")


FACTS = [
    fact("MSFT.operating_margin", "Operating margin", 41.77, "%"),
    fact("GOOGL.operating_margin", "Operating margin", 27.42, "%"),
    fact("MSFT.net_margin", "Net margin", 34.15, "%"),
    fact("GOOGL.net_margin", "Net margin", 24.01, "%"),
    fact("MSFT.pe", "P/E (price / diluted EPS)", 41.96, "x"),
    fact("GOOGL.pe", "P/E (price / diluted EPS)", 23.3, "x"),
    fact("MSFT.ps", "P/S (market cap / revenue)", 14.2, "x"),
    fact("GOOGL.ps", "P/S (market cap / revenue)", 5.5, "x"),
    fact("MSFT.pb", "P/B (market cap / equity)", 14.7, "x"),
    fact("MSFT.revenue", "Revenue", 211_915_000_000, "USD"),
    fact("GOOGL.revenue", "Revenue", 307_394_000_000, "USD"),
    fact("MSFT.revenue_growth", "Revenue growth YoY", 6.88, "%", "FY2023 vs FY2022"),
    fact("GOOGL.revenue_growth", "Revenue growth YoY", 8.68, "%", "FY2023 vs FY2022"),
    fact("GOOGL.eps_growth", "EPS growth YoY (diluted)", 27.2, "%", "FY2023 vs FY2022"),
    fact("MSFT.debt_to_equity", "Debt / equity", 0.29, "ratio"),
    fact("GOOGL.debt_to_equity", "Debt / equity", 0.10, "ratio"),
    fact("MSFT.fcf", "Free cash flow (OCF + capex)", 59_475_000_000, "USD"),
    fact("MSFT.fcf_margin", "FCF margin", 28.1, "%"),
    fact("MSFT.fcf_yield", "FCF yield (FCF / market cap)", 2.0, "%"),
    fact("MSFT.return_1y", "Total return 1Y", 61.4, "%", "1Y to 2024-03-08"),
    fact("MSFT.return_3m", "Total return 3M", 12.1, "%", "3M to 2024-03-08"),
    fact("MSFT.return_1m", "Total return 1M", 3.5, "%", "1M to 2024-03-08"),
    fact("GOOGL.return_1y", "Total return 1Y", 43.7, "%", "1Y to 2024-03-08"),
    fact("GOOGL.volatility_1y", "Volatility 1Y (annualised, daily log returns)", 28.0, "%"),
    fact("GOOGL.max_drawdown", "Max drawdown 3Y", -44.3, "%"),
    fact("MSFT.peer_median_pe", "Peer median P/E (GOOGL, AAPL)", 45.3, "x"),
    fact("MSFT.pe_hist_avg", "Average P/E at the last 2 FY ends", 33.0, "x"),
    fact("median.pe", "P/E (price / diluted EPS)", 30.1, "x"),
]
NAMES = {"MSFT": ["Microsoft Corporation"], "GOOGL": ["Alphabet Inc."]}


def statuses(text: str, facts: list[Fact] = FACTS, **kwargs) -> list[tuple[str, str]]:
    verifier = Verifier(names=NAMES)
    return [(f.text, f.status) for f in verifier(text, facts, **kwargs).figures]


def status(text: str, figure: str, facts: list[Fact] = FACTS) -> str:
    found = [s for t, s in statuses(text, facts) if t == figure]
    assert found, (figure, statuses(text, facts))
    return found[0]


# --- companies by name ---------------------------------------------------------------------------


def test_short_names_are_derived_from_company_names():
    assert "Exxon" in short_names("Exxon Mobil Corporation")
    assert "JPMorgan" in short_names("JPMorgan Chase & Co.")
    assert "Lilly" in short_names("Eli Lilly and Company")
    assert "Goldman" in short_names("The Goldman Sachs Group, Inc.")
    assert "Google" in short_names("Alphabet Inc.")
    assert "Eli" not in short_names("Eli Lilly and Company")


def test_a_company_named_by_name_owns_its_figures():
    assert status("Alphabet's operating margin is 27.4%.", "27.4%") == "verified"
    assert status("Alphabet's operating margin is 41.8%.", "41.8%") == "unverified"
    assert status("Microsoft Corporation has an operating margin of 41.8%.", "41.8%") == "verified"


def test_names_can_be_given_per_call():
    checks = Verifier()("Alphabet's operating margin is 41.8%.", FACTS, names=NAMES).figures
    assert [c.status for c in checks] == ["unverified"]


def test_the_subject_carries_from_a_heading_a_previous_sentence_and_a_table():
    assert status("### Alphabet\n\nThe operating margin is 27.4%.", "27.4%") == "verified"
    assert status("### Alphabet\n\nThe operating margin is 41.8%.", "41.8%") == "unverified"
    assert status("**Alphabet**\n\nThe operating margin is 41.8%.", "41.8%") == "unverified"
    text = "Microsoft is the leader. Its operating margin of {} is the best."
    assert status(text.format("41.8%"), "41.8%") == "verified"
    assert status(text.format("27.4%"), "27.4%") == "unverified"
    table = "| Metric | Microsoft | Alphabet |\n|---|---|---|\n| Operating margin | {} | {} |"
    assert {s for _, s in statuses(table.format("41.8%", "27.4%"))} == {"verified"}
    assert {s for _, s in statuses(table.format("27.4%", "41.8%"))} == {"unverified"}


# --- ordinary words ------------------------------------------------------------------------------


def test_median_is_not_a_company_and_average_is_history():
    assert status("Microsoft trades at 42.0x, above the median of 30.1x.", "30.1x") == "verified"
    assert status("Microsoft trades at 30.1x.", "30.1x") == "unverified"
    assert status("Microsoft's P/E sits above an average of 33.0x.", "33.0x") == "verified"


def test_valuation_does_not_capture_every_multiple():
    text = "On valuation, Microsoft trades at 42.0x earnings and 14.2x sales."
    assert statuses(text) == [("42.0x", "verified"), ("14.2x", "verified")]


# --- growth as a verb or sign --------------------------------------------------------------------


def test_growth_written_as_a_verb_or_sign():
    assert status("Alphabet's revenue rose 8.7%.", "8.7%") == "verified"
    assert status("Alphabet's EPS jumped 27.2%.", "27.2%") == "verified"
    assert status("Alphabet: Revenue +8.7%.", "+8.7%") == "verified"
    assert status("Alphabet's revenue rose 6.9%.", "6.9%") == "unverified"


def test_a_growth_heading_does_not_turn_a_level_into_growth():
    assert status("**Growth.** Alphabet's revenue was $307.4 billion.", "$307.4 billion") == (
        "verified"
    )


# --- metric paraphrases --------------------------------------------------------------------------


def test_metric_paraphrases():
    assert status("Microsoft trades at 42.0x earnings.", "42.0x") == "verified"
    assert status("Microsoft trades at 14.2x sales.", "14.2x") == "verified"
    assert status("Microsoft trades at 14.7x book.", "14.7x") == "verified"
    assert status("Microsoft trades at 14.2x earnings.", "14.2x") == "unverified"
    assert status("Microsoft's D/E is 0.29.", "0.29") == "verified"
    assert status("Microsoft's op margin is 41.8%.", "41.8%") == "verified"
    assert status("Microsoft's FCF is 28.1% of revenue (FCF margin).", "28.1%") == "verified"
    assert status("Microsoft returned 61.4% over one year.", "61.4%") == "verified"
    assert status("Alphabet is volatile: 28.0% annualised.", "28.0%") == "verified"
    assert status("Alphabet's maximum drawdown was -44.3%.", "-44.3%") == "verified"


def test_net_margin_does_not_win_every_margin():
    assert status("Microsoft's operating margin is 41.8%.", "41.8%") == "verified"
    assert status("Microsoft's operating margin is 34.1%.", "34.1%") == "unverified"


# --- own vs peer or history ----------------------------------------------------------------------


def test_own_value_against_a_peer_median():
    text = "Microsoft trades at {} against a {} peer median."
    assert statuses(text.format("42.0x", "45.3x")) == [("42.0x", "verified"), ("45.3x", "verified")]
    assert status(text.format("45.3x", "42.0x"), "45.3x") == "unverified"


# --- clause boundary -----------------------------------------------------------------------------


def test_a_figure_after_a_comma_is_judged_by_its_own_clause():
    figures = extract_figures("Microsoft's net margin is 34.1%, and its operating margin 41.8%.")
    assert figures[1].local[0].startswith("and its operating margin")
    assert status("Microsoft's net margin is 34.1%, operating margin 41.8%.", "41.8%") == "verified"
    assert status("Microsoft's net margin is 34.1%, operating margin 34.1%.", "34.1%") == "verified"


# --- return windows ------------------------------------------------------------------------------


def test_return_windows_must_match():
    assert status("Microsoft returned 12.1% over the past three months.", "12.1%") == "verified"
    assert status("Microsoft returned 12.1% over the past month.", "12.1%") == "unverified"
    assert status("Microsoft is up 61.4% over the past year.", "61.4%") == "verified"
    assert status("Microsoft is up 61.4% over three months.", "61.4%") == "unverified"


# --- derived figures -----------------------------------------------------------------------------


def test_gaps_in_points_and_ratios_are_checked():
    text = "Microsoft's operating margin is {} points above Alphabet's."
    assert status(text.format("14.4"), "14.4 points") == "derived"
    assert status(text.format("about 14"), "14 points") == "derived"
    assert status(text.format("19.4"), "19.4 points") == "unverified"
    ratio = "Microsoft's P/E is about {} Alphabet's."
    assert status(ratio.format("1.8 times"), "1.8 times") == "derived"
    assert status(ratio.format("2.5 times"), "2.5 times") == "unverified"


def test_derived_figures_only_from_the_metric_and_companies_of_the_sentence():
    # 0.19 is MSFT's minus GOOGL's debt/equity, but the sentence is about margins
    assert status("Microsoft's operating margin leads by 0.19 points.", "0.19 points") == (
        "unverified"
    )


def test_number_words_with_times_are_figures():
    figures = extract_figures("Microsoft's P/S is about two times Alphabet's.")
    assert [(f.text, f.value, f.kind) for f in figures] == [("two times", 2.0, "multiple")]
    assert status("Microsoft's P/S is about two times Alphabet's.", "two times") == "unverified"


# --- hedges and signs ----------------------------------------------------------------------------


def test_hedged_bounds():
    assert status("Microsoft's operating margin is more than 40%.", "40%") == "verified"
    assert status("Microsoft's operating margin is more than 45%.", "45%") == "unverified"
    assert status("Alphabet's debt/equity is well under 0.5.", "0.5") == "verified"


def test_a_direction_word_fixes_the_sign():
    assert status("Alphabet's max drawdown: the stock fell 44.3%.", "44.3%") == "verified"
    assert status("Alphabet's revenue fell 8.7%.", "8.7%") == "unverified"


# --- across turns --------------------------------------------------------------------------------


def test_the_current_turn_wins_over_an_earlier_one():
    stale = fact("MSFT.pe", "P/E (price / diluted EPS)", 35.0, "x")
    current = [f for f in FACTS if f.id == "MSFT.pe"]
    verifier = Verifier(names=NAMES)
    checks = verifier("Microsoft trades at 35.0x earnings.", [stale], current=current).figures
    assert [c.status for c in checks] == ["unverified"]
    checks = verifier("Microsoft trades at 42.0x earnings.", [stale], current=current).figures
    assert [c.status for c in checks] == ["verified"]
    earlier = [fact("AAPL.pe", "P/E (price / diluted EPS)", 27.9, "x")]
    checks = verifier("It trades at 42.0x earnings.", earlier + current, current=current).figures
    assert [c.status for c in checks] == ["verified"]


# --- citations -----------------------------------------------------------------------------------


def test_a_cited_figure_is_checked_against_the_cited_fact():
    assert status("Microsoft's margin is 41.8% [MSFT.operating_margin].", "41.8%") == "verified"
    assert status("Microsoft's margin is 41.8% [MSFT.net_margin].", "41.8%") == "unverified"
    assert status("Microsoft's margin is 41.9% [MSFT.operating_margin].", "41.9%") == "unverified"
    assert status("Its margin is 41.8% [NOPE.operating_margin].", "41.8%") == "unverified"


def test_a_citation_of_another_company_or_window_is_a_swap():
    text = "Microsoft's operating margin is 27.4% [GOOGL.operating_margin]."
    checks = Verifier(names=NAMES)(text, FACTS).figures
    assert checks[0].status == "unverified"
    assert "GOOGL" in checks[0].how and checks[0].citation == "GOOGL.operating_margin"
    assert status("Over one month Microsoft returned 12.1% [MSFT.return_3m].", "12.1%") == (
        "unverified"
    )


def test_derived_citations_with_operators_and_ids_with_dashes():
    text = "Microsoft leads by 14.4 points [MSFT.operating_margin - GOOGL.operating_margin]."
    assert status(text, "14.4 points") == "derived"
    assert status(text.replace("14.4", "16.4"), "16.4 points") == "unverified"
    assert status("Microsoft is at 1.8 times [MSFT.pe / GOOGL.pe] Alphabet.", "1.8 times") == (
        "derived"
    )
    brk = [fact("BRK-B.pe", "P/E (price / diluted EPS)", 12.4, "x")]
    assert statuses("Berkshire trades at 12.4x [BRK-B.pe].", brk) == [("12.4x", "verified")]


def test_each_check_says_what_it_matched_or_why_not():
    verification = Verifier(names=NAMES)("Alphabet's operating margin is 41.8%.", FACTS)
    figure = verification.to_dict()["figures"][0]
    assert figure["status"] == "unverified"
    assert figure["nearest"].startswith("MSFT.operating_margin")
    assert figure["how"]
    assert set(figure) >= {"text", "value", "kind", "status", "fact_ids", "how", "citation"}


def test_fiscal_years_of_per_year_facts_must_match():
    facts = [
        fact("JNJ.pe_fy2022", "P/E at FY2022 end", 26.2, "x"),
        fact("JNJ.pe_fy2023", "P/E at FY2023 end", 11.4, "x"),
    ]
    text = "It traded at {} at the end of FY2022."
    assert statuses(text.format("26.2x"), facts) == [("26.2x", "verified")]
    assert statuses(text.format("11.4x"), facts) == [("11.4x", "unverified")]


def test_a_window_before_the_figure_and_a_bare_window_count():
    text = "Over the last three months Microsoft returned 12.1% and Alphabet {}."
    facts = [*FACTS, fact("GOOGL.return_3m", "Total return 3M", 7.0, "%")]
    assert status(text.format("7.0%"), "7.0%", facts) == "verified"
    assert status(text.format("43.7%"), "43.7%", facts) == "unverified"
    bare = "Microsoft is up 83.4% over three years and {} over one."
    facts = [*FACTS, fact("MSFT.return_3y", "Total return 3Y", 83.4, "%")]
    assert statuses(bare.format("61.4%"), facts) == [("83.4%", "verified"), ("61.4%", "verified")]
    assert status(bare.format("12.1%"), "12.1%", facts) == "unverified"  # that is 3 months


def test_a_window_return_is_not_explained_as_a_gap_of_other_windows():
    # 49.3 = 61.4 - 12.1, but "over three months" names one return, not a gap
    assert status("Microsoft is up 49.3% over three months.", "49.3%") == "unverified"


def test_the_other_side_of_a_comparison_may_be_the_other_company():
    assert statuses("Microsoft's operating margin is 41.8% vs 27.4%.") == [
        ("41.8%", "verified"),
        ("27.4%", "verified"),
    ]
    # but a figure attached to a company is that company's
    assert status("Microsoft's operating margin is 41.8%, Alphabet's 41.8%.", "41.8%") == (
        "verified"
    )
    checks = statuses("Microsoft's operating margin is 41.8%, Alphabet's 41.8%.")
    assert checks[1] == ("41.8%", "unverified")


def test_a_list_after_a_median_figure_keeps_the_median():
    facts = [*FACTS, fact("median.ps", "P/S (market cap / revenue)", 6.1, "x")]
    text = "Microsoft trades at 42.0x earnings and 14.2x sales, against medians of 30.1x and {}."
    assert status(text.format("6.1x"), "6.1x", facts) == "verified"
    assert [s for t, s in statuses(text.format("14.2x"), facts) if t == "14.2x"][1] == "unverified"


def test_a_yardstick_company_is_not_the_subject():
    text = "Microsoft is the leader. Its return of {} over one year is well ahead of Alphabet's."
    assert status(text.format("61.4%"), "61.4%") == "verified"
    assert status(text.format("43.7%"), "43.7%") == "unverified"


def test_a_pronoun_sentence_passes_the_subject_on():
    text = (
        "- Profits: Microsoft's operating margin is 41.8%.\n"
        "- Margins: its net margin is 34.1%.\n"
        "- Valuation: {} earnings."
    )
    assert status(text.format("42.0x"), "42.0x") == "verified"
    assert status(text.format("23.3x"), "23.3x") == "unverified"


def test_the_other_side_of_a_comparison_keeps_the_metric():
    facts = [*FACTS, fact("median.return_1y", "Total return 1Y", 20.5, "%")]
    text = "Alphabet was up {} over one year versus a 20.5% median, and its revenue rose 8.7%."
    assert statuses(text.format("43.7%"), facts) == [
        ("43.7%", "verified"),
        ("20.5%", "verified"),
        ("8.7%", "verified"),
    ]
    assert status(text.format("61.4%"), "61.4%", facts) == "unverified"
