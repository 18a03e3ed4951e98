"""The tool step of a turn: budgets, repeats and retries."""

from __future__ import annotations

from finagent import FunctionCallingAgent, tool
from finagent.errors import ToolError
from finagent.testing import ScriptedModel, call


def test_a_failed_call_may_be_retried_with_the_same_arguments():
    attempts = []

    @tool
    def flaky(symbol: str) -> str:
        """Sometimes fails.

        Args:
            symbol: Ticker.
        """
        attempts.append(symbol)
        if len(attempts) == 1:
            raise ToolError("FMP did not answer in time. Try again.")
        return "ok"

    model = ScriptedModel(
        [
            call("flaky", {"symbol": "A"}),
            call("flaky", {"symbol": "A"}),
            call("flaky", {"symbol": "A"}),
            "done",
        ]
    )
    FunctionCallingAgent(model, [flaky]).run("go")
    assert attempts == ["A", "A"]
    assert model.requests[2].last["content"] == "ok"
    assert "already called" in model.requests[3].last["content"]  # a success is not repeated


def test_records_keep_the_order_of_the_calls_not_of_their_finishing():
    import time

    @tool
    def slow(seconds: float) -> str:
        """Wait.

        Args:
            seconds: How long.
        """
        time.sleep(seconds)
        return "ok"

    model = ScriptedModel(
        [[call("slow", {"seconds": 0.3}), call("slow", {"seconds": 0.0})], "done"]
    )
    result = FunctionCallingAgent(model, [slow]).run("go")
    assert [r.arguments for r in result.tool_calls] == [{"seconds": 0.3}, {"seconds": 0.0}]
