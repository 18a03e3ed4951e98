"""What preparing the verifier saves: checking an answer against a comparison's facts with cold
caches, against after ``Verifier.prepare(facts)`` (which the agent runs while the model writes the
answer). Same process, interleaved rounds, medians.

    python bench/verify_prepare.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finagent.app.names import NamedVerifier
from finagent.testing.fmp import snapshot_client
from finagent.verify import metrics
from orchestrations import CompanyComparison

ANSWER = (
    "Microsoft's operating margin was 41.8% in FY2023 against Alphabet's 27.4%; Microsoft "
    "trades at 42.0x earnings vs 23.3x for Alphabet. Over three years Microsoft returned 83.4% "
    "and Alphabet 34.9%, with max drawdowns of -37.1% and -44.3%."
)


def cold_caches() -> None:
    for cached in (metrics._keywords, metrics._label_words, metrics.word_pattern):
        cached.cache_clear()


def check_ms(facts: list, prepared: bool) -> float:
    cold_caches()
    verifier = NamedVerifier()
    if prepared:
        verifier.prepare(facts)
    started = time.perf_counter()
    verifier(ANSWER, facts, current=facts)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=15)
    rounds = options.parse_args().rounds
    facts = (
        CompanyComparison(snapshot_client())
        .run(symbols=["MSFT", "GOOGL"], time_horizon="3 years")
        .facts
    )
    check_ms(facts, False)  # warm-up: imports and the company names
    cold, prepared = [], []
    for _ in range(rounds):
        cold.append(check_ms(facts, False))
        prepared.append(check_ms(facts, True))
    a, b = statistics.median(cold), statistics.median(prepared)
    print(f"checking an 8-figure answer against {len(facts)} facts, median of {rounds} rounds:")
    print(f"  cold caches         {a:6.1f} ms")
    print(f"  after prepare()     {b:6.1f} ms  ({b / a:.2f}x)")


if __name__ == "__main__":
    main()
