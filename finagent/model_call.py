"""The model step of a turn: send memory + the turn's messages, count usage, enforce token caps."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import TokenBudgetExceeded
from .llm import ChatModel, Message, ModelReply, ToolChoice
from .memory import Memory
from .tokens import estimate_tokens
from .turn import Turn


@dataclass
class ModelCall:
    """Calls ``model`` for a turn. ``session_tokens`` reads the tokens committed so far."""

    model: ChatModel
    memory: Memory
    specs: list[dict[str, Any]] | None
    max_tokens_per_turn: int | None = None
    max_tokens_per_session: int | None = None
    session_tokens: Callable[[], int] = lambda: 0

    def __call__(
        self,
        turn: Turn,
        tools: bool = True,
        *,
        tool_choice: ToolChoice = "auto",
        extra: list[Message] | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> ModelReply:
        turn.check_cancelled()
        pending = turn.messages + (extra or [])
        history = self.memory.view(reserve=estimate_tokens(pending))
        specs = self.specs if tools and self.specs else None
        turn.emit("model_start", model=self.model.model_name, messages=len(pending) + 1)
        started = time.perf_counter()
        reply = self.model.complete(
            history + pending,
            specs,
            tool_choice=tool_choice if specs else "none",
            on_text=on_text,
        )
        turn.usage.llm_calls += 1
        turn.usage.prompt_tokens += reply.usage.prompt_tokens
        turn.usage.completion_tokens += reply.usage.completion_tokens
        turn.emit(
            "model_end",
            seconds=time.perf_counter() - started,
            tool_calls=[c.name for c in reply.tool_calls],
            tokens=reply.usage.total_tokens,
        )
        turn.check_cancelled()
        self.check_budget(turn)
        return reply

    def check_budget(self, turn: Turn) -> None:
        turn_cap, session_cap = self.max_tokens_per_turn, self.max_tokens_per_session
        if turn_cap and turn.usage.total_tokens > turn_cap:
            raise TokenBudgetExceeded(
                f"This question used {turn.usage.total_tokens:,} tokens, over "
                f"the per-turn cap of {turn_cap:,}; it was stopped."
            )
        used = self.session_tokens() + turn.usage.total_tokens
        if session_cap and used > session_cap:
            raise TokenBudgetExceeded(
                f"The session used {used:,} tokens, over its cap of "
                f"{session_cap:,}. Start a new session (/reset) to go on."
            )
