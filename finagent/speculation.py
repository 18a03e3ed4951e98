"""Speculative tool calls: a call predicted from the question runs while the first model call is
in flight, and the model's identical call (same tool, same arguments once validated) takes its
output instead of running again.

It never changes a result: the same tool runs with the same arguments on the same data; only a
complete output is handed over (one with nothing missing; a failed or partial guess is dropped and
the call runs as usual); and each output is taken at most once.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from .llm import ToolCall
from .tool import Tool, ToolOutput

log = logging.getLogger("finagent.speculation")


def call_key(tool: Tool, arguments: str) -> str | None:
    """The call's identity: its arguments as the tool validates them (defaults filled in, symbols
    normalised), or the canonical JSON for a tool without a validator; None if invalid."""
    validate = getattr(tool, "validate", None)
    try:
        if validate is not None:
            return f"{tool.name}:{validate(arguments).model_dump_json()}"
        return f"{tool.name}:{json.dumps(json.loads(arguments or '{}'), sort_keys=True)}"
    except Exception:
        return None


class Speculations:
    """The speculative outputs of one turn, by call identity."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: dict[str, threading.Event] = {}
        self._outputs: dict[str, ToolOutput | None] = {}

    def run(self, tool: Tool, call: ToolCall) -> None:
        """Run ``call`` now (in the caller's thread) and keep its output for an identical call."""
        key = call_key(tool, call.arguments)
        with self._lock:
            if key is None or key in self._ready:
                return
            self._ready[key] = threading.Event()
        output: ToolOutput | None = None
        try:
            output = tool.invoke(call.arguments)
        except Exception:  # the model's own call meets the same error, and reports it
            log.debug("a speculative call failed", exc_info=True)
        self._outputs[key] = output
        self._ready[key].set()

    def take(self, tool: Tool, call: ToolCall, turn: Any) -> ToolOutput | None:
        """The output of an identical speculative call (waiting for it if it is still running),
        or None: no such call, it failed, or its output is incomplete."""
        key = call_key(tool, call.arguments)
        with self._lock:
            ready = self._ready.get(key) if key is not None else None
        if ready is None:
            return None
        while not ready.wait(0.05):
            turn.check_cancelled()
        with self._lock:
            output = self._outputs.pop(key, None)  # type: ignore[arg-type]
        return output if output is not None and not output.missing else None
