"""The answer verifier: figures extracted, matched to the fact ledger within stated precision,
derived figures recognised, wrong figures flagged — measured on a generated corpus too."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from finagent import FunctionCallingAgent
from finagent.facts import Fact
from finagent.testing import ScriptedModel, call
from finagent.tool import ToolOutput, tool
from finagent.verify import Verifier, extract_figures

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

FACTS = [
    Fact("MSFT.revenue", "MSFT", "revenue", "Revenue", 211_915_000_000, "USD", "FY2023", "IS"),
    Fact("GOOGL.revenue", "GOOGL", "revenue", "Revenue", 307_394_000_000, "USD", "FY2023", "IS"),
    Fact(
        "MSFT.operating_margin",
        "MSFT",
        "operating_margin",
        "Operating margin",
        41.77,
        "%",
        "FY2023",
        "IS",
    ),
    Fact(
        "GOOGL.operating_margin",
        "GOOGL",
        "operating_margin",
        "Operating margin",
        27.42,
        "%",
        "FY2023",
        "IS",
    ),
    Fact("MSFT.gross_margin", "MSFT", "gross_margin", "Gross margin", 68.92, "%", "FY2023", "IS"),
    Fact("MSFT.pe", "MSFT", "pe", "P/E (price / diluted EPS)", 41.96, "x", "FY2023", "Q,IS"),
    Fact("MSFT.eps", "MSFT", "eps", "EPS (diluted)", 9.68, "USD/share", "FY2023", "IS"),
    Fact("MSFT.return_1y", "MSFT", "return_1y", "Total return 1Y", -3.9, "%", "1Y", "PX"),
]


def statuses(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.status) for f in Verifier()(text, FACTS).figures]


@pytest.mark.parametrize(
    "text, value",
    [
        ("$211.9B", 211.9e9),
        ("$211,915 million", 211_915e6),
        ("211.9 billion", 211.9e9),
        ("1.2 trillion", 1.2e12),
        ("36.7%", 36.7),
        ("0.367", 0.367),
        ("32.5x", 32.5),
        ("-3.9%", -3.9),
        ("$9.68", 9.68),
        ("$854.00M", 854e6),
        ("25 bps", 0.25),
    ],
)
def test_figures_and_their_values(text, value):
    figures = extract_figures(f"The figure is {text} here.")
    assert [f.value for f in figures] == [pytest.approx(value)]


def test_dates_fiscal_years_ids_ranks_windows_and_counts_are_not_claims():
    text = (
        "On 2024-03-08 and March 8, 2024, in FY2023 and 2022, MSFT.pe ranked #2 of the 5 "
        "largest; the 52-week high and 3Y return over 200-day averages in Q3 2024."
    )
    assert extract_figures(text) == []


def test_copied_rounded_and_respelled_figures_are_verified():
    answer = (
        "Microsoft (MSFT) had revenue of $211.9B in FY2023 ($211,915 million), an "
        "operating margin of 41.8% (0.418 as a fraction) and a P/E of 42x; EPS was $9.68. "
        "Its 1Y total return fell 3.9%."
    )
    assert {s for _, s in statuses(answer)} == {"verified"}


def test_stated_precision_bounds_the_match():
    assert statuses("MSFT's operating margin was 41.9%.") == [("41.9%", "unverified")]
    assert statuses("MSFT's operating margin was about 40%.") == [("40%", "verified")]
    assert statuses("MSFT's operating margin was 40%.") == [("40%", "unverified")]
    assert statuses("MSFT revenue was about $210B.") == [("$210B", "verified")]
    assert statuses("MSFT revenue was $250B.") == [("$250B", "unverified")]


def test_a_figure_must_belong_to_the_company_and_metric_it_is_said_of():
    # 68.9% is MSFT's gross margin, not its operating margin, and not GOOGL's anything
    assert statuses("MSFT's operating margin was 68.9%.") == [("68.9%", "unverified")]
    assert statuses("GOOGL's operating margin was 41.8%.") == [("41.8%", "unverified")]
    assert statuses("MSFT's gross margin was 68.9%.") == [("68.9%", "verified")]


def test_differences_and_ratios_of_the_same_metric_are_derived():
    checks = Verifier()(
        "MSFT's operating margin is 14.4 percentage points above GOOGL's, and "
        "GOOGL's revenue is 1.45x MSFT's.",
        FACTS,
    ).figures
    assert [(c.status, sorted(c.fact_ids)) for c in checks] == [
        ("derived", ["GOOGL.operating_margin", "MSFT.operating_margin"]),
        ("derived", ["GOOGL.revenue", "MSFT.revenue"]),
    ]


def test_tables_use_their_column_header_as_the_company():
    answer = (
        "| Metric | MSFT | GOOGL |\n|---|---|---|\n| Revenue | $211.9B | $307.4B |\n"
        "| Operating margin | 41.8% | 27.4% |\n| P/E | 42.0x | n/a |"
    )
    assert {s for _, s in statuses(answer)} == {"verified"}
    swapped = answer.replace("41.8% | 27.4%", "27.4% | 41.8%")
    assert [s for t, s in statuses(swapped) if t.endswith("%")] == ["unverified", "unverified"]


def test_summary_and_dict():
    verification = Verifier()("MSFT revenue was $211.9B and $999B.", FACTS)
    assert verification.summary() == "2 figures: 1 verified, 0 derived, 1 unverified ($999B)"
    assert verification.to_dict()["unverified"] == 1


def test_generated_corpus_has_no_false_alarms_and_flags_planted_errors():
    import verifier_corpus

    result = verifier_corpus.measure(seed=7, plants=1000)
    assert result["copied_figures"] > 3000
    assert result["false_alarms"] == 0
    assert result["detection_rate"] >= 0.99
    assert result["derived_recognised"] >= 0.95 * result["derived_statements"]


def test_offline_reports_are_fully_verified():
    agent = FunctionCallingAgent.from_env(offline=True, cache=False)
    for question in (
        "Compare MSFT and GOOGL over the next 3 years",
        "Analyze the banking sector",
        "Is NVDA expensive?",
    ):
        result = agent.run(question)
        assert result.verification.count("unverified") == 0, result.verification.summary()
        assert result.verification.count("verified") >= 30


@tool
def margin() -> ToolOutput:
    """MSFT's margin."""
    return ToolOutput("MSFT operating margin 41.8% (FY2023)", [FACTS[2]])


