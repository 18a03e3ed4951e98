"""A tiny threaded HTTP server on 127.0.0.1 for stand-ins (shared by the OpenAI and FMP ones)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many parallel connects must not wait on a short backlog


class Request:
    """One request as the server saw it; ``raw_path`` includes the query string."""

    def __init__(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        raw_path: str = "",
    ) -> None:
        self.method, self.path, self.query, self.headers = method, path, query, headers
        self.body, self.raw_path = body, raw_path or path

    def json(self) -> Any:
        return json.loads(self.body or b"null")


Response = tuple[int, dict[str, str], bytes | Callable[[Any], None]]


class LocalServer:
    """Runs ``handle(request) -> (status, headers, body)`` on 127.0.0.1 in a background thread.

    ``body`` may be a callable that writes to the socket file itself (for streaming). Use as a
    context manager; ``url`` is the base address; ``requests`` records every request seen.
    """

    def __init__(self, handle: Callable[[Request], Response]) -> None:
        self.handle = handle
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, the client's delayed ACK
            # stalls every keep-alive answer by ~40 ms. A stand-in must not add latency.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _serve(self) -> None:
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    self.command,
                    split.path,
                    dict(parse_qsl(split.query, keep_blank_values=True)),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                    self.path,
                )
                with outer._lock:
                    outer.requests.append(request)
                status, headers, body = outer.handle(request)
                try:
                    self._answer(status, headers, body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (a timeout): not an error

            def _answer(
                self, status: int, headers: dict[str, str], body: bytes | Callable[[Any], None]
            ) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if callable(body):
                    self.send_header("Connection", "close")
                    self.end_headers()
                    body(self.wfile)
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _serve

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(payload).encode(),
    )
