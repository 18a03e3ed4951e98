"""What the model server says, in finagent's words: every status means the same whether the
request went out quickly (before the SDK was ready, ``quick_request``) or through the SDK."""

from __future__ import annotations

import json

import pytest

from finagent.errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMContextLengthError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
)
from finagent.openai_model import OpenAIChatModel, _about_tool_choice, status_error
from finagent.quick_request import RawReply, _retry_after, post_json, retry_wait, should_retry
from finagent.testing.openai_server import OpenAIStubServer
from finagent.testing.servers import LocalServer, json_response

KEY = "sk-test-errors-0000"
HI = [{"role": "user", "content": "hi"}]


def error(status, message, code=None):
    return status, {"error": {"message": message, "type": "invalid_request_error", "code": code}}


CASES = [
    (error(401, "Incorrect API key provided."), LLMAuthError, "rejected the API key"),
    (error(403, "Project not allowed."), LLMAuthError, "Check OPENAI_API_KEY"),
    (error(429, "Slow down please"), LLMRateLimitError, "rate limiting.*Slow down please"),
    (error(404, "No such model here"), LLMBadRequestError, "does not know model 'stub-model'"),
    (error(400, "Too long.", "context_length_exceeded"), LLMContextLengthError, "/reset"),
    (error(400, "This model's maximum context is 8k"), LLMContextLengthError, "narrower question"),
    (error(400, "Input context length exceeded"), LLMContextLengthError, "no longer fits"),
    (error(400, "Odd message order"), LLMBadRequestError, "refused the request: Odd message"),
    (error(422, "Unprocessable thing"), LLMError, "server failed: .*Unprocessable thing"),
    ((502, "<html>Bad gateway</html>"), LLMError, "server failed: .*Bad gateway"),
]


@pytest.mark.parametrize(
    "reply, kind, text", CASES, ids=[f"{r[0]}-{k.__name__}" for r, k, _ in CASES]
)
def test_a_status_means_the_same_either_way(reply, kind, text):
    said, attempts = [], []
    for quick in (True, False):
        with OpenAIStubServer([reply] * 3, api_key=KEY) as stub:
            model = OpenAIChatModel(
                "stub-model", api_key=KEY, base_url=stub.base_url, max_retries=1
            )
            if not quick:
                _ = model.client
            with pytest.raises(kind, match=text) as info:
                model.complete(HI)
        assert type(info.value) is kind
        assert [h["user-agent"] == "finagent" for h in stub.headers][:1] == [quick]
        said.append(str(info.value).replace(stub.base_url, "<server>"))
        attempts.append(len(stub.bodies))
    assert said[0] == said[1]  # word for word, whichever way the request went
    assert attempts[0] == attempts[1] == (2 if reply[0] in (429, 502) else 1)
    assert "Error code" not in said[0] and "{'" not in said[0]


def test_the_advice_is_given_in_full():
    with OpenAIStubServer([error(401, "nope"), error(400, "x", "context_length_exceeded")],
                          api_key=KEY) as stub:  # fmt: skip
        model = OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url, max_retries=0)
        with pytest.raises(LLMAuthError) as auth:
            model.complete(HI)
        with pytest.raises(LLMContextLengthError) as context:
            model.complete(HI)
    assert str(auth.value) == (
        f"The model server at {stub.base_url} rejected the API key (nope). "
        "Check OPENAI_API_KEY; the key itself is never shown."
    )
    assert str(context.value) == (
        "The conversation no longer fits the model's context window. Start a new conversation "
        "(/reset) or ask a narrower question."
    )


def test_a_timeout_of_the_quick_request_is_the_only_attempt_without_retries():
    import time

    with OpenAIStubServer(["late"], api_key=KEY, latency=3.0) as stub:
        model = OpenAIChatModel(
            "stub-model", api_key=KEY, base_url=stub.base_url, max_retries=0, timeout=0.5
        )
        started = time.monotonic()
        with pytest.raises(LLMTimeoutError) as info:
            model.complete(HI)
        took = time.monotonic() - started
    assert took < 0.95  # one 0.5 s attempt, not a second one through the SDK
    assert str(info.value) == (
        f"The model server at {stub.base_url} did not answer in time (0.5s per request, "
        "1 attempts: 0.5s in all). Try again, use a faster model, or raise "
        "FINAGENT_LLM_TIMEOUT (seconds) for a slow local model."
    )


@pytest.mark.parametrize("status", [400, 404, 422])
def test_a_refusal_is_not_sent_again_even_with_retries_left(status):
    with OpenAIStubServer([error(status, "no"), "unused"], api_key=KEY) as stub:
        model = OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url, max_retries=2)
        with pytest.raises(LLMError):
            model.complete(HI)
    assert len(stub.bodies) == 1


