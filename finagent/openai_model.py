"""``OpenAIChatModel``: the ``ChatModel`` on the official ``openai`` SDK (Chat Completions, tools).

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, LM Studio, gateways) through
``OPENAI_BASE_URL``. The SDK is imported only when a model is built, so ``import finagent`` stays
light. The SDK retries transient failures itself (``max_retries``); what still fails becomes one
of our typed ``LLMError``s with a message that says what to do.

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

from .config import Settings
from .errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMContextLengthError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
)
from .guard import check_real_request
from .llm import Message, ModelReply, RequestSignal, TokenUsage, ToolCall, ToolChoice
from .secrets import redact

log = logging.getLogger(__name__)

#: Statuses the SDK retries (``openai._base_client``): a quick request that gets one of these
#: goes on through the SDK, with the attempts it has left.
RETRYABLE = frozenset({408, 409, 429, 500, 502, 503, 504})


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
        self._sdk: Any = None  # the SDK client, built on first need or in the background
        self._sdk_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OpenAIChatModel(model={self.model_name!r}, base_url={self.base_url!r})"

    @property
    def client(self) -> Any:
        """The ``openai.OpenAI`` client (its import takes a while: see ``quick_request``)."""
        with self._sdk_lock:
            if self._sdk is None:
                import openai

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
            if "tool_choice" not in kwargs or not _about_tool_choice(str(exc)):
                raise
            # e.g. vLLM without --enable-auto-tool-choice: "auto" is the default anyway
            self.send_tool_choice = False
            del kwargs["tool_choice"]
            return self._request(kwargs, on_text)

    def _request(self, kwargs: dict[str, Any], on_text: Callable[[str], None] | None) -> ModelReply:
        retries = self.max_retries
        if on_text is None and self._sdk is None:  # the SDK is not ready: no need to wait for it
            reply = self._quick(kwargs)
            if reply is not None:
                return reply
            retries = max(0, retries - 1)  # the quick attempt was one of them
        import openai

        client = (
            self.client
            if retries == self.max_retries
            else self.client.with_options(max_retries=retries)
        )
        try:
            if on_text is not None:
                return self._stream(client, kwargs, on_text)
            raw = client.chat.completions.with_raw_response.create(**kwargs)
            return self._reply(raw.text)
        except openai.APIError as exc:
            raise translate_error(
                exc, self.model_name, self._url, self.timeout, self.max_retries
            ) from None

    def _quick(self, kwargs: dict[str, Any]) -> ModelReply | None:
        """The request over ``quick_request`` while the SDK imports in a thread. None when the
        request should go on through the SDK: after a connection failure (the SDK has its own
        TLS and proxy handling), a redirect, or a retryable status with retries left."""
        from .quick_request import post_json, timed_out

        threading.Thread(target=self._build_quietly, name="finagent-openai", daemon=True).start()
        self.request_sent.fire()
        try:
            raw = post_json(f"{self._url}/chat/completions", kwargs, self._headers(), self.timeout)
        except OSError as exc:
            if timed_out(exc) and not self.max_retries:
                raise timeout_error(self._url, self.timeout, self.max_retries) from None
            return None  # the SDK tries, with its own TLS and proxy handling and the attempts left
        if 200 <= raw.status < 300:
            return self._reply(raw.body)
        if (raw.status in RETRYABLE or raw.status < 400) and self.max_retries:
            if raw.status in RETRYABLE:
                time.sleep(_retry_delay(raw.retry_after))
            return None
        message, code = raw.error_detail()
        raise status_error(raw.status, message, code, self.model_name, self._url)

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

    def _build_quietly(self) -> None:
        try:
            _ = self.client
        except Exception:  # raised again, in full, when the client is first needed
            log.debug("building the OpenAI client failed", exc_info=True)

    def _reply(self, body: str | bytes) -> ModelReply:
        """A Chat Completions reply (JSON) as a ``ModelReply``."""
        try:
            data = json.loads(body)
            message = data["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMError(
                f"The model server at {self._url} sent a reply that is not a chat completion: "
                f"{redact(str(body[:200]))}"
            ) from None
        calls = self._calls(
            (c.get("id"), c["function"].get("name"), c["function"].get("arguments"))
            for c in message.get("tool_calls") or ()
            if isinstance(c, dict) and isinstance(c.get("function"), dict)
        )
        usage = data.get("usage") or {}
        return ModelReply(
            message.get("content"),
            calls,
            TokenUsage(usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0)
            if usage
            else TokenUsage(),
        )

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


def _about_tool_choice(detail: str) -> bool:
    detail = detail.lower()
    return "tool_choice" in detail or "tool choice" in detail


def _retry_delay(retry_after: str | None) -> float:
    """The wait before a retry: the server's ``Retry-After`` (up to a minute, as the SDK
    allows), else the SDK's first back-off."""
    try:
        seconds = float(retry_after or "")
    except ValueError:
        return 0.5
    return seconds if 0 <= seconds <= 60 else 0.5


def translate_error(
    exc: Exception, model: str, base_url: str, timeout: float | None = None, retries: int = 0
) -> LLMError:
    """Map an ``openai`` SDK exception onto our typed errors, with advice and no secrets."""
    import openai

    if isinstance(exc, openai.APIStatusError):  # read as the quick request reads its replies
        from .quick_request import RawReply

        try:
            body = exc.response.content
        except Exception:  # a streamed reply the SDK did not read
            body = str(getattr(exc, "message", "")).encode()
        message, code = RawReply(exc.status_code, body).error_detail()
        return status_error(exc.status_code, message, code, model, base_url)
    if isinstance(exc, openai.APITimeoutError):
        return timeout_error(base_url, timeout, retries)
    if isinstance(exc, openai.APIConnectionError):
        return connection_error(base_url)
    detail = redact(str(getattr(exc, "message", None) or exc))[:300]
    return LLMError(f"The model server failed: {detail}")


def status_error(status: int, message: str, code: str, model: str, base_url: str) -> LLMError:
    """The typed error for an HTTP status from the model server: one mapping for the SDK's
    errors and the quick request's, with the server's message (redacted, shortened)."""
    detail = redact(message)[:300]
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
