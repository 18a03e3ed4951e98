"""The first requests go out over the standard library while the ``openai`` SDK imports
(``finagent.quick_request``); what comes back means exactly what it would through the SDK."""

from __future__ import annotations

import json

import pytest

from finagent.errors import (
    LLMAuthError,
    LLMConnectionError,
    LLMError,
    LLMRateLimitError,
)
from finagent.openai_model import OpenAIChatModel
from finagent.testing.openai_server import OpenAIStubServer
from finagent.testing.servers import LocalServer, json_response

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


def test_without_retries_the_sdk_goes_alone():
    """A quick attempt that failed on the way could not be tried again: no quick path then."""
    with OpenAIStubServer([RATE, "unused"], api_key=KEY) as stub:
        with pytest.raises(LLMRateLimitError, match="rate limiting"):
            model_for(stub.base_url, max_retries=0).complete(HI)
    assert [sent_by(h) for h in stub.headers] == ["sdk"]


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


@pytest.mark.parametrize("retries", [0, 1])
def test_a_redirect_is_followed_by_the_sdk_and_costs_no_attempt(retries):
    """urllib would turn a redirected POST into a GET; the SDK follows it, as it always has."""
    seen = []

    def handle(request):
        seen.append((request.path, request.headers.get("user-agent") == "finagent"))
        if request.path.startswith("/old/"):
            return 307, {"Location": "/new/chat/completions", "Content-Length": "0"}, b""
        return json_response(200, {"choices": [{"message": {"content": "moved here"}}]})

    with LocalServer(handle) as server:
        model = model_for(server.url + "/old", max_retries=retries)
        assert model.complete(HI).content == "moved here"
    quick = [("/old/chat/completions", True)] if retries else []
    sdk = [("/old/chat/completions", False), ("/new/chat/completions", False)]
    assert seen == quick + sdk


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
    """The same certificates as the SDK's HTTP client (httpcore2's default context), whatever
    SSL_CERT_FILE and SSL_CERT_DIR say."""
    import certifi
    import httpcore2

    from finagent.quick_request import _tls_context

    def same() -> bool:
        return _tls_context().get_ca_certs() == httpcore2.default_ssl_context().get_ca_certs()

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert same() and len(_tls_context().get_ca_certs()) > 50  # the system's, here
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    assert same()
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))  # the file wins over the folder
    assert same()
    monkeypatch.delenv("SSL_CERT_FILE")
    assert same() and _tls_context().get_ca_certs() == []


@pytest.mark.parametrize("layout", ["no-openssl-paths", "hashed-folder", "unhashed-folder"])
def test_without_openssl_paths_the_same_fallbacks_as_the_sdk(monkeypatch, tmp_path, layout):
    """When OpenSSL's compiled-in paths are unusable, both look in the same places."""
    import shutil
    import ssl

    import certifi
    import httpcore2

    from finagent.quick_request import _tls_context

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    folder = tmp_path / "certs"
    folder.mkdir()
    if layout != "no-openssl-paths":
        name = "5ad8a5d6.0" if layout == "hashed-folder" else "ca.pem"
        shutil.copy(certifi.where(), folder / name)
    paths = ssl.get_default_verify_paths()
    fake = paths._replace(
        openssl_cafile=str(tmp_path / "missing.pem"),
        openssl_capath=str(folder) if layout != "no-openssl-paths" else str(tmp_path / "none"),
    )
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: fake)
    ours, theirs = _tls_context(), httpcore2.default_ssl_context()
    assert ours.get_ca_certs() == theirs.get_ca_certs()
    assert ours.cert_store_stats() == theirs.cert_store_stats()