def test_the_retry_waits_as_long_as_the_server_asks():
    import time

    arrivals = []

    def handle(request):
        arrivals.append(time.monotonic())
        if len(arrivals) == 1:
            return json_response(429, {"error": {"message": "wait"}}, {"Retry-After": "1.5"})
        return json_response(200, {"choices": [{"message": {"content": "ok"}}]})

    with LocalServer(handle) as server:
        model = OpenAIChatModel("m", api_key=KEY, base_url=server.url + "/v1", max_retries=1)
        assert model.complete(HI).content == "ok"
    assert len(arrivals) == 2 and arrivals[1] - arrivals[0] >= 1.4


@pytest.mark.parametrize("status", [300, 301, 307])
def test_a_redirect_or_choice_is_not_read_as_a_reply(status):
    def handle(request):
        return json_response(status, {"choices": [{"message": {"content": "not for you"}}]})

    with LocalServer(handle) as server:
        model = OpenAIChatModel("m", api_key=KEY, base_url=server.url + "/v1", max_retries=1)
        with pytest.raises(LLMError) as info:
            model.complete(HI)
    assert str(info.value).startswith("The model server failed: ")  # the SDK's attempt, refused


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "sdk"])
def test_an_unreachable_server_is_named(quick):
    model = OpenAIChatModel("m", api_key=KEY, base_url="http://127.0.0.1:9/v1", max_retries=0)
    if not quick:
        _ = model.client
    with pytest.raises(LLMConnectionError) as info:
        model.complete(HI)
    assert str(info.value) == (
        "Could not reach the model server at http://127.0.0.1:9/v1. "
        "Check the network or OPENAI_BASE_URL."
    )


def test_the_quick_request_names_the_server_in_its_errors():
    with OpenAIStubServer([error(401, "nope")], api_key=KEY) as stub:
        model = OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url, max_retries=0)
        with pytest.raises(LLMAuthError) as info:
            model.complete(HI)
    assert stub.base_url in str(info.value) and "(nope)" in str(info.value)


@pytest.mark.parametrize(
    "body, detail",
    [
        (b'{"error": {"message": "m1", "code": "c1"}}', ("m1", "c1")),
        (b'{"error": {"type": "server_error"}}', ("{'type': 'server_error'}", "")),
        (b'{"error": "a plain string"}', ("a plain string", "")),
        (b"<html>Bad gateway</html>\n", ("<html>Bad gateway</html>", "")),
        (b"", ("HTTP 502", "")),
        (b"\xff\xfe broken bytes", ("\ufffd\ufffd broken bytes", "")),
    ],
)
def test_error_bodies_are_read_for_their_message_and_code(body, detail):
    assert RawReply(502, body).error_detail() == detail


def test_post_json_sends_json_and_keeps_the_retry_after():
    seen = {}

    def handle(request):
        seen.update(method=request.method, type=request.headers.get("content-type"))
        seen.update(accept=request.headers.get("accept"), body=request.json())
        return json_response(429, {"error": {"message": "later"}}, {"Retry-After": "7"})

    with LocalServer(handle) as server:
        raw = post_json(server.url + "/v1/chat/completions", {"a": [1]}, {"X-Test": "1"}, 5)
    assert (raw.status, raw.headers["retry-after"], json.loads(raw.body)) == (
        429,
        "7",
        {"error": {"message": "later"}},
    )
    assert seen == {"method": "POST", "type": "application/json", "accept": "application/json",
                    "body": {"a": [1]}}  # fmt: skip


def _http_date(seconds_from_now: float) -> str:
    import email.utils
    import time

    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


RETRY_HEADERS = [
    {},
    {"retry-after": "2"},
    {"retry-after": "0"},
    {"retry-after": "120"},
    {"retry-after": "200"},
    {"retry-after-ms": "2500"},
    {"retry-after-ms": "2500", "retry-after": "9"},
    {"retry-after": "soon"},
    {"retry-after-ms": "soon", "retry-after": "3"},
    {"retry-after": "0.5"},
    {"retry-after": "1e400"},
    {"retry-after": "inf"},
    {"retry-after": "+inf"},
    {"retry-after": "Infinity"},
    {"retry-after": "+infinity"},
    {"retry-after": _http_date(30)},
    {"x-should-retry": "true"},
    {"x-should-retry": "false"},
    {"x-should-retry": "false", "retry-after": "1"},
]


