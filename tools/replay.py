"""The two transports of recorded runs: one records what the live transport answers, one
serves a recording back with no key and no network (the folder format: ``tools.recording``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from finagent.usage import name_counters

from .errors import PlanRestrictedError, classify_message
from .ratelimit import CallCounter
from .recording import Recording, RecordingWriter, Refusal
from .transport import Fetched, Transport

name_counters({"recorded_reads": "recorded reads"})


class RecordingTransport:
    """Wraps the live transport: every answer it returns (and every plan refusal it raises) is
    also written to the recording. It sees endpoint and parameters only, never the key header.
    Anything else (``session``, ``notices``, ``cached``) is the live transport's."""

    source = "fmp"

    def __init__(self, inner: Transport, writer: RecordingWriter) -> None:
        self.inner, self.writer = inner, writer

    def __repr__(self) -> str:
        return f"RecordingTransport({self.inner!r}, to={str(self.writer.folder)!r})"

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet (copying, unpickling): no endless lookup
            raise AttributeError(name)
        return getattr(self.inner, name)

    def fetch(self, endpoint: str, params: dict[str, str], *, symbol: str | None) -> Fetched:
        try:
            fetched = self.inner.fetch(endpoint, params, symbol=symbol)
        except PlanRestrictedError as exc:
            if exc.detail is not None and exc.status is not None:  # FMP's answer, replayable
                self.writer.refusal(endpoint, params, Refusal(exc.status, exc.detail))
            raise
        self.writer.answer(endpoint, params, fetched.rows)
        return fetched

    def close(self) -> None:
        self.inner.close()


class ReplayCounter(CallCounter):
    """A call counter that also counts answers read from a recording (no FMP call is made)."""

    def __init__(self) -> None:
        super().__init__()
        self.recorded_reads = 0

    def record_replay_read(self) -> None:
        with self._lock:
            self.recorded_reads += 1
            self._bill("recorded_reads", 1)

    def snapshot(self) -> dict[str, int]:
        return super().snapshot() | {"recorded_reads": self.recorded_reads}


class ReplayTransport:
    """Serves a recording: the recorded rows, dated when they were recorded; a recorded plan
    refusal as the same ``PlanRestrictedError``; anything else ``NotInRecordingError``."""

    source = "recording"

    def __init__(self, recording: Recording, counter: ReplayCounter | None = None) -> None:
        self.recording = recording
        self.counter = counter or ReplayCounter()

    def __repr__(self) -> str:
        return f"ReplayTransport({self.recording!r})"

    def fetch(self, endpoint: str, params: Mapping[str, str], *, symbol: str | None) -> Fetched:
        self.counter.record_replay_read()
        answer = self.recording.answer(endpoint, params, symbol=symbol)
        if isinstance(answer, Refusal):
            raise classify_message(
                answer.error, endpoint=endpoint, symbol=symbol, status=answer.status, has_key=True
            )
        recorded_at = self.recording.manifest.recorded_at
        return Fetched(rows=answer, as_of=recorded_at.date(), retrieved_at=recorded_at)

    def close(self) -> None:
        pass
