"""One turn of a conversation: what a question collects on the side until it commits.

A ``Turn`` holds its messages, facts, tool records, outputs and usage apart from the agent's
memory and ledger; the agent commits them only when the turn finishes, so a cancelled or failed
turn leaves the conversation exactly as it was. The steps that fill a turn — the model call
(``model_call``), the tool calls (``tool_calls``) and the verified finish (``finish``) — each get
what they need passed in, never the agent.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .errors import TurnCancelled
from .events import Event, EventSink
from .facts import Fact
from .llm import Message
from .scope import TurnScope
from .speculation import Speculations
from .tool import ToolOutput
from .usage import Meter, Usage, diff_counters, read_meters


@dataclass
class ToolCallRecord:
    """What one tool call did: for the result object, the CLI and the trace.

    ``arguments`` is the model's JSON parsed into a dict (``{}`` when it was not a JSON object);
    ``raw_arguments`` keeps the text exactly as the model wrote it.
    """

    name: str
    raw_arguments: str
    ok: bool
    seconds: float
    error: str | None = None
    fact_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    arguments: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.arguments = parsed_arguments(self.raw_arguments)

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.arguments.items())
        state = "ok" if self.ok else f"failed: {self.error}"
        return f"<ToolCallRecord {self.name}({shown}) {state}, {len(self.fact_ids)} facts>"


def parsed_arguments(text: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


@dataclass
class RunResult:
    """The outcome of ``agent.run(question)``. ``str(result)`` is the answer.

    ``outputs`` holds each successful tool call's ``ToolOutput``, whose ``data`` is the tool's
    own typed result (an orchestration's ``AnalysisResult``, a Pydantic model…).
    """

    answer: str
    tool_calls: list[ToolCallRecord]
    facts: list[Fact]
    usage: Usage
    stopped: str | None = None  # None, or why the turn stopped early ("max_steps", ...)
    warnings: list[str] = field(default_factory=list)
    outputs: list[ToolOutput] = field(default_factory=list)
    verification: Any = None
    missing: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """What failed: tool calls that errored, and an empty answer."""
        failed = [f"{r.name}: {r.error}" for r in self.tool_calls if not r.ok and r.error]
        return failed + ([] if self.answer.strip() else ["The model returned an empty answer."])

    @property
    def outcome(self) -> str:
        """``answered``, ``partial`` (a company or data missing, a step limit), ``nothing``
        (every tool call failed) or ``error`` (an empty answer)."""
        if not self.answer.strip():
            return "error"
        if self.tool_calls and not any(r.ok for r in self.tool_calls):
            return "nothing"
        if self.errors or self.missing or self.stopped:
            return "partial"
        return "answered"

    def __str__(self) -> str:
        return self.answer

    def __repr__(self) -> str:
        words = " ".join(self.answer.split())
        shown = words if len(words) <= 60 else words[:59] + "…"
        checked = f", {self.verification.summary()}" if self.verification is not None else ""
        return (
            f"<RunResult {self.outcome}: {shown!r} ({len(self.answer):,} chars), "
            f"{len(self.tool_calls)} tool calls, {len(self.facts)} facts{checked}>"
        )

    def _repr_markdown_(self) -> str:
        """The answer as the chat shows it (⚠ marks, citation markers), then what was checked,
        what is missing and which tools ran."""
        from .verify.marks import marked, verification_line, with_citation_markers

        text = with_citation_markers(marked(self.answer, self.verification), self.facts)
        parts = [text or "*(no answer)*"]
        checked = verification_line(self.verification)
        parts += [f"*{checked}*"] if checked else []
        parts += ["**Missing:** " + "; ".join(self.missing)] if self.missing else []
        calls = ", ".join(f"{r.name} ({'ok' if r.ok else 'failed'})" for r in self.tool_calls)
        parts += [f"*Tool calls: {calls}. {len(self.facts)} facts.*"] if calls else []
        return "\n\n".join(parts)

    def _repr_html_(self) -> str:
        from .rendering import to_html

        return to_html(self._repr_markdown_())

    def to_frame(self) -> Any:
        """Every fact of the turn as a wide pandas DataFrame (index: metric, period; columns:
        companies). Needs pandas, which finagent does not install."""
        from .rendering import facts_frame

        return facts_frame(self.facts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "tool_calls": [record.to_dict() for record in self.tool_calls],
            "facts": [fact.to_record() for fact in self.facts],
            "usage": self.usage.to_dict(),
            "stopped": self.stopped,
            "warnings": self.warnings,
            "missing": self.missing,
            "errors": self.errors,
            "outcome": self.outcome,
            "verification": self.verification.to_dict() if self.verification else None,
        }


_turn_ids = itertools.count(1)


class Turn:
    """The state of one question in flight. ``deadline`` (seconds) bounds its data gathering:
    what has not arrived by then is left out, and named."""

    def __init__(
        self,
        question: str,
        cancel: threading.Event | None = None,
        on_event: EventSink | None = None,
        meters: list[Meter] | None = None,
        deadline: float | None = None,
    ) -> None:
        self.id = f"t{next(_turn_ids)}"
        self.cancel, self.on_event, self.meters = cancel, on_event, list(meters or [])
        ends = time.monotonic() + deadline if deadline else None
        self.scope = TurnScope(self.id, cancel, ends, deadline)
        self.messages: list[Message] = [{"role": "user", "content": question}]
        self.records: list[ToolCallRecord] = []
        self.outputs: list[ToolOutput] = []
        self.facts: list[Fact] = []
        self.usage = Usage()
        self.failures: Counter[str] = Counter()
        self.seen_calls: set[tuple[str, str]] = set()
        self.lock = threading.Lock()
        self.ended = threading.Event()  # set when the turn returns: background work stops too
        self.speculations = Speculations()  # tool calls run on a guess while the model thinks
        self._started = time.perf_counter()
        self._meters_before = read_meters([m for m in self.meters if not hasattr(m, "usage_of")])

    @property
    def over(self) -> bool:
        return self.ended.is_set()

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def check_cancelled(self) -> None:
        if self.cancelled:
            raise TurnCancelled(
                "Turn cancelled; the conversation is as it was before the question."
            )

    def emit(self, kind: str, **data: Any) -> None:
        if self.on_event is not None and not self.cancelled:
            self.on_event(Event(kind, {**data, "turn": self.id}))

    def close_usage(self) -> Usage:
        """Stamp the turn's wall time and the data calls made for it: billed by turn where a
        meter can tell (calls still in flight for a cancelled turn stay its own)."""
        self.usage.seconds = time.perf_counter() - self._started
        by_turn = [m.usage_of(self.id) for m in self.meters if hasattr(m, "usage_of")]
        rest = [m for m in self.meters if not hasattr(m, "usage_of")]
        counters = diff_counters(self._meters_before, read_meters(rest))
        for counts in by_turn:
            for key, value in counts.items():
                counters[key] = counters.get(key, 0) + value
        self.usage.counters = counters
        return self.usage

    def result(self, answer: str, stopped: str | None, verification: Any) -> RunResult:
        warnings = [w for output in self.outputs for w in output.warnings]
        missing = [m for output in self.outputs for m in output.missing]
        return RunResult(
            answer,
            self.records,
            self.facts,
            self.usage,
            stopped,
            list(dict.fromkeys(warnings)),
            self.outputs,
            verification,
            list(dict.fromkeys(missing)),
        )
