"""One turn of a conversation: the mechanics shared by the function-calling and ReAct loops.

A ``Turn`` collects its messages, facts, tool records and usage on the side and commits them to
the agent's memory and ledger only when it finishes, so a cancelled or failed turn leaves the
conversation exactly as it was. Tool calls of one reply run concurrently; a model's mistakes
(unknown tool, broken JSON, invalid arguments, a tool that raises) become precise messages back
to the model, with a small per-tool failure budget.
"""

from __future__ import annotations

import contextvars
import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import FinagentError, TokenBudgetExceeded, ToolError, TurnCancelled
from .events import Event, _current_sink
from .facts import Fact
from .llm import Message, ModelReply, ToolCall, ToolChoice
from .memory import estimate_tokens
from .secrets import redact
from .tool import ToolOutput
from .usage import Usage, diff_counters, read_meters

if TYPE_CHECKING:
    from .agent import FunctionCallingAgent


@dataclass
class ToolCallRecord:
    """What one tool call did: for the result object, the CLI and the trace."""

    name: str
    arguments: str
    ok: bool
    seconds: float
    error: str | None = None
    fact_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    """The outcome of ``agent.run(question)``. ``str(result)`` is the answer."""

    answer: str
    tool_calls: list[ToolCallRecord]
    facts: list[Fact]
    usage: Usage
    stopped: str | None = None  # None, or why the turn stopped early ("max_steps", ...)
    warnings: list[str] = field(default_factory=list)
    outputs: list[ToolOutput] = field(default_factory=list)
    verification: Any = None

    def __str__(self) -> str:
        return self.answer

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "tool_calls": [vars(record) for record in self.tool_calls],
            "facts": [fact.to_record() for fact in self.facts],
            "usage": self.usage.to_dict(),
            "stopped": self.stopped,
            "warnings": self.warnings,
            "verification": self.verification.to_dict() if self.verification else None,
        }


