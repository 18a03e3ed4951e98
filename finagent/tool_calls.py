"""The tool step of a turn: run the calls of one reply concurrently, within budgets.

A model's mistakes (unknown tool, broken JSON, invalid arguments, a tool that raises) become
precise messages back to the model. A tool that failed ``retry_budget`` times in a turn is not
called again; an identical call that already succeeded is refused (its result is above).
"""

from __future__ import annotations

import contextvars
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .errors import FinagentError, ToolError
from .events import _current_sink
from .llm import ToolCall
from .scope import enter_scope
from .secrets import redact
from .tool import Tool, ToolOutput
from .turn import ToolCallRecord, Turn


@dataclass
class ToolCalls:
    tools: dict[str, Tool]
    retry_budget: int = 2
    max_parallel: int = 8

    def run(self, turn: Turn, calls: list[ToolCall]) -> list[str]:
        """Run the calls of one reply concurrently; keep their records, facts and tool messages
        in call order (not in the order they happened to finish)."""
        if len(calls) == 1:  # no thread needed for a single call
            done = [contextvars.copy_context().run(self._run, turn, calls[0])]
        else:
            workers = min(len(calls), self.max_parallel)
            contexts = [contextvars.copy_context() for _ in calls]
            with ThreadPoolExecutor(workers, thread_name_prefix="finagent-tool") as pool:
                done = list(pool.map(lambda c, call: c.run(self._run, turn, call), contexts, calls))
        for call, (content, record, output) in zip(calls, done):
            self._keep(turn, record, output)
            turn.messages.append({"role": "tool", "tool_call_id": call.id, "content": content})
        turn.check_cancelled()
        return [content for content, _, _ in done]

    def run_one(self, turn: Turn, call: ToolCall) -> str:
        """One call: its content for the model (the output, or ``Error: ...``)."""
        content, record, output = self._run(turn, call)
        self._keep(turn, record, output)
        return content

    def _run(self, turn: Turn, call: ToolCall) -> tuple[str, ToolCallRecord, ToolOutput | None]:
        _current_sink.set(turn.on_event)
        enter_scope(turn.scope)
        turn.emit("tool_start", name=call.name, arguments=call.arguments)
        started = time.perf_counter()
        output, error = None, self.refusal(turn, call)
        if error is None:
            output, error = self._invoke(turn, call)
        seconds = time.perf_counter() - started
        with turn.lock:  # budgets count at once: a later call of the same reply may be refused
            turn.usage.tool_calls += 1
            if output is None:
                turn.failures[call.name] += 1
            else:
                turn.seen_calls.add((call.name, canonical(call.arguments)))
        turn.emit("tool_end", name=call.name, ok=error is None, seconds=seconds, error=error)
        record = ToolCallRecord(
            call.name,
            call.arguments,
            error is None,
            seconds,
            error,
            [f.id for f in output.facts] if output else [],
            output.warnings if output else [],
        )
        return (output.content if output else f"Error: {error}"), record, output

    @staticmethod
    def _keep(turn: Turn, record: ToolCallRecord, output: ToolOutput | None) -> None:
        with turn.lock:
            turn.records.append(record)
            if output is not None:
                turn.facts.extend(output.facts)
                turn.outputs.append(output)

    def _invoke(self, turn: Turn, call: ToolCall) -> tuple[ToolOutput | None, str | None]:
        tool = self.tools[call.name]
        try:
            ready = turn.speculations.take(tool, call, turn)
            return (ready if ready is not None else tool.invoke(call.arguments)), None
        except ToolError as exc:
            return None, str(exc)
        except FinagentError as exc:
            return None, f"{call.name} failed: {exc}"
        except Exception as exc:
            return None, (
                f"{call.name} failed unexpectedly ({type(exc).__name__}: {redact(str(exc))})."
            )

    def refusal(self, turn: Turn, call: ToolCall) -> str | None:
        """Why a call is not run at all: unknown tool, failure budget spent, or a repeat."""
        if call.name not in self.tools:
            return (
                f"Unknown tool '{call.name}'. Available tools: {', '.join(self.tools)}. "
                "Call one of these, or answer without a tool."
            )
        if turn.failures[call.name] >= self.retry_budget:
            return (
                f"{call.name} has failed {turn.failures[call.name]} times in this turn, so it "
                "was not called again. Answer with the data you have and say what failed."
            )
        with turn.lock:  # only a call that succeeded counts as done: a failure may be retried
            if (call.name, canonical(call.arguments)) in turn.seen_calls:
                return (
                    f"{call.name} was already called with these arguments in this turn; its "
                    "result is above. Use it, or try something different."
                )
        return None


def canonical(arguments: str) -> str:
    try:
        return json.dumps(json.loads(arguments or "{}"), sort_keys=True)
    except ValueError:
        return arguments
