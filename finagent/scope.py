"""The turn in flight, as any thread working for it sees it: its id, its cancel signal and its
deadline. Data code reads it to stop early (a cancelled turn sends nothing more; a gather past
the deadline answers from what arrived) and to bill its work to the right turn.
"""

from __future__ import annotations

import contextvars
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class TurnScope:
    turn_id: str
    cancel: threading.Event | None = None
    deadline: float | None = None  # a time.monotonic() value
    seconds: float | None = None  # the limit it came from, for messages
    prefetch: bool = False  # work started on a guess, before the model asked for it
    ended: threading.Event | None = None  # background work only: set when its turn is over

    @property
    def cancelled(self) -> bool:
        """The turn was cancelled or, for work started on a guess, it is over: send nothing."""
        return any(e is not None and e.is_set() for e in (self.cancel, self.ended))

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline; may be negative)."""
        return None if self.deadline is None else self.deadline - time.monotonic()


_scope: contextvars.ContextVar[TurnScope | None] = contextvars.ContextVar(
    "finagent_turn_scope", default=None
)


def current_scope() -> TurnScope | None:
    """The scope of the turn this code works for, or None outside any turn."""
    return _scope.get()


def enter_scope(scope: TurnScope | None) -> None:
    """Make ``scope`` the current one in this context (a tool thread's copied context)."""
    _scope.set(scope)
