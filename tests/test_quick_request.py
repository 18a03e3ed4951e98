"""The first requests go out over the standard library while the ``openai`` SDK imports
(``finagent.quick_request``); what comes back means exactly what it would through the SDK."""

from __future__ import annotations

import pytest

from finagent.errors import (
    LLMAuthError,
    LLMConnectionError,
    LLMError,
    LLMRateLimitError,
)
from finagent.openai_model import OpenAIChatModel
from finagent.testing.openai_server import OpenAIStubServer
from finagent.testing.servers import LocalServer

KEY = "sk-test-quick-0000"
HI = [{"role": "user", "content": "hi"}]
RATE = (429, {"error": {"message": "Rate limit reached", "type": "requests", "code": None}})
BROKEN = (500, {"error": {"message": "upstream broke", "type": "server_error"}})


def model_for(url: str, **kw) -> OpenAIChatModel:
    return OpenAIChatModel("stub-model", api_key=KEY, base_url=url, **kw)


def sent_by(headers: dict[str, str]) -> str:
    return "quick" if headers["user-agent"] == "finagent" else "sdk"


def test_the_first_request_does_not_wait_for_the_sdk_and_later_ones_use_it():
    replies = [[("quote", {"symbol": "AAPL"})], "AAPL is 100.", "Still 100."]
    with OpenAIStubServer(replies, api_key=KEY) as stub:
        model = model_for(stub.base_url)
        first = model.complete(HI, [_TOOL])
        _ = model.client  # built in the background meanwhile; done (or joined) here
        second = model.complete(HI)
        third = model.complete(HI)
    assert [sent_by(h) for h in stub.headers] == ["quick", "sdk", "sdk"]
    assert first.tool_calls[0].name == "quote" and first.tool_calls[0].arguments == (
        '{"symbol": "AAPL"}'
    )
    assert first.usage.prompt_tokens > 0 and first.usage.completion_tokens > 0
    assert (second.content, third.content) == ("AAPL is 100.", "Still 100.")
    assert stub.bodies[0] == {**stub.bodies[1], "tools": [_TOOL], "tool_choice": "auto"}


def test_a_rate_limited_first_request_is_retried_by_the_sdk_with_the_attempts_left():
    with OpenAIStubServer([RATE, "fine"], api_key=KEY) as stub:
        assert model_for(stub.base_url, max_retries=1).complete(HI).content == "fine"
    assert [sent_by(h) for h in stub.headers] == ["quick", "sdk"]


def test_a_server_error_is_retried_and_a_last_one_reported():
    with OpenAIStubServer([BROKEN, BROKEN, BROKEN, "late"], api_key=KEY) as stub:
        with pytest.raises(LLMError, match="upstream broke"):
            model_for(stub.base_url, max_retries=2).complete(HI)
    assert len(stub.bodies) == 3  # 1 + max_retries attempts in all, as with the SDK alone


def test_without_retries_the_quick_attempt_is_the_only_one():
    with OpenAIStubServer([RATE, "unused"], api_key=KEY) as stub:
        with pytest.raises(LLMRateLimitError, match="rate limiting"):
            model_for(stub.base_url, max_retries=0).complete(HI)
    assert len(stub.bodies) == 1


def test_a_wrong_key_is_not_retried_and_never_shown():
    with OpenAIStubServer(["hi"], api_key="the-right-key-000000") as stub:
        with pytest.raises(LLMAuthError) as info:
            model_for(stub.base_url, max_retries=2).complete(HI)
    assert KEY not in str(info.value) and "OPENAI_API_KEY" in str(info.value)
    assert "Incorrect API key" in str(info.value)


def test_an_unreachable_server_with_retries_left_is_a_connection_error():
    model = model_for("http://127.0.0.1:9/v1", max_retries=1, timeout=2)
    with pytest.raises(LLMConnectionError, match="Could not reach the model server"):
        model.complete(HI)


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "sdk"])
def test_a_reply_that_is_not_a_chat_completion_is_a_clear_error(quick):
    def handle(request):
        return 200, {"Content-Type": "application/json"}, b"<html>gateway says hello</html>"

    with LocalServer(handle) as server:
        model = model_for(server.url + "/v1", max_retries=0)
        if not quick:
            _ = model.client
        with pytest.raises(LLMError, match=r"not a chat completion.*gateway says hello"):
            model.complete(HI)


def test_a_redirect_is_left_to_the_sdk():
    """urllib would turn a redirected POST into a GET; the SDK's attempt decides."""
    with OpenAIStubServer(["moved here"], api_key=KEY) as stub:

        def handle(request):
            target = stub.base_url + "/chat/completions"
            return 307, {"Location": target, "Content-Length": "0"}, b""

        with LocalServer(handle) as old:
            model = model_for(old.url + "/v1", max_retries=1)
            with pytest.raises(LLMError):  # the SDK does not follow it either: a plain error
                model.complete(HI)
    assert stub.bodies == []


def test_organisation_and_project_travel_with_the_quick_request(monkeypatch):
    monkeypatch.setenv("OPENAI_ORG_ID", "org-quick")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-quick")
    with OpenAIStubServer(["a", "b"], api_key=KEY) as stub:
        model = model_for(stub.base_url)
        model.complete(HI)
        _ = model.client
        model.complete(HI)
    for headers in stub.headers:  # the SDK reads the same variables
        assert headers["openai-organization"] == "org-quick"
        assert headers["openai-project"] == "proj-quick"


_TOOL = {
    "type": "function",
    "function": {
        "name": "quote",
        "description": "A quote.",
        "parameters": {
            "type": "object",
            "properties": {"symbol": {"type": "string"}},
            "required": ["symbol"],
        },
    },
}


def test_building_the_model_does_not_import_the_sdk():
    """The import happens in a thread once the first request has left (or when asked for)."""
    import subprocess
    import sys

    code = (
        "import sys; from finagent.openai_model import OpenAIChatModel; "
        "m = OpenAIChatModel('m', api_key='k', base_url='http://127.0.0.1:9/v1'); "
        "print('openai' in sys.modules); m.client; print('openai' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_https_trusts_what_the_sdk_trusts(monkeypatch, tmp_path):
    """certifi's bundle (a slim container may have no system certificates), or SSL_CERT_FILE."""
    import certifi

    from finagent.quick_request import _tls_context

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert len(_tls_context().get_ca_certs()) > 50
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/ca.pem")
    with pytest.raises(FileNotFoundError):
        _tls_context()
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    assert len(_tls_context().get_ca_certs()) > 50
    monkeypatch.delenv("SSL_CERT_FILE")
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))  # an empty folder: nothing else trusted
    assert _tls_context().get_ca_certs() == []
