"""A switch that makes real (non-loopback) LLM or data requests fail loudly, for test runs.

Code that talks to the outside (the OpenAI model, the FMP HTTP transport) calls
``check_real_request`` first; ``finagent.testing.block_real_requests()`` turns the switch on.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .errors import FinagentError

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: RFC 2606 names can never reach a real server; tests use them with mocked transports.
RESERVED_SUFFIXES = (".test", ".invalid", ".example", ".localhost")
allow_real_requests = True


class RealRequestBlocked(FinagentError, AssertionError):
    """A test tried to reach a real service."""


def check_real_request(what: str, url: str | None) -> None:
    """Raise if real requests are blocked and ``url`` is not on this machine's loopback."""
    if allow_real_requests:
        return
    host = urlsplit(url or "").hostname
    if host not in LOOPBACK and not (host or "").endswith(RESERVED_SUFFIXES):
        raise RealRequestBlocked(
            f"Blocked a real {what} request to {host or 'the default server'}"
            " during a test run (use ScriptedModel or the snapshot)."
        )
