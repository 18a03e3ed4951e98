"""Where a piece of data came from and as of when — attached to every tool result."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

SNAPSHOT_LABEL = "offline snapshot"
RECORDING_LABEL = "recorded FMP responses"


def recording_label(recorded_at: datetime) -> str:
    """``recorded FMP responses from 2025-01-06 14:02 UTC``: replayed data says when it was live."""
    return f"{RECORDING_LABEL} from {recorded_at.strftime('%Y-%m-%d %H:%M UTC')}"


class Provenance(BaseModel):
    """``source`` is ``"fmp"`` (live API, maybe from the local cache), ``"snapshot"``, or
    ``"recording"`` (FMP answers recorded earlier and replayed: ``retrieved_at`` is when)."""

    model_config = ConfigDict(frozen=True)

    source: Literal["fmp", "snapshot", "recording"]
    endpoint: str
    as_of: date
    retrieved_at: datetime
    from_cache: bool = False

    @property
    def label(self) -> str:
        """A short human label, e.g. ``offline snapshot as of 2024-03-08``."""
        if self.source == "snapshot":
            return f"{SNAPSHOT_LABEL} as of {self.as_of.isoformat()}"
        if self.source == "recording":
            return recording_label(self.retrieved_at)
        when = self.retrieved_at.strftime("%Y-%m-%d %H:%M UTC")
        return f"FMP live data retrieved {when}" + (" (cached)" if self.from_cache else "")
