"""Conversation memory: native OpenAI messages, the system prompt first, kept within a budget.

Trimming never separates an assistant ``tool_calls`` message from its ``tool`` replies (the API
rejects that with a 400): first the content of older turns' tool results is replaced by a short
stub, then older turns are dropped, oldest first. The newest turn is never dropped (a follow-up
question needs it); its tool results are stubbed only as a last resort, when it alone is over
the budget and the caller allows it. The system prompt always stays. Facts shown to the model
live on in the agent's ledger, whatever is trimmed here.
"""

from __future__ import annotations

import threading

from .llm import Message
from .tokens import estimate_tokens

TRIMMED = "[Earlier result of {name} removed to save space; call the tool again if you need it.]"


def split_turns(history: list[Message]) -> list[list[Message]]:
    """Group messages into turns, each starting with a user message."""
    turns: list[list[Message]] = []
    for message in history:
        if message["role"] == "user" or not turns:
            turns.append([])
        turns[-1].append(message)
    return turns


def trim(system: Message, history: list[Message], budget: int, keep_last: bool) -> list[Message]:
    """A copy of ``history`` that fits ``budget`` tokens with ``system`` if it can (inputs are
    untouched). Steps stop as soon as it fits:

    1) tool results of older turns become a short stub, oldest first;
    2) older turns are dropped, oldest first — never the newest turn;
    3) only if ``keep_last`` is false, the newest turn's own tool results become stubs too,
       oldest first (the question, the tool calls and the answer stay).

    With ``keep_last`` the newest turn is kept whole even if it alone is over the budget.
    A stub only replaces a result it is shorter than. Linear in the number of messages: each
    message is measured once, and again only when it is stubbed.
    """
    turns = [[dict(m) for m in turn] for turn in split_turns(history)]
    sizes = [[estimate_tokens([m]) for m in turn] for turn in turns]
    total = estimate_tokens([system]) + sum(sum(s) for s in sizes)

    def stub(index: int) -> None:
        nonlocal total
        turn = turns[index]
        names = {c["id"]: c["function"]["name"] for m in turn for c in m.get("tool_calls") or ()}
        for i, message in enumerate(turn):
            if total <= budget:
                return
            if message["role"] != "tool":
                continue
            name = names.get(message.get("tool_call_id"), "a tool")
            short = {**message, "content": TRIMMED.format(name=name)}
            new_size = estimate_tokens([short])
            if new_size < sizes[index][i]:
                turn[i] = short
                total += new_size - sizes[index][i]
                sizes[index][i] = new_size

    for index in range(len(turns) - 1):
        stub(index)
    dropped = 0
    while dropped < len(turns) - 1 and total > budget:
        total -= sum(sizes[dropped])
        dropped += 1
    if turns and not keep_last:
        stub(len(turns) - 1)
    return [m for turn in turns[dropped:] for m in turn]


class Memory:
    """The conversation so far. ``history`` excludes the system prompt, which is always first."""

    def __init__(self, system_prompt: str, max_tokens: int = 16_000) -> None:
        self.system_prompt = system_prompt
        self.max_tokens = max_tokens
        self.history: list[Message] = []
        self._lock = threading.RLock()

    @property
    def system(self) -> Message:
        return {"role": "system", "content": self.system_prompt}

    @property
    def messages(self) -> list[Message]:
        with self._lock:
            return [self.system, *self.history]

    def view(self, reserve: int = 0) -> list[Message]:
        """The messages to send while a turn of ``reserve`` tokens is pending: trimmed to fit,
        as a copy — memory itself changes only when a turn commits. The newest turn is always
        there, its tool results stubbed only if it alone does not fit."""
        with self._lock:
            return [
                self.system,
                *trim(self.system, self.history, self.max_tokens - reserve, keep_last=False),
            ]

    def commit(self, messages: list[Message]) -> None:
        """Append a finished turn's messages at once (a cancelled turn is never committed) and
        trim to the budget, keeping that newest turn whole."""
        with self._lock:
            self.history = trim(
                self.system, [*self.history, *messages], self.max_tokens, keep_last=True
            )

    def clear(self) -> None:
        with self._lock:
            self.history.clear()
