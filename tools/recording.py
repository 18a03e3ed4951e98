"""Recorded FMP answers on disk: one JSON file per distinct request, and a manifest.

A recording pins a script's test to real data without a key (the VCR habit): a live run writes
what FMP answered (``FMPClient(record=DIR)``), and a replay serves it back with no key and no
network (``FMPClient(replay=DIR)``, ``FMPStandIn(replay=DIR)``).

Layout: ``DIR/<endpoint>/<query>.json``. The query is the request's parameters, key-sorted and
URL-quoted (``quote/symbol=MSFT.json``, ``income-statement/limit=5&period=annual&symbol=MSFT.json``,
``no-params.json`` without any); a name too long for a file system keeps a readable start and ends
in a hash of the whole query. A file holds the JSON array FMP answered, or, for a plan refusal
(HTTP 402/403: ``PlanRestrictedError``), ``{"status": 402, "error": "<FMP's words>"}`` — analyses
branch on refusals (the sector analysis falls back to the bundled list), so a replay must meet them
too. Nothing else is recorded: rate limits, server errors, timeouts and key errors say nothing
about the data, and a replay asked for them fails with ``NotInRecordingError``.

The key never reaches the folder: it travels in a header the recorder never sees, an ``apikey``
parameter is dropped, and every name and byte written is scrubbed of it (and of every registered
secret). ``manifest.json`` says when, as of which day and under which base path the answers were
recorded, how many there are and by which finagent; never a host, a query string or a key.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

from finagent.secrets import MASK, redact

from .errors import NotInRecordingError, RecordingError
from .provenance import recording_label

MANIFEST = "manifest.json"
FORMAT = "finagent-fmp-recording"
FORMAT_VERSION = 1
NO_PARAMS = "no-params"
MAX_NAME = 150  # characters of a file name (ASCII after quoting); file systems allow 255 bytes
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def request_file(endpoint: str, params: Mapping[str, str]) -> PurePosixPath:
    """The file of one request, relative to the recording: stable, readable, key-free."""
    parts = endpoint.strip("/").split("/")
    if not all(_SEGMENT.fullmatch(part) for part in parts):
        raise RecordingError(f"Cannot record endpoint {endpoint!r}: not a plain FMP path.")
    query = "&".join(
        f"{quote(str(key), safe='')}={quote(str(value), safe=',')}"
        for key, value in sorted(params.items())
        if str(key).lower() != "apikey"
    )
    name = query or NO_PARAMS
    if len(name) > MAX_NAME:
        name = f"{name[:100]}~{hashlib.sha256(query.encode()).hexdigest()[:16]}"
    return PurePosixPath(*parts, f"{name}.json")


def describe(endpoint: str, params: Mapping[str, str]) -> str:
    """A request as a person reads it: ``quote?symbol=MSFT`` (key-free, parameters sorted)."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k.lower() != "apikey")
    return f"{endpoint}?{query}" if query else endpoint


class Refusal(NamedTuple):
    """A recorded plan refusal: FMP's status and its own words."""

    status: int
    error: str


