"""The ReAct loop: native and plain-text protocols, thoughts as events, repeats refused, the step
limit answered once with a best effort."""

from __future__ import annotations

import pytest

from finagent import ReActAgent, tool
from finagent.llm import ModelReply
from finagent.react import parse_react
from finagent.testing import FunctionModel, ScriptedModel, call


@tool
def price(symbol: str) -> str:
    """Price of a stock.

    Args:
        symbol: Ticker.
    """
    return f"{symbol}: 100"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'Thought: look it up\nAction: price\nAction Input: {"symbol": "AAPL"}',
            ("look it up", ("price", '{"symbol": "AAPL"}'), None),
        ),
        (
            'thought: x\naction: `price`\naction input:\n```json\n{"symbol": "MSFT"}\n```\n'
            "Observation: 100 (made up)",
            ("x", ("price", '{"symbol": "MSFT"}'), None),
        ),
        ("**Thought:** done\n**Final Answer:** It is 100.", ("done", None, "It is 100.")),
        ("Just an answer without format.", (None, None, "Just an answer without format.")),
        (
            'Thought: t\nAction: price\nAction Input: {"symbol": "AAPL"} and some prose',
            ("t", ("price", '{"symbol": "AAPL"}'), None),
        ),
    ],
)
def test_text_protocol_is_parsed_tolerantly(text, expected):
    assert parse_react(text) == expected


def test_text_protocol_runs_tools_and_returns_observations():
    model = ScriptedModel(
        [
            'Thought: need the price\nAction: price\nAction Input: {"symbol": "AAPL"}',
            "Thought: I know\nFinal Answer: AAPL is 100.",
        ]
    )
    thoughts = []
    agent = ReActAgent(
        model,
        [price],
        text_protocol=True,
        on_event=lambda e: thoughts.append(e.data["text"]) if e.kind == "thought" else None,
    )
    result = agent.run("AAPL?")
    assert result.answer == "AAPL is 100."
    assert model.requests[1].last == {"role": "user", "content": "Observation: AAPL: 100"}
    assert model.requests[0].tools is None, "text protocol sends no tool specs"
    assert "Action Input:" in model.requests[0].messages[0]["content"]
    assert thoughts == ["need the price", "I know"]


def test_native_protocol_thoughts_and_repeat_refusal():
    model = ScriptedModel(
        [
            ModelReply("I will look up AAPL", [call("price", {"symbol": "AAPL"})]),
            ModelReply("again", [call("price", {"symbol": "AAPL"})]),
            "AAPL is 100.",
        ]
    )
    seen = []
    agent = ReActAgent(model, [price], on_event=lambda e: seen.append(e))
    result = agent.run("AAPL?")
    assert result.answer == "AAPL is 100."
    assert "already called" in model.requests[2].last["content"]
    assert [e.data["text"] for e in seen if e.kind == "thought"] == ["I will look up AAPL", "again"]


def test_step_limit_gives_a_best_answer_that_says_so():
    counter = iter(range(100))
    model = FunctionModel(
        lambda m, tools: (
            f'Thought: more\nAction: price\nAction Input: {{"symbol": "S{next(counter)}"}}'
            if "limit" not in m[-1]["content"]
            else "Final Answer: partial answer"
        )
    )
    result = ReActAgent(model, [price], text_protocol=True, max_steps=3).run("loop")
    assert result.stopped == "max_steps"
    assert result.answer.startswith("partial answer") and "step limit" in result.answer
    assert len(model.requests) == 4
