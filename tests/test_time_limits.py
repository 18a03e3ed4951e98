"""Time limits and cancellation: a turn answers from the data that arrived by its deadline and
names the rest; a cancelled turn stops fetching and bills nothing to the next one; a hung model
server fails within a stated, bounded time. Servers are local (127.0.0.1) stand-ins."""

from __future__ import annotations

import threading
import time

import pytest

from finagent import FunctionCallingAgent, LLMTimeoutError, TurnCancelled
from finagent.openai_model import OpenAIChatModel
from finagent.testing import ScriptedModel, call
from finagent.testing.fmp import FMPStandIn
from finagent.testing.openai_server import OpenAIStubServer
from orchestrations import CompanyComparison


def slow_for(symbol: str, seconds: float):
    """An FMP stand-in answer that hangs ``seconds`` on every request about ``symbol``."""

    def override(endpoint, query):
        if query.get("symbol") == symbol:
            time.sleep(seconds)
        return None

    return override


def test_a_turn_answers_from_what_arrived_by_its_deadline():
    model = ScriptedModel(
        [call("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "1 year"}), "ok"]
    )
    with FMPStandIn(override=slow_for("GOOGL", 3.0)) as server:
        agent = FunctionCallingAgent(
            model, [CompanyComparison(server.client(call_deadline=10))], turn_deadline=0.8
        )
        started = time.monotonic()
        result = agent.run("Compare MSFT and GOOGL")
        seconds = time.monotonic() - started
    assert seconds < 2.5, seconds  # not the 3 s of the slow company, nor 4 x 30 s of retries
    assert result.tool_calls[0].ok
    ids = {f.id for f in result.facts}
    assert "MSFT.operating_margin" in ids and "GOOGL.operating_margin" not in ids
    assert any("GOOGL" in w and "did not arrive within the turn's 0.8s limit" in w
               for w in result.warnings)  # fmt: skip


def test_a_cancelled_turn_stops_fetching_and_bills_nothing_to_the_next():
    cancel = threading.Event()
    model = ScriptedModel(
        [
            call("company_comparison", {"symbols": ["MSFT", "GOOGL", "AMD"], "time_horizon": "1y"}),
            "never",
            "second answer",
        ]
    )
    with FMPStandIn(latency=0.4) as server:
        client = server.client()
        agent = FunctionCallingAgent(
            model, [CompanyComparison(client, max_concurrency=2)], meters=[client]
        )
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        with pytest.raises(TurnCancelled):
            agent.run("compare", cancel=cancel)
        assert time.monotonic() - started < 1.5  # not the ~3 s the 14+ calls would take
        sent = server.calls()
        time.sleep(1.0)  # what was in flight finishes; nothing new is sent
        assert server.calls() <= sent + 2
        model.replies.pop(0)  # the cancelled turn's unused answer
        second = agent.run("hello")
    assert second.usage.counters.get("fmp_calls", 0) == 0  # the late calls stay the old turn's


def test_a_hung_model_server_fails_within_a_stated_time():
    with OpenAIStubServer(["never"], latency=5.0) as server:
        model = OpenAIChatModel(
            "stub-model", api_key=server.api_key, base_url=server.base_url, timeout=0.3,
            max_retries=1,
        )  # fmt: skip
        started = time.monotonic()
        with pytest.raises(LLMTimeoutError, match=r"0.3s per request, 2 attempts: 0.6s in all"):
            model.complete([{"role": "user", "content": "hi"}])
        assert time.monotonic() - started < 3.0  # two 0.3 s attempts and the SDK's short backoff