@pytest.mark.parametrize("status", [400, 401, 404, 408, 409, 422, 429, 500, 501, 503, 524, 529])
def test_the_quick_request_retries_as_the_sdk_would(status):
    """should_retry, the Retry-After reading and the wait are the SDK's own rules: checked
    against the SDK's methods, so that an SDK that changes them fails this test."""
    import httpx2
    import openai

    client = openai.OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
    for headers in RETRY_HEADERS:
        ours = RawReply(status, b"", headers)
        theirs = httpx2.Response(status, headers=headers)
        assert should_retry(ours) == client._should_retry(theirs), (status, headers)
        expected = client._parse_retry_after_header(httpx2.Headers(headers))
        got = _retry_after(headers)
        assert (got is None) == (expected is None), headers
        close = 1.5 if "GMT" in headers.get("retry-after", "") else 1e-9  # a date: clock
        if got is not None:
            assert got == pytest.approx(expected, abs=close), headers
        wait = retry_wait(ours)
        if got is not None and 0 < got <= 120:
            assert wait == pytest.approx(got, abs=close)
        else:  # the SDK's first back-off: 0.5 s less up to 25% jitter
            assert 0.375 <= wait <= 0.5


def test_later_back_offs_double_up_to_eight_seconds():
    assert 0.375 <= retry_wait() <= 0.5  # no reply at all (a failure on the way)
    waits = [retry_wait(RawReply(500, b""), done) for done in (0, 1, 2, 3, 4, 10)]
    assert [round(w / b, 2) <= 1 for w, b in zip(waits, (0.5, 1, 2, 4, 8, 8))] == [True] * 6
    assert all(w >= 0.75 * b for w, b in zip(waits, (0.5, 1, 2, 4, 8, 8)))


@pytest.mark.parametrize(
    "status, detail, about",
    [(400, "Unknown parameter tool_choice", True), (400, "no tool choice here", True),
     (400, "TOOL_CHOICE", True), (400, "messages must alternate", False),
     (404, "tool_choice? no such model", False)],
)  # fmt: skip
def test_a_refusal_about_tool_choice_is_recognised(status, detail, about):
    assert _about_tool_choice(status_error(status, detail, "", "m", "u")) is about


def test_the_background_build_happens_without_being_asked():
    import time

    with OpenAIStubServer(["hello"], api_key=KEY) as stub:
        model = OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url)
        model.complete(HI)
        deadline = time.monotonic() + 20
        while model._sdk is None and time.monotonic() < deadline:
            time.sleep(0.01)
    assert model._sdk is not None


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "sdk"])
def test_a_loose_reply_is_read_as_the_api_promises(quick):
    """Missing or repeated ids, arguments as an object or empty, a non-dict entry, partial usage."""
    reply = {
        "choices": [
            {
                "message": {
                    "content": None,
                    "tool_calls": [
                        {"id": "same", "function": {"name": "a", "arguments": {"x": 1}}},
                        {"id": "same", "function": {"name": "b", "arguments": ""}},
                        {"function": {"name": "c"}},
                        "junk",
                        {"id": "kept", "function": {"name": "d", "arguments": '{"y": 2}'}},
                        {"id": "nameless", "function": {"arguments": "{}"}},
                    ],
                }
            }
        ],
        "usage": {"completion_tokens": 3},
    }

    def handle(request):
        return json_response(200, reply)

    with LocalServer(handle) as server:
        model = OpenAIChatModel("m", api_key=KEY, base_url=server.url + "/v1", max_retries=0)
        if not quick:
            _ = model.client
        got = model.complete(HI)
    names = [(c.name, c.arguments) for c in got.tool_calls]
    assert names == [("a", '{"x": 1}'), ("b", "{}"), ("c", "{}"), ("d", '{"y": 2}'), ("", "{}")]
    ids = [c.id for c in got.tool_calls]
    assert ids[0] == "same" and ids[3] == "kept" and len(set(ids)) == 5
    assert all(i.startswith("call_fa") for i in ids[1:3])
    assert (got.usage.prompt_tokens, got.usage.completion_tokens) == (0, 3)


def test_a_stream_keeps_the_servers_ids_and_usage():
    """Streamed or not, the same reply reads the same: the server's own call ids and its usage
    (asked for with ``include_usage``), not estimates."""
    call = [("quote", {"symbol": "AAPL"}), ("quote", {"symbol": "MSFT"})]
    with OpenAIStubServer([call, call], api_key=KEY) as stub:
        model = OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url)
        plain = model.complete(HI)
        streamed = model.complete(HI, on_text=lambda text: None)
    assert streamed.usage == plain.usage and plain.usage.completion_tokens > 10
    assert [c.id for c in plain.tool_calls] == ["call_1", "call_2"]
    assert [c.id for c in streamed.tool_calls] == ["call_4", "call_5"]
    assert [c.arguments for c in streamed.tool_calls] == [c.arguments for c in plain.tool_calls]
    assert stub.bodies[1]["stream_options"] == {"include_usage": True}
