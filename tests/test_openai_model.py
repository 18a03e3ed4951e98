"""The real ``openai`` client over HTTP against a local stub that validates requests like the
API does — tool-message pairing, tool schema shape — plus error mapping and streaming."""

from __future__ import annotations

import sys

import pytest

from finagent import FunctionCallingAgent, tool
from finagent.errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMContextLengthError,
    LLMRateLimitError,
)
from finagent.guard import RealRequestBlocked
from finagent.openai_model import OpenAIChatModel
from finagent.testing import block_real_requests
from finagent.testing.openai_server import OpenAIStubServer, validate_chat_request

KEY = "openai-test-0123456789abcdefghij"


@tool
def quote(symbol: str) -> str:
    """Price of a stock.

    Args:
        symbol: Ticker.
    """
    return f"{symbol} price 100"


def model_for(stub: OpenAIStubServer, **kw) -> OpenAIChatModel:
    return OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url, max_retries=0, **kw)


def test_full_turn_over_http_with_tool_calls_and_memory():
    replies = [
        [("quote", {"symbol": "AAPL"}), ("quote", {"symbol": "MSFT"})],
        "AAPL and MSFT are both 100.",
        [("quote", {"symbol": "AMD"})],
        "AMD is 100 too.",
    ]
    with OpenAIStubServer(replies, api_key=KEY) as stub:
        agent = FunctionCallingAgent(model_for(stub), [quote])
        first = agent.run("AAPL and MSFT?")
        second = agent.run("and AMD?")
    assert first.answer == "AAPL and MSFT are both 100." and second.answer == "AMD is 100 too."
    assert first.usage.prompt_tokens > 0 and first.usage.llm_calls == 2
    body = stub.bodies[1]
    assert body["tools"][0]["function"]["name"] == "quote" and body["tool_choice"] == "auto"
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "tool", "tool"]
    assert [m["role"] for m in stub.bodies[3]["messages"]][-3:] == ["user", "assistant", "tool"]
    assert all("functions" not in b for b in stub.bodies)


def test_streaming_delivers_text_and_tool_calls():
    chunks = []
    with OpenAIStubServer(
        [[("quote", {"symbol": "AAPL"})], "A streamed answer that is long."], api_key=KEY
    ) as stub:
        agent = FunctionCallingAgent(model_for(stub), [quote])
        result = agent.run("AAPL?", on_text=chunks.append)
    assert result.answer == "A streamed answer that is long."
    assert "".join(chunks) == result.answer and len(chunks) > 1
    assert result.usage.completion_tokens > 0
    assert stub.bodies[0]["stream"] is True


def test_the_stub_rejects_what_the_api_rejects():
    orphan = {
        "model": "m",
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "tool", "tool_call_id": "x", "content": "r"},
        ],
    }
    assert "must be a response to a preceeding message" in validate_chat_request(orphan)
    unanswered = {
        "model": "m",
        "messages": [
            {"role": "user", "content": "hi"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "a", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                ],
            },
            {"role": "user", "content": "next"},
        ],
    }
    assert "Missing: ['a']" in validate_chat_request(unanswered)
    bad_tool = {
        "model": "m",
        "messages": [{"role": "user", "content": "x"}],
        "tools": [{"type": "function", "function": {"name": "bad name!"}}],
    }
    assert "Invalid tool name" in validate_chat_request(bad_tool)
    assert "deprecated" in validate_chat_request({"model": "m", "messages": [], "functions": []})


@pytest.mark.parametrize(
    "status, payload, error, text",
    [
        (
            400,
            {
                "error": {
                    "message": "This model's maximum context length is 8192 tokens",
                    "type": "invalid_request_error",
                    "code": "context_length_exceeded",
                }
            },
            LLMContextLengthError,
            "no longer fits",
        ),
        (
            429,
            {"error": {"message": "Rate limit reached", "type": "requests", "code": None}},
            LLMRateLimitError,
            "rate limiting",
        ),
        (
            400,
            {"error": {"message": "Bad thing", "type": "invalid_request_error", "code": None}},
            LLMBadRequestError,
            "Bad thing",
        ),
    ],
)
def test_api_errors_become_typed_errors(status, payload, error, text):
    with OpenAIStubServer([(status, payload)], api_key=KEY) as stub:
        with pytest.raises(error, match=text):
            model_for(stub).complete([{"role": "user", "content": "hi"}])


def test_wrong_key_is_an_auth_error_that_never_shows_the_key():
    with OpenAIStubServer(["hi"], api_key="the-right-key-000000") as stub:
        with pytest.raises(LLMAuthError) as info:
            model_for(stub).complete([{"role": "user", "content": "hi"}])
    assert KEY not in str(info.value) and "OPENAI_API_KEY" in str(info.value)


def test_unreachable_server_is_a_connection_error():
    model = OpenAIChatModel(
        "m", api_key=KEY, base_url="http://127.0.0.1:9/v1", max_retries=0, timeout=2
    )
    with pytest.raises(LLMConnectionError, match="Could not reach the model server"):
        model.complete([{"role": "user", "content": "hi"}])


def test_real_requests_are_blocked_in_tests():
    model = OpenAIChatModel("gpt-4.1-mini", api_key=KEY)
    with block_real_requests(), pytest.raises(RealRequestBlocked):
        model.complete([{"role": "user", "content": "hi"}])


def test_import_finagent_does_not_import_openai():
    import subprocess

    code = "import finagent, sys; print('openai' in sys.modules, 'tools' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_multi_turn_conversation_with_trimming_stays_valid_for_the_api():
    """Six turns through the real client with a small memory budget: old tool results shrink
    and old turns go, yet every request the stub receives pairs tool calls with their replies."""
    big = "F" * 3_000  # each tool result ~750 tokens

    @tool
    def report(symbol: str) -> str:
        """A long report.

        Args:
            symbol: Ticker.
        """
        return f"{symbol} {big}"

    def reply(body):
        last = body["messages"][-1]
        if last["role"] == "user":
            return [("report", {"symbol": last["content"].split()[-1]})]
        return f"done with {last['content'].split()[0]}"

    symbols = ["AAPL", "MSFT", "NVDA", "AMD", "JPM", "XOM", "CVX", "COP", "LLY", "PFE"]
    with OpenAIStubServer(reply, api_key=KEY) as stub:
        agent = FunctionCallingAgent(model_for(stub), [report], memory_tokens=1_200)
        for symbol in symbols:
            assert agent.chat(f"report on {symbol}") == f"done with {symbol}"
    assert len(stub.bodies) == 2 * len(symbols)  # every request accepted by the validating stub
    last = stub.bodies[-1]["messages"]
    tools = [m["content"] for m in last if m["role"] == "tool"]
    assert last[0]["role"] == "system"
    assert tools[-1].startswith("PFE FFF"), "the current turn's result is whole"
    assert all(t.startswith("[Earlier result of report removed") for t in tools[:-1])
    users = [m["content"] for m in last if m["role"] == "user"]
    assert users[0] != "report on AAPL" and users[-1] == "report on PFE", "oldest turns dropped"
    assert sum(len(m.get("content") or "") for m in last) // 4 < 1_200
