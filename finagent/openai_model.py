"""``OpenAIChatModel``: the ``ChatModel`` on the official ``openai`` SDK (Chat Completions, tools).

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, LM Studio, gateways) through
``OPENAI_BASE_URL``. The SDK is not imported with the model: its import (a quarter of a second)
runs in the background while the first requests go out over ``quick_request``, or when the SDK
is first needed. Transient failures are retried as the SDK retries them (``max_retries``); what
still fails becomes one of our typed ``LLMError``s with a message that says what to do.

Real OpenAI-compatible servers differ in small ways, and each is absorbed here: a null
``content`` is sent as ``""`` (llama.cpp refuses null), tool-call arguments that come back as a
JSON object are turned into the string the API promises, missing or repeated tool-call ids are
replaced by unique ones, a stream without usage is estimated (characters / 4), and a server that
refuses ``tool_choice`` is asked again without it (and not sent it again). ``timeout`` (seconds
per request, ``FINAGENT_LLM_TIMEOUT``, default 60) may need raising for slow local models.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from . import quick_request
from .config import Settings
from .errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMContextLengthError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
    quietly,
)
from .guard import check_real_request
from .llm import Message, ModelReply, RequestSignal, TokenUsage, ToolCall, ToolChoice
from .secrets import redact

log = logging.getLogger(__name__)

#: SDK imports running in the background (``OpenAIChatModel._sending``).
_BUILDS: list[threading.Thread] = []


def _finish_builds() -> None:
    """Before a fork, let an SDK import in flight finish: a child that inherited a half-imported
    ``openai`` would wait forever on its import lock, held by a thread the child does not have."""
    for thread in list(_BUILDS):
        thread.join(timeout=60)


if hasattr(os, "register_at_fork"):  # POSIX; Windows does not fork
    os.register_at_fork(before=_finish_builds)


class OpenAIChatModel:
    def __init__(
        self,
        model: str | None = None,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int = 2,
        temperature: float | None = None,
        settings: Settings | None = None,
    ) -> None:
        settings = settings or Settings.load(
            openai_api_key=api_key, openai_base_url=base_url, model=model
        )
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        if key is None and settings.openai_base_url is None:
            from .errors import ConfigurationError

            raise ConfigurationError(
                "No OPENAI_API_KEY is set. Set it (or OPENAI_BASE_URL for a "
                "local OpenAI-compatible server), or use the offline demo."
            )
        self.model_name = model or settings.model
        self.base_url = settings.openai_base_url
        self.temperature = temperature
        self.timeout = float(timeout if timeout is not None else settings.llm_timeout)
        self.max_retries = max_retries  # a hung server fails within timeout x (retries + 1)
        self.send_tool_choice = True  # False once the server has refused it
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.request_sent = RequestSignal()  # fired as each request leaves (HTTP event hook)
        self._key = key or "not-needed"  # local servers (Ollama) need none; the SDK wants one
        self._url = (self.base_url or "https://api.openai.com/v1").rstrip("/")
        self._shown_url = _without_credentials(self._url)  # for messages
        self._sdk: Any = None  # the SDK client, built on first need or in the background
        self._sdk_lock = threading.Lock()
        self._build_started = False
        self._quick_usable = quick_request.usable(self._url, max_retries)

    def __repr__(self) -> str:
        return f"OpenAIChatModel(model={self.model_name!r}, base_url={self.base_url!r})"

    @property
    def client(self) -> Any:
        """The ``openai.OpenAI`` client (its import takes a while: see ``quick_request``)."""
        if self._sdk is None:
            import openai  # outside the lock: a fork mid-import must not leave it held

            with self._sdk_lock:
                if self._sdk is None:
                    self._sdk = openai.OpenAI(
                        api_key=self._key,
                        base_url=self._url,
                        timeout=self.timeout,
                        max_retries=self.max_retries,
                        http_client=openai.DefaultHttpxClient(
                            event_hooks={"request": [self.request_sent.fire]}
                        ),
                    )
        return self._sdk

    def complete(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None = None,
        *,
        tool_choice: ToolChoice = "auto",
        on_text: Callable[[str], None] | None = None,
    ) -> ModelReply:
        check_real_request("LLM", self._url)
        kwargs: dict[str, Any] = {"model": self.model_name, "messages": _wire(messages)}
        if tools:
            kwargs["tools"] = tools
            if self.send_tool_choice:
                kwargs["tool_choice"] = tool_choice
        if self.temperature is not None:
            kwargs["temperature"] = self.temperature
        try:
            return self._request(kwargs, on_text)
        except LLMBadRequestError as exc:
            if "tool_choice" not in kwargs or not _about_tool_choice(exc):
                raise
            # e.g. vLLM without --enable-auto-tool-choice: "auto" is the default anyway
            self.send_tool_choice = False
            del kwargs["tool_choice"]
            return self._request(kwargs, on_text)

    def _request(self, kwargs: dict[str, Any], on_text: Callable[[str], None] | None) -> ModelReply:
        retries = self.max_retries
        if on_text is None and self._sdk is None and self._quick_usable:
            reply, retries = self._quick(kwargs)  # the SDK is not ready: don't wait for it
            if reply is not None:
                return reply
        import openai

        client = self.client
        if retries != self.max_retries:
            client = client.with_options(max_retries=retries)
        try:
            if on_text is not None:
                return self._stream(client, kwargs, on_text)
            return self._reply(client.chat.completions.with_raw_response.create(**kwargs).text)
        except openai.APIError as exc:
            raise translate_error(
                exc, self.model_name, self._shown_url, self.timeout, self.max_retries
            ) from None

    def _quick(self, kwargs: dict[str, Any]) -> tuple[ModelReply | None, int]:
        """The request over ``quick_request`` while the SDK imports in a thread: the reply, or
        (None, the retries the SDK has left) when the SDK should go on — after a failure on the
        way (it then tries with its own TLS and proxies), a redirect (it follows them, and that
        costs no attempt) or a status the SDK would retry, after the wait the SDK would make."""
        import http.client

        url = f"{self._url}/chat/completions"
        try:
            raw = quick_request.post_json(
                url, kwargs, self._headers(), self.timeout, on_send=self._sending
            )
        except (OSError, http.client.HTTPException, ValueError):  # never quoted: may hold the key
            time.sleep(quick_request.retry_wait())
            return None, self.max_retries - 1
        if 200 <= raw.status < 300:
            return self._reply(raw.text()), 0
        if 300 <= raw.status < 400:
            return None, self.max_retries
        if quick_request.should_retry(raw):
            time.sleep(quick_request.retry_wait(raw))
            return None, self.max_retries - 1
        message, code = raw.error_detail()
        raise status_error(raw.status, message, code, self.model_name, self._shown_url)

    def _sending(self) -> None:
        """The quick request is about to leave: the SDK imports meanwhile (once), and whoever
        waits for the request to leave (the agent's prefetch and warm-up) may start."""
        with self._sdk_lock:
            start, self._build_started = not self._build_started, True
        if start:
            # a failure is raised again, in full, when the client is first needed
            args = ("building the OpenAI client", getattr, self, "client")
            thread = threading.Thread(target=quietly, args=args, name="finagent-openai")
            thread.daemon = True
            _BUILDS[:] = [t for t in _BUILDS if t.is_alive()] + [thread]
            thread.start()
        self.request_sent.fire()

    def _headers(self) -> dict[str, str]:
        """What the SDK would send that a server may need: the key, organisation and project."""
        headers = {"Authorization": f"Bearer {self._key}", "User-Agent": "finagent"}
        for name, header in (
            ("OPENAI_ORG_ID", "OpenAI-Organization"),
            ("OPENAI_PROJECT_ID", "OpenAI-Project"),
        ):
            if os.environ.get(name):
                headers[header] = os.environ[name]
        return headers

    def _reply(self, text: str) -> ModelReply:
        """A Chat Completions reply (JSON text) as a ``ModelReply``."""
        try:
            data = json.loads(text)
            message = data["choices"][0]["message"]
            calls = self._calls(
                (c.get("id"), c["function"].get("name"), c["function"].get("arguments"))
                for c in message.get("tool_calls") or ()
                if isinstance(c, dict) and isinstance(c.get("function"), dict)
            )
            usage = data.get("usage") or {}
            tokens = TokenUsage(
                usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0
            )
            content = message.get("content")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise LLMError(
                f"The model server at {self._shown_url} sent a reply that is not a chat "
                f"completion: {redact(text)[:200]}"
            ) from None
        return ModelReply(content, calls, tokens)

    def _calls(self, raw: Any) -> list[ToolCall]:
        """Tool calls as the API promises them: string arguments, unique non-empty ids."""
        calls: list[ToolCall] = []
        seen: set[str] = set()
        for call_id, name, arguments in raw:
            if not isinstance(call_id, str) or not call_id or call_id in seen:
                with self._lock:
                    call_id = f"call_fa{next(self._ids)}"
            seen.add(call_id)
            calls.append(ToolCall(call_id, name or "", _arguments_text(arguments)))
        return calls

    def _stream(
        self, client: Any, kwargs: dict[str, Any], on_text: Callable[[str], None]
    ) -> ModelReply:
        stream = client.chat.completions.create(
            **kwargs, stream=True, stream_options={"include_usage": True}
        )
        text: list[str] = []
        calls: dict[int, dict[str, Any]] = {}
        usage: TokenUsage | None = None
        for chunk in stream:
            if chunk.usage:
                usage = TokenUsage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
            if not chunk.choices:
                continue
            delta = chunk.choices[0].delta
            if delta.content:
                text.append(delta.content)
                on_text(delta.content)
            for part in delta.tool_calls or ():
                index = getattr(part, "index", None)
                slot = calls.setdefault(
                    index if index is not None else len(calls),
                    {"id": "", "name": "", "arguments": ""},
                )
                slot["id"] = getattr(part, "id", None) or slot["id"]
                function = getattr(part, "function", None)
                if function:
                    slot["name"] += getattr(function, "name", None) or ""
                    piece = getattr(function, "arguments", None)
                    if isinstance(piece, str):
                        slot["arguments"] += piece
                    elif piece is not None:  # a server sending the arguments as an object
                        slot["arguments"] = piece
        tool_calls = self._calls(
            (c["id"], c["name"], c["arguments"]) for _, c in sorted(calls.items())
        )
        content = "".join(text) or None
        if usage is None:  # some servers never send usage in a stream: estimate it
            prompt = len(json.dumps(kwargs["messages"], default=str)) // 4
            written = len(content or "") + sum(len(c.arguments) for c in tool_calls)
            usage = TokenUsage(prompt, max(1, written // 4))
        return ModelReply(content, tool_calls, usage)


def _wire(messages: list[Message]) -> list[Message]:
    """Messages as every server accepts them: an assistant's null content becomes ``""``."""
    return [
        {**m, "content": ""}
        if m.get("role") == "assistant" and "content" in m and m["content"] is None
        else m
        for m in messages
    ]


def _arguments_text(arguments: Any) -> str:
    if arguments is None or arguments == "":
        return "{}"
    if isinstance(arguments, str):
        return arguments
    return json.dumps(arguments)


def _without_credentials(url: str) -> str:
    """``url`` without a user name or password, to be shown in a message."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not (parts.username or parts.password):
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _about_tool_choice(error: LLMError) -> bool:
    """A 400 that names ``tool_choice`` (not, say, a 404 whose text happens to)."""
    detail = str(error).lower()
    return getattr(error, "status", None) == 400 and (
        "tool_choice" in detail or "tool choice" in detail
    )


def translate_error(
    exc: Exception, model: str, base_url: str, timeout: float | None = None, retries: int = 0
) -> LLMError:
    """Map an ``openai`` SDK exception onto our typed errors, with advice and no secrets."""
    import openai

    if isinstance(exc, openai.APIStatusError):  # read as the quick request reads its replies
        reply = quick_request.RawReply(exc.status_code, exc.response.content)
        message, code = reply.error_detail()
        return status_error(exc.status_code, message, code, model, base_url)
    if isinstance(exc, openai.APITimeoutError):
        return timeout_error(base_url, timeout, retries)
    if isinstance(exc, openai.APIConnectionError):
        return connection_error(base_url)
    detail = redact(str(getattr(exc, "message", None) or exc))[:300]
    return LLMError(f"The model server failed: {detail}")


def status_error(status: int, message: str, code: str, model: str, base_url: str) -> LLMError:
    """The typed error for an HTTP status from the model server: one mapping for the SDK's
    errors and the quick request's, with the server's message (redacted, shortened); the
    status stays on it (``error.status``)."""
    error = _status_error(status, redact(message)[:300], code, model, base_url)
    error.status = status  # type: ignore[attr-defined]
    return error


def _status_error(status: int, detail: str, code: str, model: str, base_url: str) -> LLMError:
    if status in (401, 403):
        return LLMAuthError(
            f"The model server at {base_url} rejected the API key ({detail}). "
            "Check OPENAI_API_KEY; the key itself is never shown."
        )
    if status == 429:
        return LLMRateLimitError(
            f"The model server is rate limiting requests or the account is "
            f"out of quota ({detail}). Wait a moment, or check billing."
        )
    if status == 404:
        return LLMBadRequestError(
            f"The model server does not know model '{model}' ({detail}). Check FINAGENT_MODEL."
        )
    if status == 400:
        lowered = detail.lower()
        if "context_length" in code or "context length" in lowered or "maximum context" in lowered:
            return LLMContextLengthError(
                "The conversation no longer fits the model's context "
                "window. Start a new conversation (/reset) or ask a "
                "narrower question."
            )
        return LLMBadRequestError(f"The model server refused the request: {detail}")
    return LLMError(f"The model server failed: {detail}")


def timeout_error(base_url: str, timeout: float | None, retries: int) -> LLMTimeoutError:
    attempts = retries + 1
    return LLMTimeoutError(
        f"The model server at {base_url} did not answer in time"
        + (
            f" ({timeout:g}s per request, {attempts} attempts: {timeout * attempts:g}s in all)"
            if timeout
            else ""
        )
        + ". Try again, use a faster model, or raise FINAGENT_LLM_TIMEOUT (seconds) for a "
        "slow local model."
    )


def connection_error(base_url: str) -> LLMConnectionError:
    return LLMConnectionError(
        f"Could not reach the model server at {base_url}. Check the network or OPENAI_BASE_URL."
    )
