"""The testing kit: run agents with no LLM, no network and no keys.

- ``ScriptedModel``: replies from a queue (text or tool calls), records every request, and can
  assert that every reply was used.
- ``FunctionModel``: a Python function decides each reply from the messages.
- ``block_real_requests()``: any real (non-loopback) model or data request raises.

FMP-aware helpers (snapshot client, FMP-shaped fixture server) live in ``finagent.testing.fmp``.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import guard
from ..llm import Message, ModelReply, TokenUsage, ToolCall, ToolChoice

call = ToolCall.make  # ``call("get_quote", {"symbol": "AAPL"})``: a call as a model sends it


@dataclass
class ModelRequest:
    """What the agent sent to the model in one call."""

    messages: list[Message]
    tools: list[dict[str, Any]] | None
    tool_choice: str

    @property
    def tool_names(self) -> list[str]:
        return [t["function"]["name"] for t in self.tools or ()]

    @property
    def last(self) -> Message:
        return self.messages[-1]


def _usage(messages: list[Message], reply: ModelReply) -> TokenUsage:
    prompt = sum(len(m.get("content") or "") for m in messages) // 4
    completion = (
        len(reply.content or "") // 4 + sum(len(c.arguments) for c in reply.tool_calls) // 4
    )
    return TokenUsage(prompt, completion)


Reply = str | ToolCall | list[ToolCall] | ModelReply


def _as_reply(item: Reply) -> ModelReply:
    if isinstance(item, ModelReply):
        return item
    if isinstance(item, str):
        return ModelReply(content=item)
    return ModelReply(tool_calls=[item] if isinstance(item, ToolCall) else list(item))


class _RecordingModel:
    """What both test models share: record the request, stream the text, estimate usage."""

    requests: list[ModelRequest]

    def complete(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None = None,
        *,
        tool_choice: ToolChoice = "auto",
        on_text: Callable[[str], None] | None = None,
    ) -> ModelReply:
        self.requests.append(ModelRequest([dict(m) for m in messages], tools, tool_choice))
        reply = _as_reply(self._next(messages, tools))
        if on_text and reply.content:
            on_text(reply.content)
        if reply.usage.total_tokens == 0:
            reply.usage = _usage(messages, reply)
        return reply

    def _next(self, messages: list[Message], tools: list[dict[str, Any]] | None) -> Reply:
        raise NotImplementedError


@dataclass
class ScriptedModel(_RecordingModel):
    """A model answering from a script: ``ScriptedModel([call("get_quote", {...}), "answer"])``."""

    replies: list[Reply]
    model_name: str = "scripted"
    requests: list[ModelRequest] = field(default_factory=list)

    def _next(self, messages: list[Message], tools: list[dict[str, Any]] | None) -> Reply:
        if not self.replies:
            raise AssertionError(
                f"ScriptedModel ran out of replies after {len(self.requests) - 1} "
                "calls; the agent asked for one more."
            )
        return self.replies.pop(0)

    def assert_all_used(self) -> None:
        if self.replies:
            raise AssertionError(
                f"{len(self.replies)} scripted replies were never used: {self.replies!r}"
            )


@dataclass
class FunctionModel(_RecordingModel):
    """A model whose replies come from ``fn(messages, tools) -> str | ToolCall(s) | ModelReply``."""

    fn: Callable[[list[Message], list[dict[str, Any]] | None], Reply]
    model_name: str = "function"
    requests: list[ModelRequest] = field(default_factory=list)

    def _next(self, messages: list[Message], tools: list[dict[str, Any]] | None) -> Reply:
        return self.fn(messages, tools)


@contextlib.contextmanager
def block_real_requests(sockets: bool = True) -> Iterator[None]:
    """Inside this block, real model/FMP requests raise; with ``sockets``, so does any connection
    to a host other than 127.0.0.1/localhost (a second line of defence for anything else)."""
    previous = guard.allow_real_requests
    guard.allow_real_requests = False
    original_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in guard.LOOPBACK:
            raise guard.RealRequestBlocked(f"Blocked a network connection to {host} in a test run.")
        return original_connect(self, address)

    if sockets:
        socket.socket.connect = connect  # type: ignore[method-assign]
    try:
        yield
    finally:
        guard.allow_real_requests = previous
        socket.socket.connect = original_connect  # type: ignore[method-assign]
