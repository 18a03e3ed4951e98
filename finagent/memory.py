"""Conversation memory: native OpenAI messages, the system prompt first, kept within a budget.

Trimming never separates an assistant ``tool_calls`` message from its ``tool`` replies (the API
rejects that with a 400): first the content of old tool results is replaced by a short stub,
then whole turns are dropped, oldest first. The system prompt always stays. Facts shown to the
model live on in the agent's ledger, whatever is trimmed here.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from .llm import Message

TRIMMED = "[Earlier result of {name} removed to save space; call the tool again if you need it.]"


def estimate_tokens(messages: list[Message]) -> int:
    """About four characters a token, plus a little per message — good enough for budgeting."""
    total = 0
    for message in messages:
        total += 4 + len(message.get("content") or "") // 4
        for call in message.get("tool_calls") or ():
            total += (
                8 + len(call["function"]["name"]) // 4 + len(call["function"]["arguments"]) // 4
            )
    return total


def split_turns(history: list[Message]) -> list[list[Message]]:
    """Group messages into turns, each starting with a user message."""
    turns: list[list[Message]] = []
    for message in history:
        if message["role"] == "user" or not turns:
            turns.append([])
        turns[-1].append(message)
    return turns


class Memory:
    """The conversation so far. ``history`` excludes the system prompt, which is always first."""

    def __init__(self, system_prompt: str, max_tokens: int = 16_000) -> None:
        self.system_prompt = system_prompt
        self.max_tokens = max_tokens
        self.history: list[Message] = []
        self._lock = threading.RLock()

    @property
    def messages(self) -> list[Message]:
        with self._lock:
            return [{"role": "system", "content": self.system_prompt}, *self.history]

    def commit(self, messages: list[Message]) -> None:
        """Append a finished turn's messages at once (a cancelled turn is never committed)."""
        with self._lock:
            self.history.extend(messages)
            self.fit()

    def fit(self, reserve: int = 0) -> int:
        """Trim until the messages plus ``reserve`` tokens fit; returns how many changed."""
        changed = 0
        with self._lock:
            budget = self.max_tokens - reserve
            turns = split_turns(self.history)
            # 1) shrink tool results of earlier turns, oldest first. During a turn (reserve > 0)
            # every committed turn is earlier; after a commit the newest one is kept whole.
            for turn in turns if reserve else turns[:-1]:
                if estimate_tokens(self.messages) <= budget:
                    break
                names = {
                    call["id"]: call["function"]["name"]
                    for m in turn
                    for call in m.get("tool_calls") or ()
                }
                for message in turn:
                    if message["role"] == "tool" and not message["content"].startswith("[Earlier"):
                        name = names.get(message.get("tool_call_id", ""), "a tool")
                        message["content"] = TRIMMED.format(name=name)
                        changed += 1
            keep = 0 if reserve else 1  # 2) drop whole turns, oldest first
            while len(turns) > keep and estimate_tokens(self.messages) > budget:
                dropped = turns.pop(0)
                del self.history[: len(dropped)]
                changed += len(dropped)
        return changed

    def clear(self) -> None:
        with self._lock:
            self.history.clear()

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "system_prompt": self.system_prompt,
                "max_tokens": self.max_tokens,
                "messages": list(self.history),
            }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Memory:
        memory = cls(data["system_prompt"], data.get("max_tokens", 16_000))
        memory.history = [dict(m) for m in data.get("messages", [])]
        return memory

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1), encoding="utf-8")
