"""The function-calling agent: two model calls per one-tool question, concurrent tool calls,
and every model mistake turned into a precise message instead of a crash."""

from __future__ import annotations

import json
import threading
import time

import pytest

from finagent import (
    FunctionCallingAgent,
    JsonlTrace,
    ReActAgent,
    TokenBudgetExceeded,
    ToolError,
    TurnCancelled,
    tool,
)
from finagent.errors import FinagentError
from finagent.llm import ModelReply, TokenUsage
from finagent.testing import FunctionModel, ScriptedModel, call


@tool
def quote(symbol: str) -> str:
    """Latest price.

    Args:
        symbol: Ticker.
    """
    if symbol == "ZZZZ":
        raise ToolError("FMP has no quote data for 'ZZZZ'. Check the ticker.")
    if symbol == "BUG":
        raise KeyError("boom")
    return f"{symbol} price 100"


@tool
def slow(seconds: float) -> str:
    """Sleep a while.

    Args:
        seconds: How long.
    """
    time.sleep(seconds)
    return f"slept {seconds}"


def test_one_tool_question_is_two_model_calls_and_tool_result_goes_back():
    model = ScriptedModel([call("quote", {"symbol": "AAPL"}), "AAPL trades at 100."])
    agent = FunctionCallingAgent(model, [quote])
    result = agent.run("What is AAPL's price?")
    model.assert_all_used()
    assert result.answer == "AAPL trades at 100."
    assert result.usage.llm_calls == 2 and result.usage.tool_calls == 1
    second = model.requests[1]
    assert second.last["role"] == "tool" and second.last["content"] == "AAPL price 100"
    assert second.messages[-2]["tool_calls"][0]["function"]["name"] == "quote"
    assert second.tool_names == ["quote"]


def test_calls_of_one_reply_run_concurrently_and_keep_their_order():
    model = ScriptedModel(
        [
            [
                call("slow", {"seconds": 0.3}),
                call("slow", {"seconds": 0.31}),
                call("slow", {"seconds": 0.32}),
            ],
            "done",
        ]
    )
    started = time.perf_counter()
    result = FunctionCallingAgent(model, [slow]).run("go")
    elapsed = time.perf_counter() - started
    assert elapsed < 0.75, f"three 0.3 s calls took {elapsed:.2f}s: not concurrent"
    contents = [m["content"] for m in model.requests[1].messages if m["role"] == "tool"]
    assert contents == ["slept 0.3", "slept 0.31", "slept 0.32"]
    assert result.answer == "done"


@pytest.mark.parametrize(
    "bad_call, expected",
    [
        (call("quote", "{not json"), "not valid JSON"),
        (call("quote", {"ticker": "AAPL"}), "Invalid arguments for quote"),
        (call("price_of", {"symbol": "AAPL"}), "Unknown tool 'price_of'. Available tools: quote"),
        (call("quote", {"symbol": "ZZZZ"}), "FMP has no quote data for 'ZZZZ'"),
        (call("quote", {"symbol": "BUG"}), "quote failed unexpectedly (KeyError"),
    ],
)
def test_model_mistakes_become_messages_to_the_model(bad_call, expected):
    model = ScriptedModel([bad_call, "Sorry, I could not get that."])
    agent = FunctionCallingAgent(model, [quote])
    result = agent.run("price?")
    tool_message = model.requests[1].last
    assert tool_message["role"] == "tool" and tool_message["content"].startswith("Error: ")
    assert expected in tool_message["content"]
    assert result.tool_calls[0].ok is False and expected in result.tool_calls[0].error
    assert result.answer == "Sorry, I could not get that."
    model.replies.append("fine")
    assert agent.chat("again?") == "fine"  # the session lives on


def test_failure_budget_stops_retries_then_the_model_answers():
    model = ScriptedModel(
        [
            call("quote", {"symbol": "ZZZZ"}),
            call("quote", {"symbol": "BUG"}),
            call("quote", {"symbol": "AAPL"}),
            "I could not get a quote.",
        ]
    )
    result = FunctionCallingAgent(model, [quote], tool_retry_budget=2).run("price?")
    third = model.requests[3].last["content"]
    assert "has failed 2 times in this turn, so it was not called again" in third
    assert [r.ok for r in result.tool_calls] == [False, False, False]
    assert result.answer == "I could not get a quote."


def test_identical_repeated_call_is_refused():
    model = ScriptedModel(
        [call("quote", {"symbol": "AAPL"}), call("quote", '{"symbol":  "AAPL"}'), "ok"]
    )
    FunctionCallingAgent(model, [quote]).run("price?")
    assert "already called with these arguments" in model.requests[2].last["content"]


def test_step_limit_asks_once_for_a_best_answer_without_tools():
    model = FunctionModel(
        lambda messages, tools: (
            call("slow", {"seconds": len(messages) * 0.001})
            if tools
            else "Best answer from what I have; step limit reached."
        )
    )
    result = FunctionCallingAgent(model, [slow], max_steps=3).run("loop forever")
    assert result.stopped == "max_steps"
    assert len(model.requests) == 4 and model.requests[-1].tools is None
    assert "limit" in model.requests[-1].last["content"]


def test_memory_follow_ups_see_the_earlier_turn():
    model = ScriptedModel([call("quote", {"symbol": "AAPL"}), "AAPL is 100.", "Still 100."])
    agent = FunctionCallingAgent(model, [quote])
    agent.chat("AAPL?")
    agent.chat("and now?")
    roles = [m["role"] for m in model.requests[-1].messages]
    assert roles == ["system", "user", "assistant", "tool", "assistant", "user"]


