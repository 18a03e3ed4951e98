"""Memory trimming keeps the system prompt and never separates tool calls from their replies."""

from __future__ import annotations

import json

from finagent.memory import TRIMMED, Memory, estimate_tokens, split_turns
from finagent.testing.openai_server import validate_chat_request


def turn(n: int, size: int) -> list[dict]:
    call = {"id": f"c{n}", "type": "function", "function": {"name": "analysis", "arguments": "{}"}}
    return [
        {"role": "user", "content": f"question {n}"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": f"c{n}", "content": "F" * size},
        {"role": "assistant", "content": f"answer {n}"},
    ]


def test_old_tool_results_shrink_before_turns_are_dropped():
    memory = Memory("system prompt", max_tokens=3_000)
    for n in range(3):
        memory.commit(turn(n, 4_000))  # each tool result ~1,000 tokens
    assert memory.messages[0] == {"role": "system", "content": "system prompt"}
    assert estimate_tokens(memory.messages) <= 3_000
    assert len(split_turns(memory.history)) == 3, "shrinking was enough; no turn dropped"
    tools = [m for m in memory.history if m["role"] == "tool"]
    assert tools[0]["content"] == TRIMMED.format(name="analysis")
    assert tools[-1]["content"] == "F" * 4_000, "the latest turn is kept whole"


def test_whole_turns_are_dropped_oldest_first_when_shrinking_is_not_enough():
    memory = Memory("system", max_tokens=400)
    for n in range(6):
        memory.commit(turn(n, 40) + [{"role": "assistant", "content": "y" * 400}])
    assert estimate_tokens(memory.messages) <= 400
    assert memory.history[0]["role"] == "user"
    assert memory.history[0]["content"] != "question 0"
    # what remains is still a valid request for the real API: every tool call has its reply
    body = {"model": "m", "messages": memory.messages}
    assert validate_chat_request(body) is None


def test_view_trims_a_copy_and_leaves_memory_as_it_is():
    memory = Memory("system", max_tokens=3_000)
    for n in range(2):
        memory.commit(turn(n, 4_000))
    before = json.dumps(memory.messages)
    view = memory.view(reserve=2_900)
    # 3,000 - 2,900 leaves 100: turn 0 goes, turn 1 stays with its result stubbed (55 + 5)
    assert estimate_tokens(view) <= 100
    assert [m["content"] for m in view[1:]] == [
        "question 1",
        None,
        TRIMMED.format(name="analysis"),
        "answer 1",
    ]
    assert json.dumps(memory.messages) == before, "asking for a view must not trim memory"
    assert validate_chat_request({"model": "m", "messages": view}) is None
