"""One turn from the terminal, in a worker thread: Ctrl-C abandons it (``TurnCancelled``) and
leaves the conversation as it was. Without a person watching (stderr is a pipe or a file) the
progress is plain lines and rich is not even imported: a script's first model request leaves
sooner.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from ..errors import TurnCancelled
from ..events import Event, EventSink, fan_out


def run_in_worker(
    agent: Any, question: str, sink: EventSink, tick: Callable[[], None] = lambda: None
) -> Any:
    """``agent.run(question)`` in a thread, events to ``sink``, ``tick`` every 0.1 s."""
    cancel, outcome = threading.Event(), {}

    def work() -> None:
        try:
            outcome["result"] = agent.run(
                question, cancel=cancel, on_event=fan_out(agent.on_event, sink)
            )
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=work, daemon=True, name="finagent-turn")
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
            tick()
    except KeyboardInterrupt:
        cancel.set()
        raise TurnCancelled(
            "Cancelled. The conversation is as it was before this question."
        ) from None
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def tool_end_text(data: dict[str, Any]) -> str:
    """``✓ company_comparison (0.1s)`` or ``✗ quote (0.2s): why``: the line a finished tool
    call leaves, live or plain."""
    line = f"{'✓' if data['ok'] else '✗'} {data['name']} ({data['seconds']:.1f}s)"
    return line + (f": {data.get('error', '')}" if not data["ok"] else "")


class PlainSink:
    """Progress for a pipe or a file: a line per finished tool call (and more with verbose)."""

    def __init__(self, verbose: bool = False, stream: Any = None) -> None:
        self.verbose, self.stream = verbose, stream or sys.stderr

    def __call__(self, event: Event) -> None:
        if self.verbose and event.kind in ("tool_start", "model_end"):
            print(f"  {event.kind}: {event.data}", file=self.stream)
        if event.kind == "tool_end":
            print(f"  {tool_end_text(event.data)}", file=self.stream)
        elif event.kind == "thought":
            print(f"  thought {event.data.get('step')}: {event.data['text']}", file=self.stream)


def run_plain(agent: Any, question: str, verbose: bool = False) -> Any:
    return run_in_worker(agent, question, PlainSink(verbose))


def ignored_options(args: Any, agent: Any) -> str | None:
    """What to say when an option cannot apply: without an LLM the offline planner answers."""
    if agent.model.model_name != "offline-planner":
        return None
    options = (("--model", "model"), ("--text-protocol", "text_protocol"))
    ignored = [name for name, attribute in options if getattr(args, attribute, None)]
    if not ignored:
        return None
    return (
        f"{', '.join(ignored)} ignored: no LLM is configured (set OPENAI_API_KEY or "
        "OPENAI_BASE_URL); the offline planner answers."
    )