class Turn:
    def __init__(
        self,
        agent: FunctionCallingAgent,
        question: str,
        cancel: threading.Event | None = None,
        on_event: Any = None,
    ) -> None:
        self.agent, self.cancel, self.on_event = agent, cancel, on_event
        self.messages: list[Message] = [{"role": "user", "content": question}]
        self.records: list[ToolCallRecord] = []
        self.outputs: list[ToolOutput] = []
        self.facts: list[Fact] = []
        self.usage = Usage()
        self.failures: Counter[str] = Counter()
        self.seen_calls: set[tuple[str, str]] = set()
        self._started = time.perf_counter()
        self._meters_before = read_meters(agent.meters)
        self._lock = threading.Lock()

    # --- model -------------------------------------------------------------------------------

    def call_model(
        self,
        tools: bool = True,
        *,
        tool_choice: ToolChoice = "auto",
        extra: list[Message] | None = None,
        on_text: Any = None,
    ) -> ModelReply:
        self.check_cancelled()
        agent = self.agent
        pending = self.messages + (extra or [])
        history = agent.memory.view(reserve=estimate_tokens(pending))
        specs = agent.tool_specs() if tools and agent.tools else None
        self.emit("model_start", model=agent.model.model_name, messages=len(pending) + 1)
        started = time.perf_counter()
        reply = agent.model.complete(
            history + pending,
            specs,
            tool_choice=tool_choice if specs else "none",
            on_text=on_text,
        )
        self.usage.llm_calls += 1
        self.usage.prompt_tokens += reply.usage.prompt_tokens
        self.usage.completion_tokens += reply.usage.completion_tokens
        self.emit(
            "model_end",
            seconds=time.perf_counter() - started,
            tool_calls=[c.name for c in reply.tool_calls],
            tokens=reply.usage.total_tokens,
        )
        self.check_cancelled()
        self.check_budget()
        return reply

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def check_cancelled(self) -> None:
        if self.cancelled:
            raise TurnCancelled(
                "Turn cancelled; the conversation is as it was before the question."
            )

    def check_budget(self) -> None:
        agent = self.agent
        turn_cap, session_cap = agent.max_tokens_per_turn, agent.max_tokens_per_session
        if turn_cap and self.usage.total_tokens > turn_cap:
            raise TokenBudgetExceeded(
                f"This question used {self.usage.total_tokens:,} tokens, over "
                f"the per-turn cap of {turn_cap:,}; it was stopped."
            )
        used = agent.usage.total_tokens + self.usage.total_tokens
        if session_cap and used > session_cap:
            raise TokenBudgetExceeded(
                f"The session used {used:,} tokens, over its cap of "
                f"{session_cap:,}. Start a new session (/reset) to go on."
            )

    # --- tools -------------------------------------------------------------------------------

    def run_tools(self, calls: list[ToolCall]) -> list[str]:
        """Run the calls of one reply concurrently; append the tool messages in call order."""
        if len(calls) == 1:  # no thread needed for a single call
            contents = [contextvars.copy_context().run(self.run_one, calls[0])]
        else:
            workers = min(len(calls), self.agent.max_parallel_tools)
            contexts = [contextvars.copy_context() for _ in calls]
            with ThreadPoolExecutor(
                max_workers=workers, thread_name_prefix="finagent-tool"
            ) as pool:
                contents = list(
                    pool.map(lambda pair: pair[0].run(self.run_one, pair[1]), zip(contexts, calls))
                )
        for call, content in zip(calls, contents):
            self.messages.append({"role": "tool", "tool_call_id": call.id, "content": content})
        self.check_cancelled()
        return contents

    def run_one(self, call: ToolCall) -> str:
        _current_sink.set(self.on_event)
        self.emit("tool_start", name=call.name, arguments=call.arguments)
        started = time.perf_counter()
        output, error = None, self.refusal(call)
        if error is None:
            try:
                output = self.agent.tools[call.name].invoke(call.arguments)
            except ToolError as exc:
                error = str(exc)
            except FinagentError as exc:
                error = f"{call.name} failed: {exc}"
            except Exception as exc:
                error = (
                    f"{call.name} failed unexpectedly ({type(exc).__name__}: {redact(str(exc))})."
                )
        seconds = time.perf_counter() - started
        with self._lock:
            self.usage.tool_calls += 1
            if error is not None:
                self.failures[call.name] += 1
            else:
                self.seen_calls.add((call.name, _canonical(call.arguments)))
                self.facts.extend(output.facts)
                self.outputs.append(output)
            self.records.append(
                ToolCallRecord(
                    call.name,
                    call.arguments,
                    error is None,
                    seconds,
                    error,
                    [f.id for f in output.facts] if output else [],
                    output.warnings if output else [],
                )
            )
        self.emit("tool_end", name=call.name, ok=error is None, seconds=seconds, error=error)
        return output.content if output else f"Error: {error}"

    def refusal(self, call: ToolCall) -> str | None:
        """Why a call is not run at all: unknown tool, failure budget spent, or a repeat."""
        agent = self.agent
        if call.name not in agent.tools:
            return (
                f"Unknown tool '{call.name}'. Available tools: {', '.join(agent.tools)}. "
                "Call one of these, or answer without a tool."
            )
        if self.failures[call.name] >= agent.tool_retry_budget:
            return (
                f"{call.name} has failed {self.failures[call.name]} times in this turn, so it "
                "was not called again. Answer with the data you have and say what failed."
            )
        with self._lock:  # only a call that succeeded counts as done: a failure may be retried
            if (call.name, _canonical(call.arguments)) in self.seen_calls:
                return (
                    f"{call.name} was already called with these arguments in this turn; its "
                    "result is above. Use it, or try something different."
                )
        return None

    # --- end ---------------------------------------------------------------------------------

    def emit(self, kind: str, **data: Any) -> None:
        if self.on_event is not None and not self.cancelled:
            self.on_event(Event(kind, data))

    def finish(self, answer: str, stopped: str | None = None) -> RunResult:
        agent = self.agent
        verification = self.verify(answer)
        if verification is not None and verification.unverified and agent.strict:
            answer, verification = self.correct(answer, verification)
        self.usage.seconds = time.perf_counter() - self._started
        self.usage.counters = diff_counters(self._meters_before, read_meters(agent.meters))
        self.messages.append({"role": "assistant", "content": answer})
        agent.commit(self)
        warnings = [w for output in self.outputs for w in output.warnings]
        result = RunResult(
            answer,
            self.records,
            self.facts,
            self.usage,
            stopped,
            list(dict.fromkeys(warnings)),
            self.outputs,
            verification,
        )
        self.emit(
            "answer",
            text=answer,
            stopped=stopped,
            verification=verification.summary() if verification else None,
        )
        return result

    def verify(self, answer: str) -> Any:
        """Check the answer's figures against every fact shown in the conversation so far."""
        if self.agent.verifier is None:
            return None
        return self.agent.verifier(answer, [*self.agent.ledger, *self.facts])

    def correct(self, answer: str, verification: Any) -> tuple[str, Any]:
        """Strict mode: ask the model once to fix or remove the figures that match no fact."""
        figures = ", ".join(f.text for f in verification.unverified)
        request = [
            {"role": "assistant", "content": answer},
            {
                "role": "user",
                "content": f"These figures in your answer match none of the "
                f"facts you were given: {figures}. Rewrite the whole answer, correcting them "
                "from the facts or removing them. Do not add new figures.",
            },
        ]
        reply = self.call_model(tools=False, extra=request)
        corrected = reply.content or answer
        return corrected, self.verify(corrected)


def _canonical(arguments: str) -> str:
    try:
        return json.dumps(json.loads(arguments or "{}"), sort_keys=True)
    except ValueError:
        return arguments
