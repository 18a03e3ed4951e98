"""The one token estimate: about four characters a token, plus a little per message and call.

Good enough for budgeting memory and sizing prompts; the model's own count (usage) is what
gets billed and reported.
"""

from __future__ import annotations

from .llm import Message


def text_tokens(text: str) -> int:
    """About four characters a token (the rule of thumb for English and tables)."""
    return len(text) // 4


def estimate_tokens(messages: list[Message]) -> int:
    """Messages as the API sends them: 4 per message, 8 per tool call, plus their text."""
    total = 0
    for message in messages:
        total += 4 + text_tokens(message.get("content") or "")
        for call in message.get("tool_calls") or ():
            function = call["function"]
            total += 8 + text_tokens(function["name"]) + text_tokens(function["arguments"])
    return total
