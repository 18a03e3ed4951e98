"""``ReActAgent``: thought -> action -> observation, repeated until an answer or ``max_steps``.

Two protocols: native tool calling (the thought is the text beside the tool calls), or — for
models without tool calling — plain text with ``Thought:``/``Action:``/``Action Input:`` lines,
parsed tolerantly, and observations sent back as ``Observation:`` messages. Thoughts are
published as ``thought`` events. Identical repeated calls are refused by the turn; at the step
limit the model is asked once for its best answer, which says that the limit was hit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .agent import FunctionCallingAgent, Steps
from .llm import ToolCall
from .turn import RunResult, Turn

NATIVE_INSTRUCTIONS = (
    "\n\nWork step by step. Before each tool call, write one short line of reasoning (your "
    "Thought). Call one tool at a time, read its result, then decide the next step. When you have "
    "what you need, answer without calling a tool."
)
TEXT_INSTRUCTIONS = """

You can use these tools:
{tools}

Answer in exactly this format, one step per reply:
Thought: what you will do next and why
Action: the tool name
Action Input: the arguments as a JSON object

Stop there and wait: the result comes back as "Observation: ...". When you can answer:
Thought: I can answer now
Final Answer: your answer"""

_FIELD = re.compile(
    r"^\s*(thought|action input|action|final answer|observation)\s*:\s*",
    re.IGNORECASE | re.MULTILINE,
)


def parse_react(text: str) -> tuple[str | None, tuple[str, str] | None, str | None]:
    """Split a text-protocol reply into (thought, (action, input JSON), final answer).

    Tolerant of case, Markdown fences and bold markers, JSON on the following lines, and a
    hallucinated ``Observation:`` (everything after it is ignored). A reply in no format at all
    is taken as the final answer.
    """
    cleaned = text.replace("**", "")
    parts: dict[str, str] = {}
    matches = list(_FIELD.finditer(cleaned))
    for match, following in zip(matches, [*matches[1:], None]):
        key = match[1].lower()
        if key == "observation":
            break
        end = following.start() if following else len(cleaned)
        parts.setdefault(key, cleaned[match.end() : end].strip())
    thought = parts.get("thought")
    if "final answer" in parts and "action" not in parts:
        return thought, None, parts["final answer"]
    if "action" in parts:
        name = parts["action"].strip().strip("`").split()[0] if parts["action"].strip() else ""
        return thought, (name, _json_object(parts.get("action input", ""))), None
    return thought, None, parts.get("final answer") or text.strip()


def _json_object(raw: str) -> str:
    """The first {...} object in ``raw`` (fences and trailing prose removed), else ``raw``."""
    raw = re.sub(r"^```(?:json)?|```$", "", raw.strip(), flags=re.MULTILINE).strip()
    start = raw.find("{")
    if start < 0:
        return raw or "{}"
    try:
        obj, _ = json.JSONDecoder().raw_decode(raw[start:])
        return json.dumps(obj)
    except ValueError:
        return raw[start:]


def describe_tools(tools: dict[str, Any]) -> str:
    return "\n".join(
        f"- {t.name}: {t.description} Arguments (JSON schema): "
        f"{json.dumps(t.parameters_schema(), separators=(',', ':'))}"
        for t in tools.values()
    )


class ReActAgent(FunctionCallingAgent):
    """A ReAct loop over the same tools, memory and limits as ``FunctionCallingAgent``."""

    def __init__(
        self,
        model: Any,
        tools: Any = (),
        *,
        text_protocol: bool = False,
        max_steps: int = 10,
        **options: Any,
    ) -> None:
        super().__init__(model, tools, max_steps=max_steps, **options)
        self.text_protocol = text_protocol
        extra = (
            TEXT_INSTRUCTIONS.format(tools=describe_tools(self.tools))
            if text_protocol
            else NATIVE_INSTRUCTIONS
        )
        self.memory.system_prompt += extra

    def _loop(self, turn: Turn, steps: Steps, on_text: Callable[[str], None] | None) -> RunResult:
        for step in range(1, self.max_steps + 1):
            reply = steps.model(turn, tools=not self.text_protocol)
            if self.text_protocol:
                thought, action, answer = parse_react(reply.content or "")
                calls = [ToolCall(f"react_{step}", *action)] if action else []
            else:
                calls = reply.tool_calls
                thought = reply.content if calls else None
                answer = None if calls else reply.content or ""
            if thought:
                turn.emit("thought", text=thought, step=step)
            if answer is not None:
                if on_text:
                    on_text(answer)
                return steps.finish(turn, answer)
            if self.text_protocol:
                turn.messages.append({"role": "assistant", "content": reply.content})
                observation = steps.tools.run_one(turn, calls[0])
                turn.messages.append({"role": "user", "content": f"Observation: {observation}"})
            else:
                turn.messages.append(reply.to_message())
                steps.tools.run(turn, calls)
        if not self.text_protocol:
            return steps.finish.at_step_limit(turn, self.max_steps, on_text)
        return steps.finish.at_step_limit(
            turn,
            self.max_steps,
            on_text,
            reply_format=" Reply with 'Final Answer: ...'.",
            parse=lambda text: parse_react(text)[2] or "",
        )