@pytest.mark.parametrize(
    "url, retries, env, ok",
    [
        ("https://api.openai.com/v1", 2, {}, True),
        ("http://127.0.0.1:8080/v1", 1, {"HTTPS_PROXY": "http://proxy:3128"}, True),
        ("https://api.openai.com/v1", 0, {}, False),
        ("https://gw.example/openai?api-version=2024-06-01", 2, {}, False),
        ("https://alice:pw@gw.example/v1", 2, {}, False),
        ("https://api.openai.com/v1", 2, {"OPENAI_CUSTOM_HEADERS": "X-Gateway: t"}, False),
        ("https://api.openai.com/v1", 2, {"ALL_PROXY": "http://proxy:3128"}, False),
        ("https://api.openai.com/v1", 2, {"https_proxy": "socks5://proxy:1080"}, False),
    ],
)
def test_the_quick_path_is_taken_only_where_it_means_the_same(url, retries, env, ok):
    from finagent.quick_request import usable

    assert usable(url, retries, env) is ok


def test_credentials_in_the_base_url_are_never_shown():
    model = model_for("http://alice:s3cret-pw@127.0.0.1:9/v1", max_retries=1, timeout=2)
    with pytest.raises(LLMConnectionError) as info:
        model.complete(HI)
    assert "s3cret-pw" not in str(info.value) and "127.0.0.1:9/v1" in str(info.value)


def test_a_key_pasted_with_a_line_ending_is_used_without_it(monkeypatch):
    from finagent.config import Settings
    from tools.settings import FMPSettings

    monkeypatch.setenv("OPENAI_API_KEY", KEY + "\r\n")
    monkeypatch.setenv("FMP_API_KEY", " fmp-key-0000\r")
    assert Settings.load(env_file=None).openai_api_key.get_secret_value() == KEY
    assert FMPSettings.load(env_file=None).fmp_api_key.get_secret_value() == "fmp-key-0000"
    with OpenAIStubServer(["fine"], api_key=KEY) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        assert OpenAIChatModel("stub-model").complete(HI).content == "fine"


def _raw_server(answer: bytes):
    """A server on 127.0.0.1 that answers every POST with ``answer``, byte for byte."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    posts = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                while len(body) < length:
                    body += conn.recv(65536)
                posts.append(head.split(b"\r\n")[0])
                conn.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    return listener, f"http://127.0.0.1:{listener.getsockname()[1]}/v1", posts


def test_a_reply_cut_short_is_a_connection_error_retried_by_the_sdk():
    cut = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
    listener, url, posts = _raw_server(cut)
    with listener:
        with pytest.raises(LLMConnectionError, match="Could not reach the model server"):
            model_for(url, max_retries=1).complete(HI)
    assert len(posts) == 2  # the quick attempt and the SDK's one retry


@pytest.mark.parametrize("how", ["gzip", "deflate", "latin-1"])
def test_replies_are_decoded_as_the_sdk_decodes_them(how):
    import gzip
    import zlib

    body = json.dumps({"choices": [{"message": {"content": "ok é"}}]}, ensure_ascii=False)
    headers = {"Content-Type": "application/json"}
    if how == "gzip":
        payload = gzip.compress(body.encode())
        headers["Content-Encoding"] = "gzip"
    elif how == "deflate":
        payload = zlib.compress(body.encode())
        headers["Content-Encoding"] = "deflate"
    else:
        payload = body.encode("latin-1")
        headers["Content-Type"] = "application/json; charset=latin-1"

    with LocalServer(lambda request: (200, headers, payload)) as server:
        assert model_for(server.url + "/v1").complete(HI).content == "ok é"


def test_a_fork_while_the_sdk_imports_does_not_hang_the_child():
    """The fork waits for the import in flight (a half-imported module's lock would never be
    released in the child)."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        f"""
        import os, signal
        from finagent.openai_model import OpenAIChatModel
        from finagent.testing.openai_server import OpenAIStubServer
        with OpenAIStubServer(["a", "b"], api_key={KEY!r}) as stub:
            model = OpenAIChatModel("stub-model", api_key={KEY!r}, base_url=stub.base_url)
            model.complete([{{"role": "user", "content": "hi"}}])  # quick; the SDK imports
            pid = os.fork()
            if pid == 0:
                signal.alarm(20)
                model.complete([{{"role": "user", "content": "hi"}}], on_text=lambda t: None)
                os._exit(0)
            print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["0"], out.stderr[-500:]
