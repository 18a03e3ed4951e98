"""Speculative tool calls: the predicted call runs while the model thinks; the model's identical
call takes its output, anything else runs as usual, and no result ever changes."""

from __future__ import annotations

import threading
import time

import pytest

from finagent import FunctionCallingAgent, TurnCancelled
from finagent.llm import ToolCall
from finagent.speculation import Speculations, call_key
from finagent.testing import FunctionModel, call
from finagent.tool import FunctionTool, ToolOutput


class Counted:
    """A tool function that counts its runs, can be slow, fail or come back incomplete."""

    def __init__(self, seconds: float = 0.0, fail: bool = False, missing: bool = False) -> None:
        self.runs: list[str] = []
        self.seconds, self.fail, self.missing = seconds, fail, missing

    def __call__(self, symbol: str, years: int = 1) -> ToolOutput:
        """Look a company up.

        Args:
            symbol: ticker
            years: how many years
        """
        self.runs.append(symbol)
        time.sleep(self.seconds)
        if self.fail:
            raise RuntimeError("the guess failed")
        return ToolOutput(
            f"{symbol} over {years}y, run {len(self.runs)}",
            missing=["no prices"] if self.missing else [],
        )


class NeverCancelled:
    cancelled = False

    def check_cancelled(self) -> None:
        pass


def tool_of(fn: Counted) -> FunctionTool:
    return FunctionTool(fn, name="lookup")


def test_an_identical_call_takes_the_output_once():
    fn = Counted()
    tool, speculations = tool_of(fn), Speculations()
    speculations.run(tool, ToolCall.make("lookup", {"symbol": "MSFT"}))
    # the same call once validated: a default written out, keys in another order
    same = ToolCall.make("lookup", {"years": 1, "symbol": "MSFT"})
    assert speculations.take(tool, same, NeverCancelled()).content == "MSFT over 1y, run 1"
    assert speculations.take(tool, same, NeverCancelled()) is None  # taken at most once
    assert fn.runs == ["MSFT"]


def test_another_call_gets_nothing():
    tool, speculations = tool_of(Counted()), Speculations()
    speculations.run(tool, ToolCall.make("lookup", {"symbol": "MSFT"}))
    for other in ({"symbol": "GOOGL"}, {"symbol": "MSFT", "years": 3}):
        assert speculations.take(tool, ToolCall.make("lookup", other), NeverCancelled()) is None
    assert speculations.take(tool, ToolCall("c1", "lookup", "{broken"), NeverCancelled()) is None
    assert call_key(tool, "{broken") is None


@pytest.mark.parametrize("trouble", ["fail", "missing"])
def test_a_failed_or_incomplete_guess_is_dropped(trouble):
    fn = Counted(**{trouble: True})
    tool, speculations = tool_of(fn), Speculations()
    speculations.run(tool, ToolCall.make("lookup", {"symbol": "MSFT"}))
    assert (
        speculations.take(tool, ToolCall.make("lookup", {"symbol": "MSFT"}), NeverCancelled())
        is None
    )


def test_a_call_waits_for_a_guess_still_running_rather_than_running_twice():
    fn = Counted(seconds=0.3)
    tool, speculations = tool_of(fn), Speculations()
    guess = ToolCall.make("lookup", {"symbol": "MSFT"})
    threading.Thread(target=speculations.run, args=(tool, guess)).start()
    time.sleep(0.05)
    started = time.perf_counter()
    assert speculations.take(tool, guess, NeverCancelled()).content == "MSFT over 1y, run 1"
    assert 0.15 < time.perf_counter() - started < 0.5
    assert fn.runs == ["MSFT"]


def test_waiting_for_a_guess_stops_with_the_turn():
    tool, speculations = tool_of(Counted(seconds=0.5)), Speculations()
    guess = ToolCall.make("lookup", {"symbol": "MSFT"})
    threading.Thread(target=speculations.run, args=(tool, guess)).start()
    time.sleep(0.05)

    class Cancelled(NeverCancelled):
        def check_cancelled(self) -> None:
            raise TurnCancelled("cancelled")

    with pytest.raises(TurnCancelled):
        speculations.take(tool, guess, Cancelled())


def agent_with(fn: Counted, guess: list[ToolCall], asked: dict) -> FunctionCallingAgent:
    def reply(messages, tools):
        if messages[-1]["role"] == "tool":
            return "done: " + messages[-1]["content"]
        time.sleep(0.3)  # thinking: the guess runs meanwhile
        return call("lookup", asked)

    return FunctionCallingAgent(FunctionModel(reply), [tool_of(fn)], prefetch=lambda q: guess)


def test_the_agent_hands_the_guess_to_the_model_s_identical_call():
    fn = Counted(seconds=0.2)
    guess = [ToolCall.make("lookup", {"symbol": "MSFT"})]
    result = agent_with(fn, guess, {"years": 1, "symbol": "MSFT"}).run("Look up Microsoft")
    assert fn.runs == ["MSFT"]  # once, on the guess
    assert result.answer == "done: MSFT over 1y, run 1"
    assert result.tool_calls[0].ok and result.tool_calls[0].seconds < 0.1


def test_a_wrong_guess_changes_nothing():
    fn = Counted()
    guess = [ToolCall.make("lookup", {"symbol": "MSFT"}), ToolCall.make("unknown_tool", {})]
    result = agent_with(fn, guess, {"symbol": "GOOGL"}).run("Look up Alphabet")
    assert result.answer == "done: GOOGL over 1y, run 2"
    assert fn.runs == ["MSFT", "GOOGL"]  # the guess ran, and was not used


def test_a_guess_that_comes_after_its_turn_is_not_run():
    """The model answered before the guess was ready: running it would bill a closed turn."""
    fn = Counted()

    def late_guess(question):
        time.sleep(0.3)  # the data for the guess arrives late
        return [ToolCall.make("lookup", {"symbol": "MSFT"})]

    agent = FunctionCallingAgent(
        FunctionModel(lambda messages, tools: "no tool needed"), [tool_of(fn)], prefetch=late_guess
    )
    assert agent.run("Hello").answer == "no tool needed"
    time.sleep(0.5)
    assert fn.runs == []


def test_background_data_calls_stop_when_the_turn_is_over():
    """Work started on a guess sees its turn's end as a cancel: it sends nothing more."""
    from finagent.scope import current_scope

    seen: list[bool] = []

    def guess(question):
        time.sleep(0.3)
        seen.append(current_scope().cancelled)
        return []

    agent = FunctionCallingAgent(FunctionModel(lambda m, t: "done"), prefetch=guess)
    agent.run("Hello")
    time.sleep(0.5)
    assert seen == [True]
