"""A chat request over the standard library, for the requests sent before the SDK is ready.

Importing the ``openai`` SDK takes about a quarter of a second on a small machine (it loads every
type module of the API) while a chat request needs only a POST. So ``OpenAIChatModel`` sends its
first requests with ``urllib.request`` (which reads the same proxy variables as the SDK) while
the SDK imports in the background. This module only carries bytes: statuses, retries and errors
are the model's business, decided the same way as for the SDK's replies.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RawReply:
    status: int
    body: bytes
    retry_after: str | None = None

    def error_detail(self) -> tuple[str, str]:
        """(message, code) of an OpenAI-style error body, or the body's text."""
        try:
            error = json.loads(self.body).get("error")
        except (ValueError, AttributeError):
            error = None
        if isinstance(error, dict):
            return str(error.get("message") or error), str(error.get("code") or "")
        if isinstance(error, str):
            return error, ""
        return self.body.decode("utf-8", "replace").strip() or f"HTTP {self.status}", ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirected POST is left to the SDK (urllib would turn it into a GET)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post_json(url: str, payload: Any, headers: dict[str, str], timeout: float) -> RawReply:
    """POST ``payload`` as JSON. Every HTTP status comes back as a ``RawReply``; a network
    failure raises ``OSError`` (a ``TimeoutError``, or a ``URLError`` whose ``reason`` is one,
    when the server was too slow)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
        method="POST",
    )
    handlers: list[Any] = [_NoRedirects]
    if url.startswith("https:"):
        handlers.append(urllib.request.HTTPSHandler(context=_tls_context()))
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            return RawReply(response.status, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return RawReply(error.code, error.read(), error.headers.get("retry-after"))


def _tls_context() -> Any:
    """The certificates the SDK's HTTP client trusts: ``SSL_CERT_FILE``/``SSL_CERT_DIR``, else
    certifi's bundle (not the system's, which a slim container may lack)."""
    import ssl

    cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    if not (cafile or capath):
        try:
            import certifi

            cafile = certifi.where()
        except ImportError:  # the system's certificates, then
            pass
    return ssl.create_default_context(cafile=cafile, capath=capath)


def timed_out(error: OSError) -> bool:
    return isinstance(error, TimeoutError) or isinstance(
        getattr(error, "reason", None), TimeoutError
    )
