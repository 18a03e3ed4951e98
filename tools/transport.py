"""How the client gets FMP-shaped rows: over HTTP, from the bundled snapshot, or from a recording
of earlier HTTP answers (``tools.replay``).

The transports answer ``fetch(endpoint, params)`` with the same ``Fetched`` record and raise the
same typed errors, so the tools and everything above them run unchanged on any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Fetched:
    """Rows of one answer, and when they were true (``as_of``) and fetched (``retrieved_at``)."""

    rows: list[dict[str, Any]]
    as_of: date
    retrieved_at: datetime
    from_cache: bool = False


class Transport(Protocol):
    source: str  # "fmp", "snapshot" or "recording"

    def fetch(self, endpoint: str, params: dict[str, str], *, symbol: str | None) -> Fetched:
        """Return the rows for ``endpoint`` with ``params``, or raise an ``FMPError``."""
        ...

    def close(self) -> None: ...
