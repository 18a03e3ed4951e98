"""Behaviour found by review: marks on the right figure, malformed FMP data, retries after a
failure, loading a conversation into another agent, and bad settings as clear errors."""

from __future__ import annotations

import json

import pytest
import responses
from rich.console import Console

from finagent import ConfigurationError, FunctionCallingAgent, JsonlTrace, ReActAgent, tool
from finagent.config import Settings
from finagent.display import answer
from finagent.errors import ToolError
from finagent.facts import Fact
from finagent.testing import ScriptedModel, call
from finagent.verify import Verifier
from tools import FMPClient, FMPResponseError, get_quote

FACTS = [
    Fact(
        "MSFT.operating_margin",
        "MSFT",
        "operating_margin",
        "Operating margin",
        41.77,
        "%",
        "FY2023",
        "IS",
    )
]


def test_the_unverified_mark_lands_on_the_right_figure():
    text = "MSFT's operating margin was 41.8%; the gap was 1.8% wider."
    verification = Verifier()(text, FACTS)
    assert [f.text for f in verification.unverified] == ["1.8%"]
    console = Console(record=True, width=120)
    answer(console, text, verification)
    out = console.export_text()
    assert "41.8% ⚠" not in out and "1.8% ⚠" in out
    assert "(⚠ = not found in the facts)" in out


@responses.activate
def test_a_malformed_field_is_a_response_error_not_a_crash():
    responses.get(
        "https://fmp.test/stable/quote", json=[{"symbol": "MSFT", "price": "N/A", "volume": 1}]
    )
    client = FMPClient(api_key="k" * 20, base_url="https://fmp.test/stable", cache=False)
    with pytest.raises(FMPResponseError, match=r"malformed data for quote \(MSFT\): field 'price'"):
        get_quote("MSFT", client=client)


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


@pytest.mark.parametrize("value", ["abc", "0"])
def test_bad_settings_are_configuration_errors(monkeypatch, value):
    monkeypatch.setenv("FMP_CALLS_PER_MINUTE", value)
    with pytest.raises(ConfigurationError, match="FMP_CALLS_PER_MINUTE"):
        Settings.load()


def test_an_unwritable_trace_file_fails_at_once(tmp_path):
    with pytest.raises(ConfigurationError, match="Cannot write the trace file"):
        JsonlTrace(tmp_path / "missing" / "folder" / "trace.jsonl")


def test_statements_in_another_currency_are_labelled_and_not_priced_in_dollars():
    """A company reporting in TWD while its shares trade in USD: statement figures keep their
    currency, and no multiple divides a dollar price by TWD earnings."""
    from finagent.testing.fmp import FMPStandIn, snapshot_client
    from orchestrations import CompanySnapshot

    rows = snapshot_client().get("income-statement", {"symbol": "MSFT", "limit": 5})[0]
    twd = [dict(row, reportedCurrency="TWD") for row in rows]
    with FMPStandIn(fixtures={("income-statement", "MSFT"): twd}) as server:
        result = CompanySnapshot(server.client()).run(symbol="MSFT")
    facts = {f.metric: f for f in result.facts}
    assert facts["revenue"].unit == "TWD" and facts["revenue"].display.startswith("TWD 211.9")
    assert facts["eps"].unit == "TWD/share"
    assert "pe" not in facts and "ps" not in facts and "pe_fy2023" not in facts
    assert any("reports in TWD but trades in USD" in w for w in result.warnings)
    assert facts["price"].unit == "USD/share"
