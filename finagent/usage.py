"""Usage accounting per turn and per session: tokens, LLM calls, tool calls, data calls, time.

Data calls (FMP calls, cache hits) come from *meters*: objects with ``usage() -> dict[str, int]``
whose counters the agent reads before and after a turn. The core knows no data provider.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

#: how each meter counter reads in a summary line; a data layer registers its own names
COUNTER_NAMES: dict[str, str] = {}


def name_counters(names: dict[str, str]) -> None:
    """Register how a meter's counters read (``{"fmp_calls": "FMP calls"}``)."""
    COUNTER_NAMES.update(names)


class Meter(Protocol):
    def usage(self) -> dict[str, int]: ...


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 0
    tool_calls: int = 0
    seconds: float = 0.0
    counters: dict[str, int] = field(default_factory=dict)  # e.g. fmp_calls, fmp_cache_hits

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.llm_calls += other.llm_calls
        self.tool_calls += other.tool_calls
        self.seconds += other.seconds
        for key, value in other.counters.items():
            self.counters[key] = self.counters.get(key, 0) + value

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"total_tokens": self.total_tokens}

    def summary(self) -> str:
        """One line for the terminal: tokens, calls, data calls and seconds."""
        parts = [f"{self.total_tokens:,} tokens"] if self.total_tokens else []
        parts += [_count(self.llm_calls, "LLM call"), _count(self.tool_calls, "tool call")]
        parts += [
            f"{value} {COUNTER_NAMES.get(key, key.replace('_', ' '))}"
            for key, value in self.counters.items()
            if value
        ]
        parts.append(f"{self.seconds:.1f}s")
        return " · ".join(parts)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def read_meters(meters: list[Meter]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for meter in meters:
        for key, value in meter.usage().items():
            totals[key] = totals.get(key, 0) + value
    return totals


def diff_counters(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {key: after[key] - before.get(key, 0) for key in after}
