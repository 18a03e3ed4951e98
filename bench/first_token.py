"""Chat: time to the first streamed token of the final answer, prefetch on and off.

A chat turn for "Compare Microsoft (MSFT) and Google (GOOGL) over the next 3 years" against local
stand-ins (FMP 100 ms per call, an OpenAI-compatible model 500 ms per call, streaming): the first
model call asks for the comparison, the second streams the answer. Printed: medians of interleaved
turns (each on a fresh agent and cache), and the floor of two model calls.

    python bench/first_token.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finagent.app.builder import build_agent
from finagent.config import Settings
from finagent.testing.fmp import FMPStandIn
from finagent.testing.openai_server import OpenAIStubServer
from tools.settings import FMPSettings
from tools.snapshot import SNAPSHOT_AS_OF

QUESTION = "Compare Microsoft (MSFT) and Google (GOOGL) over the next 3 years"
CALL = [("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"})]
ANSWER = "Microsoft's operating margin was 41.8% in FY2023, Alphabet's 27.4%. " * 8


def one_turn(model: OpenAIStubServer, fmp: FMPStandIn, prefetch: bool) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            openai_api_key=model.api_key, openai_base_url=model.base_url, model="stub-model",
            prefetch=prefetch,
        )  # fmt: skip
        fmp_settings = FMPSettings(
            fmp_api_key=fmp.api_key, fmp_base_url=fmp.base_url, cache_dir=Path(folder)
        )
        agent = build_agent(settings=settings, fmp_settings=fmp_settings)
        agent.client._as_of = SNAPSHOT_AS_OF  # the stand-in serves the snapshot's dated data
        first: list[float] = []
        started = time.perf_counter()
        agent.run(
            QUESTION, on_text=lambda text: first.append(time.perf_counter()) if text else None
        )
        return first[0] - started, time.perf_counter() - started


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    results: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    with FMPStandIn(latency=0.1) as fmp:
        for _ in range(args.runs):
            for prefetch in (True, False):
                replies = [CALL, ANSWER]
                with OpenAIStubServer(replies, latency=0.5) as model:
                    results[prefetch].append(one_turn(model, fmp, prefetch))
    print(f"{QUESTION!r}: FMP 100 ms per call, model 500 ms per call; medians of {args.runs}")
    for prefetch in (True, False):
        first = statistics.median(r[0] for r in results[prefetch])
        total = statistics.median(r[1] for r in results[prefetch])
        print(f"  prefetch {'on ' if prefetch else 'off'}: first token of the answer "
              f"{first * 1000:.0f} ms, turn {total * 1000:.0f} ms")  # fmt: skip
    print("  floor: two model calls, 1000 ms")


if __name__ == "__main__":
    main()
