"""The LLM layer's contract: native OpenAI messages and tool specs in, one reply and usage out.

Any object with a matching ``complete`` is a model: the OpenAI implementation, a local server
through it, the offline planner, or the scripted models of ``finagent.testing``.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Message = dict[str, Any]
_call_ids = itertools.count(1)


@dataclass(frozen=True)
class ToolCall:
    """A call the model asked for. ``arguments`` is the raw JSON text the model wrote."""

    id: str
    name: str
    arguments: str = "{}"

    @classmethod
    def make(
        cls, name: str, arguments: dict[str, Any] | str | None = None, id: str | None = None
    ) -> ToolCall:
        """A call as a model would send it (``arguments`` may be a raw, even broken, string)."""
        text = arguments if isinstance(arguments, str) else json.dumps(arguments or {})
        return cls(id or f"call_{next(_call_ids)}", name, text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }


@dataclass
class TokenUsage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass
class ModelReply:
    """One assistant reply: text, tool calls, or both."""

    content: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    usage: TokenUsage = field(default_factory=TokenUsage)

    def to_message(self) -> Message:
        """The native OpenAI assistant message to keep in memory."""
        # "" rather than null beside tool calls: llama.cpp and other servers refuse a null content
        message: Message = {"role": "assistant", "content": self.content or ""}
        if self.tool_calls:
            message["tool_calls"] = [call.to_dict() for call in self.tool_calls]
        return message


ToolChoice = Literal["auto", "none", "required"]


@runtime_checkable
class ChatModel(Protocol):
    """What the agent needs from a model. ``on_text`` receives streamed text as it arrives."""

    model_name: str

    def complete(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None = None,
        *,
        tool_choice: ToolChoice = "auto",
        on_text: Callable[[str], None] | None = None,
    ) -> ModelReply: ...


class RequestSignal:
    """Counts the requests a model has put on the wire, so work that would slow a request down
    (imports, speculative fetches) can wait until the request has left. A model that has one
    exposes it as ``request_sent``; models without one are simply not waited for."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.count = 0

    def fire(self, *_: Any) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_after(self, seen: int, timeout: float) -> bool:
        """Wait until more than ``seen`` requests have left (False after ``timeout`` seconds)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.count > seen, timeout)
