"""Speculative prefetch: while the first model call is in flight, fetch what the question's
companies will most likely need into the client's single-flight and cache, so the tool call the
model then makes finds its data ready or on its way.

It never changes a result: it only warms the same calls an orchestration makes (same endpoint,
same parameters), and what it fetched is used only if the model asks for it. It is bounded (at
most ``MAX_COMPANIES`` companies named in the question, through the client's rate limit and daily
quota), cancelled with the turn, billed to it (``fmp_prefetch_calls``), off offline (the snapshot
is local) or without the cache, and off with ``FINAGENT_PREFETCH=0`` or ``--no-prefetch``.

It also returns the comparison the offline planner would make for the question (of the warmed
companies only), which the agent runs as a speculative tool call: if
the model then asks for exactly that call, it takes the finished output (``finagent.speculation``).
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Callable
from concurrent.futures import Future, wait
from typing import Any

from finagent.errors import quietly
from finagent.llm import ToolCall
from orchestrations.base import worker_pool
from orchestrations.company import company_calls
from orchestrations.comparison import PARTS as COMPARISON_PARTS
from orchestrations.comparison import history_years
from orchestrations.snapshot import HISTORY_YEARS
from orchestrations.snapshot import PARTS as SNAPSHOT_PARTS
from tools import FMPClient

MAX_COMPANIES = 3
DATA_WAIT = 10.0  # seconds the speculative call waits for the warmed data at most


class Prefetcher:
    """``prefetcher(question)`` starts the likely calls and returns how many it started."""

    def __init__(self, client: FMPClient, max_companies: int = MAX_COMPANIES) -> None:
        self.client, self.max_companies = client, max_companies

    def plan(self, question: str) -> dict[Any, Callable[[], Any]]:
        """The calls the question's likely analysis will make: a company snapshot's for one
        company, a comparison's (over the horizon the question names) for two or more."""
        from .planner import horizon_in

        symbols = self.symbols(question)
        calls: dict[Any, Callable[[], Any]] = {}
        if len(symbols) == 1:
            calls.update(company_calls(self.client, symbols[0], SNAPSHOT_PARTS, HISTORY_YEARS))
        for symbol in symbols if len(symbols) > 1 else ():
            years = history_years(horizon_in(question))
            calls.update(company_calls(self.client, symbol, COMPARISON_PARTS, years))
        return calls

    def __call__(self, question: str) -> list[ToolCall]:
        """Warm the data; once it is in, return the comparison the question most likely leads to
        (the offline planner's, if it needs no companies beyond the warmed ones), which the agent
        runs as a speculative call. Waiting for the data keeps the speculative call within
        this pool's bound: it then finds every call answered, or failed, and sends none itself."""
        from .planner import plan

        started = self._start(question)
        if not started:
            return []
        wait(started, timeout=DATA_WAIT)
        symbols = set(self.symbols(question))
        return [call for call in plan(question, []) if _companies(call) <= symbols][:1]

    def _start(self, question: str) -> list[Future[None]]:
        if self.client.offline or self.client.cache_dir is None:
            return []  # offline data is local; without a cache, finished work could not be reused
        pool = worker_pool(self.client.max_concurrency)
        return [
            pool.submit(contextvars.copy_context().run, quietly, "a prefetched call", fn)
            for fn in self.plan(question).values()
        ]

    def symbols(self, question: str) -> list[str]:
        from .names import find_symbols

        return find_symbols(question)[0][: self.max_companies]


def _companies(call: ToolCall) -> set[str]:
    """The companies a guessed comparison needs. Nothing else qualifies: a snapshot also fetches
    its peers and a sector analysis its screener, which the warm-up does not, so a guess would
    send calls of its own."""
    if call.name != "company_comparison":
        return {"*"}
    return set(json.loads(call.arguments).get("symbols") or ["*"])
