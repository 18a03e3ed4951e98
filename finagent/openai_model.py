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
import threading
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
        import openai

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
        # Local servers (Ollama, LM Studio) need no key, but the SDK insists on one.
        self._client = openai.OpenAI(
            api_key=key or "not-needed",
            base_url=settings.openai_base_url,
            timeout=self.timeout,
            max_retries=max_retries,
            http_client=openai.DefaultHttpxClient(
                event_hooks={"request": [self.request_sent.fire]}
            ),
        )

    def __repr__(self) -> str:
        return f"OpenAIChatModel(model={self.model_name!r}, base_url={self.base_url!r})"

    def complete(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None = None,
        *,
        tool_choice: ToolChoice = "auto",
        on_text: Callable[[str], None] | None = None,
    ) -> ModelReply:
        import openai

        check_real_request("LLM", str(self._client.base_url))
        kwargs: dict[str, Any] = {"model": self.model_name, "messages": _wire(messages)}
        if tools:
            kwargs["tools"] = tools
            if self.send_tool_choice:
                kwargs["tool_choice"] = tool_choice
        if self.temperature is not None:
            kwargs["temperature"] = self.temperature
        try:
            try:
                return self._request(kwargs, on_text)
            except openai.BadRequestError as exc:
                if "tool_choice" not in kwargs or not _about_tool_choice(exc):
                    raise
                # e.g. vLLM without --enable-auto-tool-choice: "auto" is the default anyway
                self.send_tool_choice = False
                del kwargs["tool_choice"]
                return self._request(kwargs, on_text)
        except openai.APIError as exc:
            raise translate_error(
                exc, self.model_name, str(self._client.base_url), self.timeout, self.max_retries
            ) from None

    def _request(self, kwargs: dict[str, Any], on_text: Callable[[str], None] | None) -> ModelReply:
        if on_text is not None:
            return self._stream(kwargs, on_text)
        response = self._client.chat.completions.create(**kwargs)
        message = response.choices[0].message
        calls = self._calls(
            (getattr(c, "id", None), c.function.name, c.function.arguments)
            for c in message.tool_calls or ()
            if getattr(c, "function", None)
        )
        usage = response.usage
        return ModelReply(
            message.content,
            calls,
            TokenUsage(usage.prompt_tokens, usage.completion_tokens) if usage else TokenUsage(),
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

    def _stream(self, kwargs: dict[str, Any], on_text: Callable[[str], None]) -> ModelReply:
        stream = self._client.chat.completions.create(
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


def _about_tool_choice(exc: Exception) -> bool:
    detail = str(getattr(exc, "message", None) or exc).lower()
    return "tool_choice" in detail or "tool choice" in detail


def translate_error(
    exc: Exception, model: str, base_url: str, timeout: float | None = None, retries: int = 0
) -> LLMError:
    """Map an ``openai`` SDK exception onto our typed errors, with advice and no secrets."""
    import openai

    detail = redact(str(getattr(exc, "message", None) or exc))[:300]
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return LLMAuthError(
            f"The model server at {base_url} rejected the API key ({detail}). "
            "Check OPENAI_API_KEY; the key itself is never shown."
        )
    if isinstance(exc, openai.RateLimitError):
        return LLMRateLimitError(
            f"The model server is rate limiting requests or the account is "
            f"out of quota ({detail}). Wait a moment, or check billing."
        )
    if isinstance(exc, openai.APITimeoutError):
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
    if isinstance(exc, openai.APIConnectionError):
        return LLMConnectionError(
            f"Could not reach the model server at {base_url}. Check the network or OPENAI_BASE_URL."
        )
    if isinstance(exc, openai.NotFoundError):
        return LLMBadRequestError(
            f"The model server does not know model '{model}' ({detail}). Check FINAGENT_MODEL."
        )
    if isinstance(exc, openai.BadRequestError):
        code = str(getattr(exc, "code", "") or "")
        if (
            "context_length" in code
            or "context length" in detail.lower()
            or "maximum context" in detail.lower()
        ):
            return LLMContextLengthError(
                "The conversation no longer fits the model's context "
                "window. Start a new conversation (/reset) or ask a "
                "narrower question."
            )
        return LLMBadRequestError(f"The model server refused the request: {detail}")
    return LLMError(f"The model server failed: {detail}")