@dataclass(frozen=True)
class Manifest:
    recorded_at: datetime  # UTC, when the (latest) recording session started
    as_of: date  # the day price windows were measured back from; a replay uses it again
    base_path: str  # the path of the base URL, e.g. "/stable"
    count: int  # request files in the folder
    finagent_version: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "recorded_at": self.recorded_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "as_of": self.as_of.isoformat(),
                "base_path": self.base_path,
                "count": self.count,
                "finagent_version": self.finagent_version,
            },
            indent=1,
        )

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        """The folder's manifest; None if it has none; ``RecordingError`` if it is unreadable."""
        path = folder / MANIFEST
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
                raise ValueError("not a finagent recording of a known format")
            return cls(
                recorded_at=datetime.strptime(data["recorded_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
                    tzinfo=timezone.utc
                ),
                as_of=date.fromisoformat(data["as_of"]),
                base_path=str(data["base_path"]),
                count=int(data["count"]),
                finagent_version=str(data["finagent_version"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise RecordingError(
                f"{path} is not a readable finagent recording manifest: {exc}"
            ) from None


class RecordingWriter:
    """Writes a live run's answers into ``folder`` (thread-safe; each file replaced atomically).

    A new or empty folder starts a recording; a folder that holds one recorded as of the same day
    is added to (a request recorded again is replaced). Anything else is refused before the run
    starts, so a recording never mixes days or lands among unrelated files.
    """

    def __init__(
        self, folder: str | Path, *, base_url: str, as_of: date, secrets: Iterable[str] = ()
    ) -> None:
        from finagent import __version__

        self.folder = Path(folder)
        self._secrets = tuple(s for s in secrets if s)
        self._lock = threading.Lock()
        previous = self._check_folder(as_of)
        self._files = (
            {p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.json")}
            - {MANIFEST}
            if previous
            else set()
        )
        self.manifest = Manifest(
            recorded_at=datetime.now(timezone.utc).replace(microsecond=0),
            as_of=as_of,
            base_path=self._scrub(urlsplit(base_url).path.rstrip("/") or "/"),
            count=len(self._files),
            finagent_version=__version__,
        )
        with self._lock:
            self._write(MANIFEST, self.manifest.to_json())

    @property
    def count(self) -> int:
        return len(self._files)

    def answer(self, endpoint: str, params: Mapping[str, str], rows: list[Any]) -> None:
        """Record a good answer: the rows as FMP sent them, one per line (readable diffs)."""
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        self._record(endpoint, params, f"[\n{lines}\n]\n" if rows else "[]\n")

    def refusal(self, endpoint: str, params: Mapping[str, str], refusal: Refusal) -> None:
        """Record a plan refusal; a replay raises the same ``PlanRestrictedError`` from it."""
        self._record(endpoint, params, json.dumps(refusal._asdict(), ensure_ascii=False) + "\n")

    def _record(self, endpoint: str, params: Mapping[str, str], text: str) -> None:
        name = self._scrub(request_file(endpoint, params).as_posix())
        with self._lock:
            self._write(name, self._scrub(text))
            if name not in self._files:
                self._files.add(name)
                self.manifest = replace(self.manifest, count=len(self._files))
                self._write(MANIFEST, self.manifest.to_json())

    def _write(self, name: str, text: str) -> None:
        path = self.folder / name
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise RecordingError(f"Could not write the recording in {self.folder}: {exc}") from None

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return redact(text)

    def _check_folder(self, as_of: date) -> bool:
        """True when the folder already holds a recording this run adds to."""
        if self.folder.exists() and not self.folder.is_dir():
            raise RecordingError(f"Cannot record into {self.folder}: it is a file.")
        if not self.folder.exists():
            return False
        previous = Manifest.read(self.folder)
        if previous is None:
            if any(self.folder.iterdir()):
                raise RecordingError(
                    f"Cannot record into {self.folder}: it is not empty and holds no finagent "
                    f"recording ({MANIFEST}). Record into a new or empty folder."
                )
            return False
        if previous.as_of != as_of:
            raise RecordingError(
                f"{self.folder} holds answers recorded as of {previous.as_of}; this run is as "
                f"of {as_of}. A replay can use one day only: record into a new folder."
            )
        return True


class Recording:
    """A recording folder, read back: ``answer(endpoint, params)`` or a precise error."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        manifest = Manifest.read(self.folder) if self.folder.is_dir() else None
        if manifest is None:
            raise RecordingError(
                f"No finagent recording in {self.folder} (no {MANIFEST}). Make one with "
                "`finagent ask ... --record DIR` or FMPClient(record=DIR)."
            )
        self.manifest = manifest

    def __repr__(self) -> str:
        return f"Recording({str(self.folder)!r}, recorded_at={self.manifest.recorded_at})"

    @property
    def label(self) -> str:
        """``recorded FMP responses from 2025-01-06 14:02 UTC``."""
        return recording_label(self.manifest.recorded_at)

    def answer(
        self, endpoint: str, params: Mapping[str, str], *, symbol: str | None = None
    ) -> list[Any] | Refusal:
        """The recorded rows, or the recorded refusal; ``NotInRecordingError`` when absent."""
        relative = request_file(endpoint, params)
        path = self.folder / relative
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise self.missing(endpoint, params, symbol) from None
        except (OSError, ValueError) as exc:
            raise RecordingError(f"Recorded answer {path} is unreadable: {exc}") from None
        if isinstance(data, list):
            return data
        if isinstance(data, dict) and {"status", "error"} <= data.keys():
            return Refusal(int(data["status"]), str(data["error"]))
        raise RecordingError(f"Recorded answer {path} is neither FMP rows nor a refusal.")

    def missing(
        self, endpoint: str, params: Mapping[str, str], symbol: str | None = None
    ) -> NotInRecordingError:
        """The error for a request the run never made: what was asked, where, and what the
        recording holds for that endpoint instead (a different date or symbol shows at once)."""
        folder = self.folder / request_file(endpoint, params).parent
        held = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
        instead = (
            f" It holds {endpoint} for: {', '.join(held[:6])}{', ...' if len(held) > 6 else ''}."
            if held
            else f" It holds no {endpoint} answer."
        )
        return NotInRecordingError(
            f"{describe(endpoint, params)} is not in the recording at {self.folder} "
            f"({self.label}, {self.manifest.count} requests).{instead} Record the run again "
            "(--record DIR) to include it.",
            endpoint=endpoint,
            symbol=symbol,
        )
