"""Gather benchmark: concurrent orchestration gathers vs one call at a time, over a local
FMP-like server with a fixed per-request latency (default 100 ms), in one process.

    python bench/gather.py [--latency 0.1] [--repeat 3]

Prints, per orchestration: wall time of our gather, of a sequential baseline making the same
calls one by one, their ratio, the gather in round trips, HTTP calls, calls on an immediate
repeat with the cache on, and the prompt size in tokens (characters / 4).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finagent.tokens import text_tokens
from orchestrations import CompanyComparison, SectorAnalysis
from orchestrations.company import company_calls
from orchestrations.sector import PARTS as SECTOR_PARTS
from tools import (
    FMPClient,
    screen_sector,
)
from tools.snapshot import load_universe

TECH = ["MSFT", "AAPL", "NVDA", "AMD", "ORCL"]


def targets(symbol: str) -> list[dict]:
    return [
        {
            "symbol": symbol,
            "targetHigh": 500.0,
            "targetLow": 300.0,
            "targetConsensus": 450.0,
            "targetMedian": 455.0,
        }
    ]


def screener_rows() -> list[dict]:
    """The screener answer the stand-in gives: the five tech names with data, largest first."""
    by_symbol = {c.symbol: c for c in load_universe()}
    return [
        {
            "symbol": s,
            "companyName": by_symbol[s].name,
            "marketCap": by_symbol[s].market_cap,
            "sector": "Technology",
            "industry": by_symbol[s].industry,
        }
        for s in TECH
    ]


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def sequential(calls: dict) -> None:
    for fn in calls.values():
        try:
            fn()
        except Exception:
            pass


class RemoteStandIn:
    """The FMP stand-in in its own process, so its CPU is not charged to the client's gather."""

    def __init__(self, latency: float, fixtures: dict) -> None:
        self.fixtures = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(fixtures, self.fixtures)
        self.fixtures.close()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "finagent.testing.fmp",
                "--latency",
                str(latency),
                "--fixtures",
                self.fixtures.name,
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        self.base_url = self.process.stdout.readline().strip()
        self.api_key = "test-fmp-key"

    def client(self, **options) -> FMPClient:
        from tools.snapshot import SNAPSHOT_AS_OF

        options.setdefault("cache", False)
        return FMPClient(
            api_key=self.api_key, base_url=self.base_url, as_of=SNAPSHOT_AS_OF, **options
        )

    def calls(self) -> int:
        with urllib.request.urlopen(self.base_url.removesuffix("/stable") + "/__stats") as answer:
            return json.loads(answer.read())["requests"]

    def __enter__(self) -> RemoteStandIn:
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(5)
        os.unlink(self.fixtures.name)


def run(latency: float, repeat: int) -> int:
    rows = []
    # A plan that covers the screener and price targets (a free plan answers 402 to both, and
    # refusals are never cached, so there a repeat re-asks for them).
    fixtures = {"company-screener": screener_rows(), "price-target-consensus": targets("X")}
    with RemoteStandIn(latency, fixtures) as server:
        client = server.client()
        comparison, sector = CompanyComparison(client), SectorAnalysis(client)
        cmp_params = comparison.Params(symbols=["MSFT", "GOOGL"], time_horizon="3 years")
        sec_params = sector.Params(sector="Technology", top_n=5)

        def cmp_baseline() -> None:
            calls: dict = {}
            for symbol in cmp_params.symbols:
                calls.update(
                    company_calls(
                        client,
                        symbol,
                        ("quote", "profile", "income", "balance", "cash", "prices", "targets"),
                        3.0,
                    )
                )
            sequential(calls)

        def sec_baseline() -> None:
            screen_sector("Technology", limit=5, client=client)
            calls: dict = {}
            for symbol in TECH:
                calls.update(company_calls(client, symbol, SECTOR_PARTS, 1.05))
            sequential(calls)

        cases = [
            ("comparison MSFT/GOOGL 3y", comparison, cmp_params, cmp_baseline, 1),
            ("sector Technology top 5", sector, sec_params, sec_baseline, 2),
        ]
        for name, orchestration, params, baseline, rounds in cases:
            before = server.calls()
            orchestration.gather(params)  # warm-up: connections, server-side rendering
            calls = server.calls() - before  # the first run's calls (plan refusals included)
            before = server.calls()
            ours, theirs = [], []
            for _ in range(repeat):  # interleaved, so machine drift hits both alike
                ours.append(timed(lambda o=orchestration, p=params: o.gather(p)))
                theirs.append(timed(baseline))
            with tempfile.TemporaryDirectory() as folder:
                cached = server.client(cache=True, cache_dir=Path(folder))
                type(orchestration)(cached).run(**params.model_dump())
                first = server.calls()
                result = type(orchestration)(cached).run(**params.model_dump())
                repeat_calls = server.calls() - first
            g, b = statistics.median(ours), statistics.median(theirs)
            rows.append(
                (
                    name,
                    g,
                    b,
                    b / g,
                    g / (rounds * latency),
                    rounds,
                    calls,
                    repeat_calls,
                    text_tokens(result.prompt()),
                )
            )
    print(f"latency {latency * 1000:.0f} ms per request; medians of {repeat} interleaved runs")
    print(
        f"{'case':27} {'gather':>8} {'sequential':>11} {'speed-up':>9} "
        f"{'gather/rounds':>14} {'HTTP calls':>11} {'repeat calls':>13} {'prompt tokens':>14}"
    )
    for name, g, b, ratio, per_round, rounds, calls, again, tokens in rows:
        print(
            f"{name:27} {g * 1000:6.0f}ms {b * 1000:9.0f}ms {ratio:8.1f}x "
            f"{per_round:6.2f}x of {rounds} {calls:11d} {again:13d} {tokens:14d}"
        )
    return 0


if __name__ == "__main__":
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--latency", type=float, default=0.1)
    options.add_argument("--repeat", type=int, default=3)
    args = options.parse_args()
    sys.exit(run(args.latency, args.repeat))
