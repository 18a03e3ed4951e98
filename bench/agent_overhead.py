"""Agent overhead benchmark: what the framework itself costs per turn, and what importing it costs.

    python bench/agent_overhead.py [--turns 300] [--imports 7]

1. A one-tool turn (two model calls, one tool call) with a scripted model and a tool that return
   at once, so model and network time are zero: the agent's own bookkeeping per turn (memory,
   schemas, validation, events, usage, ledger), against a bare hand-written loop doing the same
   calls, in the same process. Printed: microseconds per turn for both, and their ratio.
2. ``import finagent`` next to ``import openai`` (and ``import tools``, the data layer), each in
   a fresh interpreter, interleaved, minus an empty interpreter's start-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from finagent import FunctionCallingAgent, tool  # noqa: E402
from finagent.llm import ModelReply, TokenUsage, ToolCall  # noqa: E402


@tool
def quote(symbol: str) -> str:
    """Price of a stock.

    Args:
        symbol: Ticker symbol.
    """
    return f"{symbol} 100"


class InstantModel:
    """Answers at once: a tool call, then text — the shape of a one-orchestration question."""

    model_name = "instant"

    def complete(self, messages, tools=None, *, tool_choice="auto", on_text=None):
        if messages[-1]["role"] == "user":
            return ModelReply(
                None, [ToolCall("c1", "quote", '{"symbol": "AAPL"}')], TokenUsage(10, 5)
            )
        return ModelReply("AAPL is 100.", [], TokenUsage(12, 4))


def bare_turn(history: list, model: InstantModel) -> str:
    """The least a loop can do: call the model, run the tool, call the model again."""
    history.append({"role": "user", "content": "AAPL?"})
    reply = model.complete(history)
    call = reply.tool_calls[0]
    history.append({"role": "assistant", "content": None, "tool_calls": [call.to_dict()]})
    history.append(
        {"role": "tool", "tool_call_id": call.id, "content": quote.fn(**json.loads(call.arguments))}
    )
    answer = model.complete(history).content
    history.append({"role": "assistant", "content": answer})
    return answer


def per_turn(fn, turns: int) -> float:
    started = time.perf_counter()
    for _ in range(turns):
        fn()
    return (time.perf_counter() - started) / turns


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(out.stdout)


def main(turns: int, imports: int) -> int:
    model = InstantModel()
    ours, bare = [], []
    for _ in range(5):  # interleaved rounds; a fresh agent each round keeps memory small
        agent = FunctionCallingAgent(model, [quote], memory_tokens=4_000)
        ours.append(per_turn(lambda agent=agent: agent.run("AAPL?"), turns // 5))
        history: list = [{"role": "system", "content": "s"}]
        bare.append(per_turn(lambda h=history: bare_turn(h, model), turns // 5))
    o, b = statistics.median(ours), statistics.median(bare)
    print(f"one-tool turn, model and tool instant ({turns} turns, median of 5 rounds):")
    print(f"  FunctionCallingAgent.run {o * 1e6:8.0f} µs/turn")
    print(f"  bare hand-written loop   {b * 1e6:8.0f} µs/turn")
    print(f"  framework overhead       {(o - b) * 1e6:8.0f} µs/turn ({o / b:.1f}x the bare loop)")
    times: dict[str, list[float]] = {m: [] for m in ("finagent", "openai", "tools")}
    for _ in range(imports):
        for module in times:
            times[module].append(import_time(module))
    print(f"import time, fresh interpreter, median of {imports}:")
    base = statistics.median(times["openai"])
    for module, values in times.items():
        value = statistics.median(values)
        print(f"  import {module:9} {value * 1000:6.0f} ms  ({value / base:.2f}x import openai)")
    return 0


if __name__ == "__main__":
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--turns", type=int, default=500)
    options.add_argument("--imports", type=int, default=7)
    args = options.parse_args()
    sys.exit(main(args.turns, args.imports))
