"""Speculative prefetch: the named companies' data is fetched while the model decides, the tool
call then finds it ready, the facts are the same as without it, and it is billed, bounded and
cancelled with its turn. FMP is a local stand-in with latency; the model a scripted function."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from finagent import FunctionCallingAgent, TurnCancelled
from finagent.app.prefetch import Prefetcher
from finagent.testing import FunctionModel, call
from finagent.testing.fmp import FMPStandIn
from orchestrations import CompanyComparison, CompanySnapshot

QUESTION = "Compare MSFT and GOOGL over the next 3 years"
FIXTURES = Path(__file__).parent / "fixtures" / "fmp"
# price targets as a plan that has them answers (the snapshot has none: the stand-in says 402)
TARGETS = {
    ("price-target-consensus", symbol): [
        dict(json.loads((FIXTURES / "price-target-consensus__MSFT.json").read_text())[0],
             symbol=symbol)
    ]
    for symbol in ("MSFT", "GOOGL")
}  # fmt: skip
CALL = call("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"})


def thinking_model(seconds: float) -> FunctionModel:
    """Asks for the comparison after ``seconds`` of 'thinking', then answers."""

    def reply(messages, tools):
        if messages[-1]["role"] == "tool":
            return "done"
        time.sleep(seconds)
        return CALL

    return FunctionModel(reply)


def run(server: FMPStandIn, tmp_path, prefetch: bool, **options):
    client = server.client(cache=True, cache_dir=tmp_path / f"cache-{prefetch}-{time.time()}")
    agent = FunctionCallingAgent(
        thinking_model(options.pop("think", 0.6)),
        [CompanyComparison(client), CompanySnapshot(client)],
        meters=[client],
        prefetch=Prefetcher(client) if prefetch else None,
    )
    return agent.run(QUESTION, **options)


def test_the_tool_finds_its_data_ready_and_the_facts_are_the_same(tmp_path):
    with FMPStandIn(latency=0.15, fixtures=TARGETS) as server:
        off = run(server, tmp_path, prefetch=False)
        calls_off = server.calls()
        on = run(server, tmp_path, prefetch=True)
        calls_on = server.calls() - calls_off
    as_records = lambda result: sorted(  # noqa: E731
        (f.id, f.value, f.period) for f in result.facts
    )
    assert as_records(on) == as_records(off)
    assert calls_on == calls_off == 14  # every prefetched call was one the tool then made
    assert on.usage.counters["fmp_prefetch_calls"] == 14
    assert on.usage.counters["fmp_calls"] == 14  # billed once, to this turn
    # the data was fetched while the model thought: the tool call no longer waits for FMP
    assert on.tool_calls[0].seconds < 0.1 < off.tool_calls[0].seconds


def test_prefetch_is_cancelled_with_its_turn(tmp_path):
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    with FMPStandIn(latency=0.3) as server:
        client = server.client(cache=True, cache_dir=tmp_path / "cache", max_concurrency=2)
        agent = FunctionCallingAgent(
            thinking_model(0.5), [CompanyComparison(client)], prefetch=Prefetcher(client)
        )
        with pytest.raises(TurnCancelled):
            agent.run(QUESTION, cancel=cancel)
        time.sleep(1.0)
        # 2 in flight when cancelled (the pool's width); the other 12 were never sent
        assert server.calls() <= 4


def test_prefetch_stays_off_offline_and_without_a_cache(tmp_path):
    from finagent.testing.fmp import snapshot_client

    assert Prefetcher(snapshot_client())(QUESTION) == []
    with FMPStandIn() as server:
        assert Prefetcher(server.client(cache=False))(QUESTION) == []
        prefetcher = Prefetcher(server.client(cache=True, cache_dir=tmp_path / "c"))
        started = len(prefetcher._start(QUESTION))
    assert started == 14  # 2 companies x 7 parts: bounded by the question's companies
    five = Prefetcher(snapshot_client()).plan("Compare AAPL, MSFT, GOOGL, NVDA and AMD")
    assert {symbol for symbol, _ in five} == {"AAPL", "MSFT", "GOOGL"}  # at most 3 companies


def test_the_builder_turns_prefetch_off_with_the_setting(monkeypatch):
    from finagent.app.builder import build_agent

    monkeypatch.setenv("FMP_API_KEY", "fmp-test-key-0000")
    assert build_agent(model=thinking_model(0)).prefetch is not None
    monkeypatch.setenv("FINAGENT_PREFETCH", "0")
    assert build_agent(model=thinking_model(0)).prefetch is None
    assert build_agent(model=thinking_model(0), offline=True).prefetch is None


class SignallingModel(FunctionModel):
    """A model that, like OpenAIChatModel, fires ``request_sent`` as its request leaves."""

    def __init__(self, reply, fire: bool = True) -> None:
        from finagent.llm import RequestSignal

        super().__init__(reply)
        self.request_sent, self.fire, self.sent_at = RequestSignal(), fire, []

    def complete(self, messages, tools=None, **options):
        time.sleep(0.2)  # building the request
        if self.fire:
            self.sent_at.append(time.perf_counter())
            self.request_sent.fire()
        return super().complete(messages, tools, **options)


def test_background_work_starts_once_the_request_has_left_and_the_warm_up_does_not_wait():
    """Started earlier, its imports would compete with the request for the interpreter; the
    warm-up runs beside a prefetch that waits on the network, not after it."""
    started: dict[str, float] = {}

    def slow_prefetch(question):
        started["prefetch"] = time.perf_counter()
        time.sleep(0.2)  # waiting for FMP

    model = SignallingModel(lambda messages, tools: time.sleep(0.3) or "done")
    agent = FunctionCallingAgent(
        model,
        prefetch=slow_prefetch,
        warm_up=lambda: started.setdefault("warm", time.perf_counter()),
    )
    agent.run("Compare MSFT and GOOGL")
    assert set(started) == {"prefetch", "warm"}
    assert min(started.values()) >= model.sent_at[0]
    assert started["warm"] - started["prefetch"] < 0.1  # not after the prefetch's 0.2 s


def test_background_work_never_starts_after_its_turn(monkeypatch):
    """A request that never leaves (or a turn over before the wait ends) starts nothing late:
    a prefetch after the turn would send requests nobody asked for."""
    import finagent.agent

    monkeypatch.setattr(finagent.agent, "REQUEST_WAIT", 0.3)
    started: list[str] = []
    model = SignallingModel(lambda messages, tools: "done", fire=False)
    agent = FunctionCallingAgent(
        model, prefetch=started.append, warm_up=lambda: started.append("warm")
    )
    agent.run("Compare MSFT and GOOGL")  # over in 0.2 s, before the 0.3 s wait ends
    time.sleep(0.5)
    assert started == []


def test_the_openai_model_fires_its_signal_for_each_request():
    from finagent.openai_model import OpenAIChatModel
    from finagent.testing.openai_server import OpenAIStubServer

    with OpenAIStubServer(["one", "two"]) as server:
        model = OpenAIChatModel("stub", api_key="test-key", base_url=server.base_url)
        assert model.request_sent.count == 0
        model.complete([{"role": "user", "content": "hi"}])
        model.complete([{"role": "user", "content": "again"}])
    assert model.request_sent.count == 2


def test_the_builder_warms_up_modules_that_exist():
    import importlib

    from finagent.app.builder import WARM_UP, build_agent

    for name in WARM_UP:
        importlib.import_module(name)
    assert build_agent(offline=True).warm_up is not None


def test_no_warm_up_for_a_model_that_does_not_signal_its_requests():
    """Nothing to overlap with (a scripted model, the offline planner): the imports would only
    compete with the turn."""
    warmed: list[str] = []
    agent = FunctionCallingAgent(
        FunctionModel(lambda messages, tools: time.sleep(0.2) or "done"),
        warm_up=lambda: warmed.append("warm"),
    )
    agent.run("Compare MSFT and GOOGL")
    time.sleep(0.1)
    assert warmed == []


def test_the_prefetcher_guesses_the_planner_s_call_for_the_warmed_companies(tmp_path):
    with FMPStandIn() as server:
        prefetcher = Prefetcher(server.client(cache=True, cache_dir=tmp_path / "c"))
        guessed = prefetcher(QUESTION)
        assert [(c.name, json.loads(c.arguments)) for c in guessed] == [
            ("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"})
        ]
        assert prefetcher("How are the big banks doing?") == []  # a sector: nothing warmed
        # four companies: only three are warmed, so no guess would find its data ready
        assert prefetcher("Compare AAPL, MSFT, GOOGL and NVDA") == []


def test_the_model_s_call_takes_the_speculative_analysis(tmp_path):
    """Same facts as without prefetch; the comparison was computed while the model thought."""
    with FMPStandIn(latency=0.05, fixtures=TARGETS) as server:
        off = run(server, tmp_path, prefetch=False)
        on = run(server, tmp_path, prefetch=True)
    assert [(f.id, f.value, f.period) for f in on.facts] == [
        (f.id, f.value, f.period) for f in off.facts
    ]
    assert on.tool_calls[0].seconds < 0.01  # taken, not computed: the analysis alone takes more
