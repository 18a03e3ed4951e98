"""Memory trimming, number by number: the token estimate, the exact budget boundaries, the order
of the steps, and the newest turn, which is never dropped (its tool results are stubbed only as
a last resort, in a view).

Sizes below come from ``estimate_tokens``: 4 per message + len(content) // 4, and per tool call
8 + len(name) // 4 + len(arguments) // 4. For the ``turn(n, size)`` helper (n < 10):
  user "question n" (10 chars)            4 + 2          =  6
  assistant tool call "analysis", "{}"    4 + 0 + 8+2+0  = 14
  tool "F" * size                         4 + size // 4
  assistant "answer n" (8 chars)          4 + 2          =  6
  -> a turn is 30 + size // 4; the system prompt "system" (6 chars) is 4 + 1 = 5.
The stub TRIMMED.format(name="analysis") is 87 characters: 4 + 87 // 4 = 25.
"""

from __future__ import annotations

import finagent.memory as memory_module
from finagent.memory import TRIMMED, Memory, estimate_tokens, trim
from finagent.testing.openai_server import validate_chat_request

SYSTEM = {"role": "system", "content": "system"}
STUB = TRIMMED.format(name="analysis")


def turn(n: int, size: int) -> list[dict]:
    call = {"id": f"c{n}", "type": "function", "function": {"name": "analysis", "arguments": "{}"}}
    return [
        {"role": "user", "content": f"question {n}"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": f"c{n}", "content": "F" * size},
        {"role": "assistant", "content": f"answer {n}"},
    ]


def chat(n: int, answer: str | None = None) -> list[dict]:
    return [
        {"role": "user", "content": f"question {n}"},
        {"role": "assistant", "content": answer or f"answer {n}"},
    ]


def valid(messages: list[dict]) -> bool:
    return validate_chat_request({"model": "m", "messages": messages}) is None


def tool_contents(messages: list[dict]) -> list[str]:
    return [m["content"] for m in messages if m["role"] == "tool"]


# --- the estimate ------------------------------------------------------------------------------


def test_estimate_tokens_hand_computed():
    call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "get_prices", "arguments": '{"symbol": "AAPL"}'},
    }
    messages = [
        {"role": "user", "content": "x" * 41},  # 4 + 41 // 4 = 4 + 10 = 14
        # 4 + 0 (no content) + 8 + len("get_prices") 10 // 4 = 2 + 18 chars // 4 = 4  -> 18
        {"role": "assistant", "content": None, "tool_calls": [call]},
    ]
    assert estimate_tokens(messages[:1]) == 14
    assert estimate_tokens(messages[1:]) == 18
    assert estimate_tokens(messages) == 32
    assert estimate_tokens([]) == 0
    assert estimate_tokens([SYSTEM]) == 5
    assert estimate_tokens(turn(1, 400)) == 30 + 100


# --- exact budget boundaries -------------------------------------------------------------------


def test_history_that_exactly_fits_is_kept_untouched():
    history = turn(0, 400) + turn(1, 400)  # 130 + 130, with the system prompt 265
    memory = Memory("system", max_tokens=265)
    memory.commit(turn(0, 400))
    memory.commit(turn(1, 400))
    assert memory.history == history
    assert memory.view() == [SYSTEM, *history], "no reserve: the full budget is available"
    assert trim(SYSTEM, history, 265, keep_last=False) == history


def test_stubbing_stops_as_soon_as_it_fits():
    history = turn(0, 400) + turn(1, 400) + turn(2, 400)  # 5 + 3 * 130 = 395
    # stubbing turn 0's result: 104 -> 25 tokens, 395 - 79 = 316, exactly the budget
    result = trim(SYSTEM, history, 316, keep_last=True)
    assert tool_contents(result) == [STUB, "F" * 400, "F" * 400]
    assert estimate_tokens([SYSTEM, *result]) == 316


def test_dropping_stops_as_soon_as_it_fits():
    history = chat(0) + chat(1) + chat(2)  # 5 + 3 * (6 + 6) = 41
    # dropping turn 0 leaves 5 + 24 = 29, exactly the budget
    assert trim(SYSTEM, history, 29, keep_last=True) == chat(1) + chat(2)
    assert trim(SYSTEM, history, 28, keep_last=True) == chat(2)


def test_an_empty_history_stays_empty():
    assert trim(SYSTEM, [], 0, keep_last=False) == []
    assert trim(SYSTEM, [], 0, keep_last=True) == []
    assert Memory("system", max_tokens=1).view() == [SYSTEM]


# --- the newest turn ---------------------------------------------------------------------------


def test_one_oversized_turn_is_kept_whole_on_commit():
    memory = Memory("system", max_tokens=1_000)
    memory.commit(turn(0, 400))
    memory.commit(turn(1, 400))
    big = turn(2, 8_000)  # 30 + 2,000 = 2,030 tokens, alone twice the budget
    memory.commit(big)
    assert memory.history == big, "older turns go; the newest turn stays whole"


def test_view_keeps_an_oversized_newest_turn_and_stubs_its_result_as_a_last_resort():
    memory = Memory("system", max_tokens=1_000)
    memory.commit(turn(0, 400))
    memory.commit(turn(1, 8_000))  # 2,030 tokens
    view = memory.view()
    # turn 0 dropped; turn 1 keeps its question, its call and its answer; only the result is
    # replaced by the marker: 5 + 6 + 14 + 25 + 6 = 56 tokens
    expected = turn(1, 8_000)
    expected[2] = {**expected[2], "content": STUB}
    assert view == [SYSTEM, *expected]
    assert estimate_tokens(view) == 56
    assert valid(view)
    assert memory.history == turn(1, 8_000), "the view is a copy; memory keeps the turn whole"


