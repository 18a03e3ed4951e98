"""Shared-cache benchmark: N agents in one process, each built by ``from_env()``, all answering
one question at the same time against a local FMP stand-in (its own process, 127.0.0.1), with
their HTTP caches in ONE folder versus one folder each.

    python bench/shared_cache.py [--agents 2 20] [--latency 0.02] [--repeat 3]

Each agent asks for a two-company comparison of a different pair, so the agents both read and
write the cache at once. Prints the median wall time of each case and the ratio of the two; with
a cache backend shared per path in the process (and no lock waits on the hot path) the shared
folder should cost about what separate folders cost.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gather import RemoteStandIn

from finagent import FunctionCallingAgent
from finagent.testing import ScriptedModel, call
from tools.settings import FMPSettings
from tools.snapshot import SNAPSHOT_AS_OF

SYMBOLS = [
    "AAPL",
    "MSFT",
    "GOOGL",
    "NVDA",
    "META",
    "ORCL",
    "ADBE",
    "INTC",
    "AMD",
    "CSCO",
    "JPM",
    "BAC",
    "WFC",
    "GS",
    "MS",
    "C",
    "XOM",
    "CVX",
]


def pair(index: int) -> list[str]:
    return [SYMBOLS[index % len(SYMBOLS)], SYMBOLS[(index * 7 + 3) % len(SYMBOLS)]]


def one_round(server: RemoteStandIn, agents: int, shared: bool) -> tuple[float, int]:
    """Build ``agents`` agents and let each answer one question, all at once; wall seconds."""
    failures = 0
    with tempfile.TemporaryDirectory() as root:
        barrier = threading.Barrier(agents)
        lock = threading.Lock()

        def work(i: int) -> None:
            nonlocal failures
            folder = Path(root) / ("shared" if shared else f"agent{i}")
            settings = FMPSettings.load(
                env_file=None,
                fmp_api_key=server.api_key,
                fmp_base_url=server.base_url,
                cache_dir=folder,
            )
            symbols = pair(i) if pair(i)[0] != pair(i)[1] else ["AAPL", "MSFT"]
            model = ScriptedModel(
                [call("company_comparison", {"symbols": symbols, "time_horizon": "1 year"}), "ok"]
            )
            barrier.wait()
            agent = FunctionCallingAgent.from_env(model=model, fmp_settings=settings)
            agent.client._as_of = SNAPSHOT_AS_OF  # the stand-in serves 2024 data
            result = agent.run("compare")
            if not all(c.ok for c in result.tool_calls):
                with lock:
                    failures += 1

        threads = [threading.Thread(target=work, args=(i,)) for i in range(agents)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started, failures


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--agents", type=int, nargs="+", default=[2, 20])
    options.add_argument("--latency", type=float, default=0.02)
    options.add_argument("--repeat", type=int, default=3)
    args = options.parse_args()
    print(
        f"FMP stand-in latency {args.latency * 1000:.0f} ms; medians of {args.repeat} "
        "interleaved runs; each agent asks one comparison of a different pair"
    )
    print(f"{'agents':>6} {'one folder':>11} {'own folders':>12} {'ratio':>7} {'failed':>7}")
    with RemoteStandIn(args.latency, {}) as server:
        one_round(server, 2, shared=False)  # warm-up: imports, server-side rendering
        for agents in args.agents:
            shared, separate, failed = [], [], 0
            for _ in range(args.repeat):
                seconds, bad = one_round(server, agents, shared=True)
                shared.append(seconds)
                failed += bad
                seconds, bad = one_round(server, agents, shared=False)
                separate.append(seconds)
                failed += bad
            s, p = statistics.median(shared), statistics.median(separate)
            print(f"{agents:6d} {s:10.2f}s {p:11.2f}s {s / p:6.1f}x {failed:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
