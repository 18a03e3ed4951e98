"""``OpenAIChatModel``: the ``ChatModel`` on the official ``openai`` SDK (Chat Completions, tools).

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, LM Studio, gateways) through
``OPENAI_BASE_URL``. The SDK is imported only when a model is built, so ``import finagent`` stays
light. The SDK retries transient failures itself (``max_retries``); what still fails becomes one
of our typed ``LLMError``s with a message that says what to do.
"""

from __future__ import annotations

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
from .llm import Message, ModelReply, TokenUsage, ToolCall, ToolChoice
from .secrets import redact


class OpenAIChatModel:
    def __init__(
        self,
        model: str | None = None,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
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
        # Local servers (Ollama, LM Studio) need no key, but the SDK insists on one.
        self._client = openai.OpenAI(
            api_key=key or "not-needed",
            base_url=settings.openai_base_url,
            timeout=timeout,
            max_retries=max_retries,
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
        kwargs: dict[str, Any] = {"model": self.model_name, "messages": messages}
        if tools:
            kwargs.update(tools=tools, tool_choice=tool_choice)
        if self.temperature is not None:
            kwargs["temperature"] = self.temperature
        try:
            if on_text is not None:
                return self._stream(kwargs, on_text)
            response = self._client.chat.completions.create(**kwargs)
        except openai.APIError as exc:
            raise translate_error(exc, self.model_name, str(self._client.base_url)) from None
        message = response.choices[0].message
        calls = [
            ToolCall(c.id, c.function.name, c.function.arguments or "{}")
            for c in message.tool_calls or ()
            if getattr(c, "function", None)
        ]
        usage = response.usage
        return ModelReply(
            message.content,
            calls,
            TokenUsage(usage.prompt_tokens, usage.completion_tokens) if usage else TokenUsage(),
        )

    def _stream(self, kwargs: dict[str, Any], on_text: Callable[[str], None]) -> ModelReply:
        stream = self._client.chat.completions.create(
            **kwargs, stream=True, stream_options={"include_usage": True}
        )
        text: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        usage = TokenUsage()
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
                slot = calls.setdefault(part.index, {"id": "", "name": "", "arguments": ""})
                slot["id"] = part.id or slot["id"]
                if part.function:
                    slot["name"] += part.function.name or ""
                    slot["arguments"] += part.function.arguments or ""
        tool_calls = [
            ToolCall(c["id"], c["name"], c["arguments"] or "{}") for _, c in sorted(calls.items())
        ]
        return ModelReply("".join(text) or None, tool_calls, usage)


def translate_error(exc: Exception, model: str, base_url: str) -> LLMError:
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
        return LLMTimeoutError(
            f"The model server at {base_url} did not answer in time. Try again, "
            "or use a faster model."
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
