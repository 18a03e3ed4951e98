"""Real OpenAI-compatible servers differ from the API in small ways that used to break a turn.
The stub imitates each (``quirks=...``); the agent, through the real ``openai`` client over
HTTP, must still answer."""

from __future__ import annotations

import pytest

from finagent import FunctionCallingAgent, tool
from finagent.llm import ModelReply, ToolCall
from finagent.openai_model import OpenAIChatModel
from finagent.testing.openai_server import QUIRKS, OpenAIStubServer

KEY = "openai-test-0123456789abcdefghij"
CALLS: list[str] = []


@tool
def quote(symbol: str) -> str:
    """Price of a stock.

    Args:
        symbol: Ticker.
    """
    CALLS.append(symbol)
    return f"{symbol} price 100"


def model_for(stub: OpenAIStubServer, **kw) -> OpenAIChatModel:
    return OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url, max_retries=0, **kw)


def two_calls_then_answer() -> list:
    return [[("quote", {"symbol": "AAPL"}), ("quote", {"symbol": "MSFT"})], "Both are 100."]


@pytest.fixture(autouse=True)
def fresh_calls():
    CALLS.clear()


def run(quirks: set[str], stream: bool, replies: list | None = None):
    chunks: list[str] = []
    with OpenAIStubServer(replies or two_calls_then_answer(), api_key=KEY, quirks=quirks) as stub:
        agent = FunctionCallingAgent(model_for(stub), [quote])
        result = agent.run("AAPL and MSFT?", on_text=chunks.append if stream else None)
    return result, stub


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_null_content_refused_gets_an_empty_string(stream):
    result, stub = run({"null_content_refused"}, stream)
    assert result.answer == "Both are 100."
    assistant = next(m for m in stub.bodies[1]["messages"] if m["role"] == "assistant")
    assert assistant["content"] == "" and len(assistant["tool_calls"]) == 2


def test_assistant_messages_with_tool_calls_have_string_content():
    message = ModelReply(None, [ToolCall("c1", "quote", "{}")]).to_message()
    assert message["content"] == ""
    assert ModelReply("text").to_message()["content"] == "text"


def test_null_content_in_a_loaded_conversation_is_sent_as_an_empty_string():
    """Conversations saved before (or written by other tools) may hold null content."""
    with OpenAIStubServer(["fine"], api_key=KEY, quirks={"null_content_refused"}) as stub:
        model = model_for(stub)
        reply = model.complete(
            [
                {"role": "user", "content": "q"},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [ToolCall("c1", "quote", '{"symbol": "A"}').to_dict()],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "A price 100"},
            ]
        )
    assert reply.content == "fine"


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_tool_arguments_sent_as_a_json_object(stream):
    result, stub = run({"arguments_as_object"}, stream)
    assert result.answer == "Both are 100." and CALLS == ["AAPL", "MSFT"]
    assert all(call.ok for call in result.tool_calls)
    assistant = next(m for m in stub.bodies[1]["messages"] if m["role"] == "assistant")
    assert all(isinstance(c["function"]["arguments"], str) for c in assistant["tool_calls"])


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_tool_calls_without_ids_get_unique_ones(stream):
    result, stub = run({"no_tool_call_ids"}, stream)
    assert result.answer == "Both are 100." and CALLS == ["AAPL", "MSFT"]
    messages = stub.bodies[1]["messages"]
    ids = [c["id"] for m in messages if m["role"] == "assistant" for c in m["tool_calls"]]
    answered = [m["tool_call_id"] for m in messages if m["role"] == "tool"]
    assert len(set(ids)) == 2 and all(ids) and answered == ids


def test_a_stream_without_usage_still_counts_tokens_roughly():
    result, _ = run({"no_stream_usage"}, stream=True)
    assert result.answer == "Both are 100."
    assert result.usage.prompt_tokens > 0 and result.usage.completion_tokens > 0


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_a_refused_tool_choice_is_dropped_and_not_sent_again(stream):
    replies = two_calls_then_answer() + [[("quote", {"symbol": "AMD"})], "AMD is 100."]
    with OpenAIStubServer(replies, api_key=KEY, quirks={"tool_choice_refused"}) as stub:
        agent = FunctionCallingAgent(model_for(stub), [quote])
        on_text = (lambda text: None) if stream else None
        assert agent.run("AAPL and MSFT?", on_text=on_text).answer == "Both are 100."
        assert agent.run("and AMD?", on_text=on_text).answer == "AMD is 100."
    with_choice = [b for b in stub.bodies if "tool_choice" in b]
    assert len(with_choice) == 1  # refused once; the model remembers
    assert all("tools" in b for b in stub.bodies)


def test_other_bad_requests_are_not_retried():
    from finagent.errors import LLMBadRequestError

    refusal = (400, {"error": {"message": "messages too odd", "type": "invalid_request_error"}})
    with OpenAIStubServer([refusal, "unused"], api_key=KEY) as stub:
        with pytest.raises(LLMBadRequestError, match="too odd"):
            model_for(stub).complete([{"role": "user", "content": "q"}])
    assert len(stub.bodies) == 1


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_every_quirk_at_once(stream):
    """A small local server can have them all; a two-turn conversation still works."""
    result, _stub = run(set(QUIRKS), stream)
    assert result.answer == "Both are 100." and CALLS == ["AAPL", "MSFT"]


def test_unknown_quirks_are_refused():
    with pytest.raises(ValueError, match="unknown quirks"):
        OpenAIStubServer([], quirks={"sometimes_rude"})


def test_llm_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("FINAGENT_LLM_TIMEOUT", "240")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    model = OpenAIChatModel("m")
    assert model.timeout == 240.0 and model.client.timeout == 240.0
    assert OpenAIChatModel("m", timeout=5).timeout == 5.0  # an argument beats it


def test_a_slow_server_times_out_with_advice_to_raise_the_timeout(monkeypatch):
    from finagent.errors import LLMTimeoutError

    monkeypatch.setenv("FINAGENT_LLM_TIMEOUT", "0.3")
    with OpenAIStubServer(["late"], api_key=KEY, latency=1.0) as stub:
        with pytest.raises(LLMTimeoutError, match=r"0\.3s per request.*FINAGENT_LLM_TIMEOUT"):
            model_for(stub).complete([{"role": "user", "content": "q"}])
