"""FMP-aware testing helpers (wiring, outside the FMP-agnostic core).

- ``snapshot_client()``: an ``FMPClient`` on the bundled offline snapshot (no network, no cache).
- ``FMPStandIn``: a local FMP-like HTTP server on 127.0.0.1 that answers the stable API's paths
  from the snapshot (or from fixtures you give it), with optional latency, a required key, and
  the free plan's refusals (402 plain text) for what the snapshot lacks. Point a real client at it:
  ``FMPClient(api_key=stand_in.api_key, base_url=stand_in.base_url, cache=False)``.
  ``FMPStandIn(replay=DIR)`` serves a recording (``FMPClient(record=DIR)``) instead of the snapshot.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from finagent.testing.servers import LocalServer, Request, Response, json_response
from tools import FMPClient
from tools.errors import NotInSnapshotError, RecordingError
from tools.recording import Recording, Refusal
from tools.snapshot import SnapshotTransport


def snapshot_client() -> FMPClient:
    """A client on the offline snapshot, as of 2024-03-08."""
    return FMPClient(offline=True, cache=False)


class FMPStandIn(LocalServer):
    """Serve ``/stable/<endpoint>`` like FMP does, from the snapshot and ``fixtures``.

    ``fixtures`` maps an endpoint (``"quote"``) or ``(endpoint, symbol)`` to a JSON payload, or to
    a callable ``(request) -> (status, headers, body)`` for errors. ``override(endpoint, query)``,
    settable at any time, may return an answer that replaces every other. ``latency`` seconds
    are added to every answer. With an ``api_key``, requests without it get FMP's 401 (``None``
    accepts any key). What no fixture answers comes from the snapshot, or from
    ``fallback(endpoint, query)`` when given, or with ``replay=DIR`` from that recording: its
    rows, its plan refusals, and a 404 naming the request and the folder for anything else.
    ``requests`` records what arrived; ``max_inflight`` the most requests served at once.
    """

    def __init__(
        self,
        *,
        api_key: str | None = "test-fmp-key",
        latency: float = 0.0,
        fixtures: dict[Any, Any] | None = None,
        override: Callable[[str, dict[str, str]], Response | None] | None = None,
        fallback: Callable[[str, dict[str, str]], Response] | None = None,
        replay: str | Path | None = None,
    ) -> None:
        self.api_key, self.latency = api_key, latency
        self.fixtures = dict(fixtures or {})
        self.override = override
        self.inflight = self.max_inflight = 0
        self._inflight_lock = threading.Lock()
        self.recording = Recording(replay) if replay is not None else None
        if self.recording is not None and fallback is None:
            fallback = self._from_recording
        self.fallback = fallback
        self._snapshot = SnapshotTransport() if fallback is None else None
        self._rendered: dict[tuple[str, tuple[tuple[str, str], ...]], Response] = {}
        super().__init__(self._handle)

    @property
    def base_url(self) -> str:
        return self.url + "/stable"

    @property
    def count(self) -> int:
        """How many requests reached the server."""
        return self.calls()

    def client(self, **options: Any) -> FMPClient:
        """A live-mode client pointed at this server, dated like the data it serves."""
        from tools.snapshot import SNAPSHOT_AS_OF

        options.setdefault("cache", False)
        options.setdefault(
            "as_of", self.recording.manifest.as_of if self.recording else SNAPSHOT_AS_OF
        )
        return FMPClient(api_key=self.api_key or "test-fmp-key", base_url=self.base_url, **options)

    def calls(self, endpoint: str | None = None) -> int:
        """How many requests reached the server (for one endpoint, if given)."""
        return sum(
            1
            for r in self.requests
            if r.path != "/__stats" and (endpoint is None or r.path == f"/stable/{endpoint}")
        )

    def _handle(self, request: Request) -> Response:
        if request.path == "/__stats":  # not FMP: lets another process count the requests
            return json_response(200, {"requests": self.calls()})
        with self._inflight_lock:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            if self.latency:
                time.sleep(self.latency)  # simulated network latency, server side
            return self._answer(request)
        finally:
            with self._inflight_lock:
                self.inflight -= 1

    def _answer(self, request: Request) -> Response:
        if self.api_key is not None and request.headers.get("apikey") != self.api_key:
            return json_response(
                401,
                {
                    "Error Message": "Invalid API KEY. Feel free to create a "
                    "Free API Key or visit https://site.financialmodelingprep"
                    ".com/faqs?search=why-is-my-api-key-invalid"
                },
            )
        endpoint = request.path.removeprefix("/stable/")
        if self.override is not None:
            custom = self.override(endpoint, request.query)
            if custom is not None:
                return custom
        symbol = request.query.get("symbol")
        fixture = self.fixtures.get((endpoint, symbol), self.fixtures.get(endpoint))
        if callable(fixture):
            return fixture(request)
        if fixture is not None:
            return json_response(200, fixture)
        if self.fallback is not None:
            return self.fallback(endpoint, request.query)
        key = (endpoint, tuple(sorted(request.query.items())))
        if key not in self._rendered:  # render each answer once: the server stays cheap
            self._rendered[key] = self._from_snapshot(endpoint, request.query, symbol)
        return self._rendered[key]

    def _from_snapshot(self, endpoint: str, query: dict[str, str], symbol: str | None) -> Response:
        assert self._snapshot is not None
        try:
            fetched = self._snapshot.fetch(endpoint, query, symbol=symbol)
        except NotInSnapshotError as exc:
            if symbol and "no data for" in str(exc):
                return json_response(200, [])  # FMP's answer for an unknown symbol
            return (
                402,
                {"Content-Type": "text/plain"},
                (
                    f"Restricted Endpoint: This endpoint is not available under your current "
                    f"subscription ({endpoint})."
                ).encode(),
            )
        return 200, {"Content-Type": "application/json"}, json.dumps(fetched.rows).encode()

    def _from_recording(self, endpoint: str, query: dict[str, str]) -> Response:
        assert self.recording is not None
        try:
            answer = self.recording.answer(endpoint, query)
        except RecordingError as exc:  # not recorded: a loud 404, never an empty answer
            return json_response(404, {"Error Message": str(exc)})
        if isinstance(answer, Refusal):
            return json_response(answer.status, {"Error Message": answer.error})
        return json_response(200, answer)


def error(
    status: int,
    body: str,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Callable[[Request], Response]:
    """A fixture answering an error: ``error(429, '{"Error Message": "Limit Reach"}')``."""
    return lambda request: (
        status,
        {"Content-Type": content_type, **(headers or {})},
        body.encode(),
    )


def main(argv: list[str] | None = None) -> None:
    """Run a stand-in in this process until killed: ``python -m finagent.testing.fmp``.

    Prints its base URL on the first line. For benchmarks that want the server's CPU off the
    client's process, and for trying the CLI against a local "live" FMP.
    """
    import argparse
    import sys
    import threading

    options = argparse.ArgumentParser(description=main.__doc__)
    options.add_argument("--latency", type=float, default=0.0)
    options.add_argument("--api-key", default="test-fmp-key")
    options.add_argument("--fixtures", help="JSON object: endpoint -> payload")
    options.add_argument("--replay", metavar="DIR", help="serve this recording, not the snapshot")
    args = options.parse_args(argv)
    fixtures = json.loads(open(args.fixtures).read()) if args.fixtures else {}
    server = FMPStandIn(
        api_key=args.api_key, latency=args.latency, fixtures=fixtures, replay=args.replay
    ).start()
    print(server.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
        sys.exit(0)


if __name__ == "__main__":
    main()
