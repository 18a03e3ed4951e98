"""How long one data call takes to fail when FMP misbehaves, with the client's defaults.

    python bench/fault_times.py [--hang 200]

Two local stand-ins on 127.0.0.1: one that accepts the request and never answers (up to
``--hang`` seconds), one that answers 429 with ``Retry-After: 30`` every time. Prints the seconds
until ``get_quote`` gives up on each, and the error type.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finagent.testing.servers import LocalServer, json_response
from tools import FMPClient, get_quote


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--hang", type=float, default=200.0)
    args = options.parse_args()
    release = threading.Event()

    def hang(request):
        release.wait(args.hang)
        return json_response(200, [{"symbol": "AAPL", "price": 1.0}])

    def retry_after(request):
        return json_response(429, {"Error Message": "Limit Reach"}, {"Retry-After": "30"})

    for name, handler in (("hanging server", hang), ("429 Retry-After: 30", retry_after)):
        with LocalServer(handler) as server, tempfile.TemporaryDirectory() as folder:
            client = FMPClient(api_key="k", base_url=server.url + "/stable", cache_dir=folder)
            started = time.perf_counter()
            try:
                get_quote("AAPL", client=client)
                outcome = "answered"
            except Exception as exc:
                outcome = type(exc).__name__
            print(f"{name:22} {time.perf_counter() - started:7.1f}s  {outcome}", flush=True)
            release.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
