"""The offline planner's reports cite the fact id after each figure of running text, as the
system prompt asks of a model, and every cited figure is verified against the fact it cites."""

from __future__ import annotations

import pytest

from finagent import FunctionCallingAgent

QUESTIONS = [
    "Compare MSFT and GOOGL over the next 3 years",  # highlights
    "Which bank looks cheapest on P/B?",  # sector leads and rank lines
    "Give me a snapshot of JNJ",  # snapshot lines
    "What's Apple's free cash flow margin?",  # a one-figure lead
]


@pytest.fixture(scope="module")
def agent() -> FunctionCallingAgent:
    return FunctionCallingAgent.from_env(offline=True)


@pytest.mark.parametrize("question", QUESTIONS)
def test_running_text_cites_and_every_citation_verifies(agent, question):
    result = agent.run(question)
    figures = result.verification.figures
    cited = [f for f in figures if f.citation]
    assert cited, result.answer
    assert all(f.status == "verified" and f.fact_ids == [f.citation] for f in cited)
    table_rows = {i for i, line in enumerate(result.answer.splitlines()) if line.startswith("|")}
    line_of = lambda figure: result.answer.count("\n", 0, figure.start)  # noqa: E731
    uncited_prose = [f.text for f in figures if not f.citation and line_of(f) not in table_rows]
    assert uncited_prose == [], "figures in running text without a citation"
    assert result.verification.count("unverified") == 0


def test_the_cited_id_is_the_figure_s_own_fact(agent):
    answer = agent.run("Compare MSFT and GOOGL").answer
    assert "MSFT 41.8% [MSFT.operating_margin] vs GOOGL 27.4% [GOOGL.operating_margin]" in answer
    assert "MSFT -13.0% [MSFT.max_drawdown] (peak 2023-07-18, trough 2023-09-26)" in answer
