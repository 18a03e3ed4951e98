"""Events of a turn — model calls, tool starts and ends, progress, thoughts, errors, the answer.

The agent calls ``on_event`` for each; the terminal chat draws its status line from them and
``JsonlTrace`` writes them to a file. Tools report progress from worker threads with
``report_progress``, which finds the current turn's sink through a context variable.
"""

from __future__ import annotations

import contextvars
import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .secrets import redact

EventKind = str  # model_start, model_end, tool_start, tool_end, progress, thought, error, answer


@dataclass
class Event:
    kind: EventKind
    data: dict[str, Any] = field(default_factory=dict)
    time: float = field(default_factory=time.time)


EventSink = Callable[[Event], None]
_current_sink: contextvars.ContextVar[EventSink | None] = contextvars.ContextVar(
    "finagent_event_sink", default=None
)


def report_progress(
    message: str, *, done: int | None = None, total: int | None = None, **data: Any
) -> None:
    """Tell whoever is watching what a long tool is doing (no-op outside an agent turn)."""
    sink = _current_sink.get()
    if sink is not None:
        from .scope import current_scope

        scope = current_scope()
        turn = {"turn": scope.turn_id} if scope is not None else {}
        if scope is None or not scope.cancelled:  # a cancelled turn's progress is not news
            sink(
                Event(
                    "progress", {"message": message, "done": done, "total": total, **data, **turn}
                )
            )


class JsonlTrace:
    """An event sink that appends one JSON object per event to a file (secrets masked)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:  # fail now, loudly, rather than drop every event later
            self.path.open("a", encoding="utf-8").close()
        except OSError as exc:
            from .errors import ConfigurationError

            raise ConfigurationError(f"Cannot write the trace file {self.path}: {exc}") from None

    def __call__(self, event: Event) -> None:
        line = redact(json.dumps(asdict(event), default=str))
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def fan_out(*sinks: EventSink | None) -> EventSink:
    """One sink that forwards to several; a failing sink never breaks the turn."""
    active = [sink for sink in sinks if sink is not None]

    def sink(event: Event) -> None:
        for target in active:
            try:
                target(event)
            except Exception:
                pass

    return sink
