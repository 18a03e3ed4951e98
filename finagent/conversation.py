"""A saved conversation: the one way to write and read it, validated whole before it is used.

A conversation file may come from someone else, so reading it is defensive: a size cap before
parsing (deep nesting cannot reach the recursion limit), a Pydantic model of the format, a cap
on the number of messages, and the pairing rules the Chat Completions API enforces (every
assistant tool call answered by one tool message right after it; no orphan tool messages). A
``system`` message is refused: the agent's own system prompt always stays, and a shared file
must not be able to replace it. Anything wrong is one ``ValueError`` line; nothing is changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .facts import Fact, FactLedger
from .llm import Message

FORMAT_VERSION = 1
MAX_FILE_BYTES = 8_000_000
MAX_MESSAGES = 5_000
MAX_FACTS = 50_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SavedFunction(_Strict):
    name: str = Field(min_length=1, max_length=200)
    arguments: str


class SavedToolCall(_Strict):
    id: str = Field(min_length=1, max_length=200)
    type: Literal["function"] = "function"
    function: SavedFunction


class SavedMessage(_Strict):
    role: Literal["user", "assistant", "tool"]
    content: str | None = None
    tool_calls: list[SavedToolCall] | None = None
    tool_call_id: str | None = None


class SavedMemory(BaseModel):
    model_config = ConfigDict(extra="ignore")

    messages: list[SavedMessage] = Field(max_length=MAX_MESSAGES)


class SavedConversation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: Literal[1]
    memory: SavedMemory
    facts: list[Fact] = Field(default_factory=list, max_length=MAX_FACTS)


def dump(messages: list[Message], facts: FactLedger) -> str:
    """The JSON text of a conversation (messages without the system prompt, and facts)."""
    data = {
        "version": FORMAT_VERSION,
        "memory": {"messages": messages},
        "facts": facts.to_records(),
    }
    return json.dumps(data, indent=1)


def read(path: str | Path) -> tuple[list[Message], FactLedger]:
    """Read and check a conversation file; ``ValueError`` (one line) if it is not a valid one."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValueError(f"it is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        text = path.read_text(encoding="utf-8")
        saved = SavedConversation.model_validate_json(text)
        messages = [m.model_dump(exclude_none=True) for m in saved.memory.messages]
        for message in messages:
            if message["role"] == "assistant" and "content" not in message:
                message["content"] = ""
        check_pairing(messages)
        facts = FactLedger(saved.facts)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        count = exc.error_count()
        more = f" (and {count - 1} more problems)" if count > 1 else ""
        raise ValueError(
            f"{path} is not a finagent conversation: {where}: {first['msg']}{more}."
        ) from None
    except (OSError, UnicodeDecodeError, RecursionError, ValueError) as exc:
        raise ValueError(f"{path} is not a finagent conversation: {_reason(exc)}.") from None
    return messages, facts


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return str(exc).rstrip(".")


def check_pairing(messages: list[dict[str, Any]]) -> None:
    """The Chat Completions rules: the history starts with a user message; each assistant tool
    call is answered, right after it, by exactly one tool message with its id."""
    if messages and messages[0]["role"] != "user":
        raise ValueError("the first message must be the user's")
    waiting: list[str] = []
    for number, message in enumerate(messages, 1):
        role = message["role"]
        if role == "tool":
            call_id = message.get("tool_call_id")
            if call_id not in waiting:
                raise ValueError(f"message {number} answers a tool call that was never made")
            waiting.remove(call_id)
            if not isinstance(message.get("content"), str):
                raise ValueError(f"message {number} (a tool result) has no text")
            continue
        if waiting:
            raise ValueError(f"message {number} comes before every tool call was answered")
        if role == "assistant":
            ids = [call["id"] for call in message.get("tool_calls") or ()]
            if len(set(ids)) != len(ids):
                raise ValueError(f"message {number} repeats a tool call id")
            waiting = ids
        elif message.get("tool_calls") or message.get("tool_call_id"):
            raise ValueError(f"message {number} ({role}) carries tool-call fields")
        elif not isinstance(message.get("content"), str):
            raise ValueError(f"message {number} ({role}) has no text")
    if waiting:
        raise ValueError("the last tool calls were never answered")