def test_strict_mode_asks_once_to_fix_unverified_figures():
    model = ScriptedModel(
        [call("margin"), "MSFT's operating margin was 45.0%.", "MSFT's operating margin was 41.8%."]
    )
    agent = FunctionCallingAgent(model, [margin], verifier=Verifier(), strict=True)
    result = agent.run("MSFT margin?")
    assert "45.0%" in model.requests[2].last["content"]
    assert model.requests[2].tools is None
    assert result.answer == "MSFT's operating margin was 41.8%."
    assert result.verification.summary() == "1 figure: 1 verified, 0 derived, 0 unverified"
    assert agent.memory.history[-1]["content"] == result.answer


def test_without_strict_the_answer_is_kept_and_marked():
    model = ScriptedModel([call("margin"), "MSFT's operating margin was 45.0%."])
    result = FunctionCallingAgent(model, [margin], verifier=Verifier()).run("MSFT margin?")
    assert result.answer.endswith("45.0%.")
    assert [f.text for f in result.verification.unverified] == ["45.0%"]


def test_a_rank_is_never_what_a_figure_is_checked_against():
    """ "ROE, best: JPM (17.5%); sector median 10.4%" names the rank row's words ("best"), but
    ranks are context: the figures are checked against the values and the median."""
    facts = [
        Fact("JPM.roe", "JPM", "roe", "ROE (net income / average common equity)", 17.53, "%",
             "FY2023", "IS,BS"),
        Fact("median.roe", "median", "roe", "ROE (net income / average common equity)", 10.44,
             "%", "FY2023", "IS,BS"),
        Fact("JPM.rank_roe", "JPM", "rank_roe", "Rank: ROE (1 = best)", 1, "rank", "of 5", "IS"),
    ]  # fmt: skip
    checks = Verifier()("- **ROE**, best: JPM (17.5%); sector median 10.4%.", facts).figures
    assert [(c.text, c.status, c.fact_ids) for c in checks] == [
        ("17.5%", "verified", ["JPM.roe"]),
        ("10.4%", "verified", ["median.roe"]),
    ]


def test_the_agent_lets_the_verifier_prepare_while_the_model_writes_the_answer():
    """After the tool calls, in the background, with every fact so far: the check of the answer
    then finds each label's words ready."""
    import threading

    prepared: list[tuple[list[str], str]] = []

    class Preparing:
        def prepare(self, facts):
            prepared.append(([f.id for f in facts], threading.current_thread().name))

        def __call__(self, answer, facts):
            return None

    fact = Fact("MSFT.pe", "MSFT", "pe", "P/E", 36.7, "x", "FY2023", "Q")

    def pe(symbol: str) -> ToolOutput:
        """The P/E."""
        return ToolOutput("MSFT P/E 36.7x", [fact])

    model = ScriptedModel([call("pe", {"symbol": "MSFT"}), "MSFT trades at 36.7x."])
    FunctionCallingAgent(model, [pe], verifier=Preparing()).run("MSFT P/E?")
    threading.Event().wait(0.1)
    assert len(prepared) == 1 and prepared[0][0] == ["MSFT.pe"]
    assert prepared[0][1] != threading.current_thread().name


def test_prepare_caches_what_the_check_needs():
    from finagent.verify import metrics

    metrics._keywords.cache_clear()
    Verifier.prepare([Fact("AMD.ev_ebitda", "AMD", "ev_ebitda", "EV/EBITDA (EV: …)", 40.1, "x",
                           "FY2023", "Q")])  # fmt: skip
    assert metrics._keywords.cache_info().currsize == 1
    nvda = Fact("NVDA.ev_ebitda", "NVDA", "ev_ebitda", "EV/EBITDA (EV: …)", 61.1, "x", "FY2024",
                "Q")  # fmt: skip
    words = metrics.keywords(nvda)[1]
    assert metrics._keywords.cache_info().hits >= 1 and "ev/ebitda" in words


def test_a_verifier_that_fails_leaves_the_answer_standing_and_says_it_was_not_checked(caplog):
    """A bug in the checker is no reason to lose the answer: the turn ends, the answer is kept in
    memory, its check says plainly that the figures were not checked, and the session goes on."""

    class Broken:
        def __call__(self, answer, facts):
            raise StopIteration  # the kind of slip a heuristic makes on an odd sentence

    model = ScriptedModel([call("margin"), "MSFT's operating margin was 41.8%.", "Fine."])
    agent = FunctionCallingAgent(model, [margin], verifier=Broken(), strict=True)
    with caplog.at_level("WARNING", logger="finagent"):
        result = agent.run("MSFT margin?")
    assert result.answer == "MSFT's operating margin was 41.8%."
    assert result.verification.summary() == (
        "Figures not checked: the verifier failed (StopIteration)."
    )
    assert result.verification.unverified == [] and len(model.requests) == 2  # no strict re-ask
    assert result.verification.to_dict()["error"] == "StopIteration"
    assert "the verifier failed" in caplog.text
    assert agent.memory.history[-1]["content"] == result.answer
    assert agent.run("Thanks").answer == "Fine."