def test_view_never_empties_the_history_even_when_the_newest_turn_cannot_fit():
    newest = turn(1, 8_000)
    newest[3] = {"role": "assistant", "content": "y" * 4_000}  # a long report: 4 + 1,000
    memory = Memory("system", max_tokens=1_000)
    memory.commit(turn(0, 400))
    memory.commit(newest)
    # even stubbed, the newest turn is 6 + 14 + 25 + 1,004 = 1,049 (+ 5) > 1,000: it stays, so
    # a follow-up question still sees the question and the report it refers to
    view = memory.view()
    assert view[1:] == [*newest[:2], {**newest[2], "content": STUB}, newest[3]]
    assert estimate_tokens(view) == 5 + 1_049
    assert valid(view)


def test_view_drops_older_turns_before_touching_the_newest_turn():
    old = chat(0, answer="y" * 4_000)  # 6 + 4 + 1,000 = 1,010
    new = turn(1, 2_000)  # 30 + 500 = 530
    memory = Memory("system", max_tokens=3_000)
    memory.commit(old)
    memory.commit(new)
    # a pending turn of 1,500 leaves 1,500: 5 + 1,010 + 530 = 1,545 is over; old has no tool
    # result to stub, so it goes, and 5 + 530 = 535 fits with the newest result whole
    assert memory.view(reserve=1_500) == [SYSTEM, *new]
    # with a larger reserve the view must still fit: 3,000 - 2,900 = 100 leaves room only for
    # the newest turn with its result stubbed: 5 + 6 + 14 + 25 + 6 = 56
    view = memory.view(reserve=2_900)
    assert tool_contents(view) == [STUB]
    assert estimate_tokens(view) == 56


def test_newest_turn_results_are_stubbed_oldest_first_and_only_as_needed():
    calls = [
        {"id": f"c{i}", "type": "function", "function": {"name": "analysis", "arguments": "{}"}}
        for i in (1, 2)
    ]
    newest = [
        {"role": "user", "content": "question 1"},  # 6
        {"role": "assistant", "content": None, "tool_calls": calls},  # 4 + 2 * 10 = 24
        {"role": "tool", "tool_call_id": "c1", "content": "A" * 400},  # 104
        {"role": "tool", "tool_call_id": "c2", "content": "B" * 400},  # 104
        {"role": "assistant", "content": "answer 1"},  # 6
    ]
    assert estimate_tokens([SYSTEM, *newest]) == 5 + 6 + 24 + 104 + 104 + 6 == 249
    # stubbing the first result (104 -> 25) gives 170
    result = trim(SYSTEM, newest, 170, keep_last=False)
    assert tool_contents(result) == [STUB, "B" * 400]
    assert valid([SYSTEM, *result])
    assert trim(SYSTEM, newest, 170, keep_last=True) == newest, "keep_last: never shrunk"


# --- stubs -------------------------------------------------------------------------------------


def test_a_stub_never_replaces_a_shorter_result():
    call = {"id": "c0", "type": "function", "function": {"name": "analysis", "arguments": "{}"}}
    short = [
        {"role": "user", "content": "question 0"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c0", "content": "42"},  # 4 tokens; a stub is 25
        {"role": "assistant", "content": "answer 0"},
    ]
    history = short + turn(1, 400) + turn(2, 400)  # 5 + (6 + 14 + 4 + 6) + 130 + 130 = 295
    # stubbing "42" would add 21 tokens, so it stays; stubbing turn 1's result saves 104 - 25:
    # 295 - 79 = 216 fits, and the small answer of turn 0 is still there
    expected = short + turn(1, 400) + turn(2, 400)
    expected[6] = {**expected[6], "content": STUB}
    assert trim(SYSTEM, history, 216, keep_last=True) == expected


def test_a_stub_never_replaces_a_result_of_the_same_size():
    same = turn(0, 87)  # "F" * 87 is 4 + 87 // 4 = 25 tokens, exactly the stub's size
    history = same + turn(1, 400) + turn(2, 400)  # 5 + (30 + 21) + 130 + 130 = 316
    # nothing to gain from stubbing turn 0, so its result stays; turn 1's saves 79: 237
    expected = same + turn(1, 400) + turn(2, 400)
    expected[6] = {**expected[6], "content": STUB}
    assert trim(SYSTEM, history, 237, keep_last=True) == expected


def test_a_result_without_a_matching_call_is_stubbed_as_a_tool():
    orphan = [
        {"role": "user", "content": "question 0"},
        {"role": "tool", "tool_call_id": "unknown", "content": "F" * 400},
    ]
    # 5 + (6 + 104) + 12 = 127; the stub "... of a tool ..." is 85 chars: 4 + 21 = 25 -> 48
    result = trim(SYSTEM, orphan + chat(1), 48, keep_last=True)
    stubbed = {"role": "tool", "tool_call_id": "unknown", "content": TRIMMED.format(name="a tool")}
    assert result == [orphan[0], stubbed, *chat(1)]


# --- cost --------------------------------------------------------------------------------------


def test_trimming_measures_each_message_a_bounded_number_of_times(monkeypatch):
    measured = 0

    def counting(messages):
        nonlocal measured
        messages = list(messages)
        measured += len(messages)
        return estimate_tokens(messages)

    monkeypatch.setattr(memory_module, "estimate_tokens", counting)
    history = [m for n in range(300) for m in turn(n % 10, 400)]  # 1,200 messages
    result = trim(SYSTEM, history, 2_000, keep_last=True)
    assert estimate_tokens([SYSTEM, *result]) <= 2_000
    assert valid([SYSTEM, *result])
    # each message once, plus the system prompt, plus at most one stub per tool result (300):
    # linear, where re-measuring the whole history per turn would be ~300 * 1,200
    assert measured <= 1_200 + 1 + 300