def test_token_caps_stop_cleanly_and_leave_the_conversation_intact():
    expensive = ModelReply(content="long answer", usage=TokenUsage(900, 200))
    agent = FunctionCallingAgent(ScriptedModel([expensive]), [quote], max_tokens_per_turn=1000)
    with pytest.raises(TokenBudgetExceeded, match="1,100 tokens, over the per-turn cap of 1,000"):
        agent.run("question")
    assert agent.memory.history == [] and agent.usage.total_tokens == 0
    agent = FunctionCallingAgent(ScriptedModel(["a", "b"]), [quote], max_tokens_per_session=5)
    agent.model.replies[0] = ModelReply(content="a", usage=TokenUsage(3, 1))
    agent.chat("first")
    agent.model.replies[0] = ModelReply(content="b", usage=TokenUsage(3, 1))
    with pytest.raises(TokenBudgetExceeded, match="session used 8 tokens"):
        agent.chat("second")
    assert len(agent.memory.history) == 2


def test_cancel_discards_the_turn_and_a_new_turn_can_start_at_once():
    release = threading.Event()

    def model_fn(messages, tools):
        if messages[-1]["content"] == "slow question":
            release.wait(5)
        return "answer to " + messages[-1]["content"]

    agent = FunctionCallingAgent(FunctionModel(model_fn), [quote])
    cancel = threading.Event()
    errors: list[Exception] = []
    worker = threading.Thread(
        target=lambda: _capture(errors, agent.run, "slow question", cancel=cancel)
    )
    worker.start()
    time.sleep(0.05)
    with pytest.raises(FinagentError, match="still being answered"):
        agent.run("impatient")
    cancel.set()
    assert agent.chat("next question") == "answer to next question"
    release.set()
    worker.join(5)
    assert isinstance(errors[0], TurnCancelled)
    assert [m["content"] for m in agent.memory.history] == [
        "next question",
        "answer to next question",
    ]


def _capture(errors, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception as exc:
        errors.append(exc)


def test_events_and_jsonl_trace(tmp_path):
    events = []
    trace = tmp_path / "trace.jsonl"
    model = ScriptedModel([call("quote", {"symbol": "AAPL"}), "done", "again"])
    agent = FunctionCallingAgent(
        model, [quote], on_event=lambda e: (events.append(e.kind), JsonlTrace(trace)(e))
    )
    agent.run("q")
    assert events == [
        "model_start",
        "model_end",
        "tool_start",
        "tool_end",
        "model_start",
        "model_end",
        "answer",
    ]
    lines = [json.loads(line) for line in trace.read_text().splitlines()]
    turn = lines[0]["data"]["turn"]  # every event names its turn
    assert lines[2]["data"] == {"name": "quote", "arguments": '{"symbol": "AAPL"}', "turn": turn}
    assert {line["data"]["turn"] for line in lines} == {turn}
    agent.run("again")
    later = [json.loads(line) for line in trace.read_text().splitlines()][len(lines) :]
    assert {line["data"]["turn"] for line in later} != {turn}


def test_save_and_load_keep_messages_and_facts(tmp_path):
    from finagent.facts import Fact

    agent = FunctionCallingAgent(ScriptedModel(["hello"]), [quote])
    agent.chat("hi")
    agent.ledger.add(
        [Fact("AAPL.price", "AAPL", "price", "Price", 100.0, "USD/share", "today", "Q")]
    )
    agent.save(tmp_path / "c.json")
    other = FunctionCallingAgent(ScriptedModel([]), [quote])
    other.load(tmp_path / "c.json")
    assert other.memory.messages == agent.memory.messages
    assert other.ledger.get("AAPL.price").value == 100.0


def test_meters_report_data_calls_per_turn():
    class Meter:
        calls = 0

        def usage(self):
            return {"fmp_calls": self.calls}

    meter = Meter()

    @tool
    def fetch() -> str:
        """Fetch."""
        meter.calls += 3
        return "ok"

    agent = FunctionCallingAgent(ScriptedModel([call("fetch"), "done"]), [fetch], meters=[meter])
    assert agent.run("q").usage.counters == {"fmp_calls": 3}


def test_a_failed_turn_that_had_to_trim_leaves_memory_untouched():
    big = "F" * 8_000
    model = ScriptedModel([call("quote", {"symbol": "AAPL"}), "AAPL is 100."])

    @tool
    def report() -> str:
        """A long report."""
        return big

    agent = FunctionCallingAgent(model, [quote, report], memory_tokens=2_500)
    model.replies[:] = [call("report"), "first answer"]
    agent.chat("first")
    saved = json.dumps(agent.memory.messages)
    model.replies[:] = [call("report"), ModelReply(content="x", usage=TokenUsage(10**6, 0))]
    agent.max_tokens_per_turn = 50_000
    with pytest.raises(TokenBudgetExceeded):
        agent.run("second")  # this turn needed trimming, then failed
    assert json.dumps(agent.memory.messages) == saved
    assert model.requests[-1].messages[3]["content"].startswith("[Earlier result of report")


def test_loading_keeps_the_agents_own_system_prompt(tmp_path):
    saved = FunctionCallingAgent(ScriptedModel(["hello"]), [], system_prompt="offline prompt")
    saved.chat("hi")
    saved.save(tmp_path / "c.json")
    react = ReActAgent(ScriptedModel([]), [], text_protocol=True, system_prompt="live prompt")
    react.load(tmp_path / "c.json")
    assert react.memory.messages[0]["content"].startswith("live prompt")
    assert "Action Input:" in react.memory.messages[0]["content"]
    assert [m["content"] for m in react.memory.history] == ["hi", "hello"]
    (tmp_path / "bad.json").write_text(json.dumps({"messages": []}))
    with pytest.raises(ValueError, match="not a finagent conversation"):
        react.load(tmp_path / "bad.json")
