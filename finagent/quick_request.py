"""A chat request over the standard library, for the requests sent before the SDK is ready.

Importing the ``openai`` SDK takes about a quarter of a second on a small machine (it loads every
type module of the API) while a chat request needs only a POST. So ``OpenAIChatModel`` sends its
first requests with ``urllib.request`` while the SDK imports in the background. Only where urllib
and the SDK's HTTP client (httpx2) behave alike: ``usable`` turns the quick path down for
anything else (SOCKS or ``ALL_PROXY`` proxies, custom headers, a query or credentials in the base
URL, no retries to spend). Retry decisions mirror the SDK's (``should_retry``, ``retry_wait``;
``tests/test_openai_errors.py`` holds them to the SDK's own methods). This module only carries
bytes: statuses and errors are the model's business, mapped as for the SDK's replies.
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The SDK's retry constants (``openai._constants``).
INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, MAX_RETRY_AFTER_DELAY = 0.5, 8.0, 120.0


@dataclass(frozen=True)
class RawReply:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case

    def text(self) -> str:
        """The body as text, in the charset the server named (UTF-8 if none)."""
        charset = re.search(r"charset=([\w.-]+)", self.headers.get("content-type", ""), re.I)
        try:
            return self.body.decode(charset.group(1) if charset else "utf-8", "replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", "replace")

    def error_detail(self) -> tuple[str, str]:
        """(message, code) of an OpenAI-style error body, or the body's text."""
        try:
            error = json.loads(self.text()).get("error")
        except (ValueError, AttributeError):
            error = None
        if isinstance(error, dict):
            return str(error.get("message") or error), str(error.get("code") or "")
        if isinstance(error, str):
            return error, ""
        return self.text().strip() or f"HTTP {self.status}", ""


def usable(base_url: str, max_retries: int, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a quick request means what the SDK's would. With no retries to spend, a quick
    attempt that failed on the way could not be tried again by the SDK: the SDK goes alone."""
    parts = urllib.parse.urlsplit(base_url)
    proxies = [v for k, v in environ.items() if k.lower().endswith("_proxy") and v]
    return (
        max_retries > 0
        and parts.scheme in ("http", "https")
        and not (parts.query or parts.username or parts.password)
        and not environ.get("OPENAI_CUSTOM_HEADERS")
        and not any(k.lower() == "all_proxy" for k, v in environ.items() if v)
        and not any(v.lower().startswith("socks") for v in proxies)
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is left to the SDK (urllib would turn a redirected POST into a GET)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post_json(
    url: str,
    payload: Any,
    headers: dict[str, str],
    timeout: float,
    on_send: Callable[[], None] = lambda: None,
) -> RawReply:
    """POST ``payload`` as JSON (encoded as httpx encodes it), calling ``on_send`` once the
    request is ready to leave. Every HTTP status comes back as a ``RawReply``; a failure on the
    way raises ``OSError``, ``http.client.HTTPException`` or ``ValueError``."""
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    request = urllib.request.Request(
        url,
        data=body.encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
        method="POST",
    )
    handlers: list[Any] = [urllib.request.ProxyHandler(urllib.request.getproxies_environment())]
    handlers.append(_NoRedirects)
    if url.startswith("https:"):
        handlers.append(urllib.request.HTTPSHandler(context=_tls_context()))
    opener = urllib.request.build_opener(*handlers)
    on_send()
    try:
        with opener.open(request, timeout=timeout) as response:
            return _raw(response.status, response.read(), response.headers)
    except urllib.error.HTTPError as error:
        with error:
            return _raw(error.code, error.read(), error.headers)


def _raw(status: int, body: bytes, headers: Any) -> RawReply:
    lowered = {k.lower(): v for k, v in headers.items()}
    encoding = lowered.get("content-encoding", "").lower()
    if encoding in ("gzip", "deflate"):  # sent though not asked for: httpx would decode it
        import zlib

        body = zlib.decompress(body, 31 if encoding == "gzip" else 15)
    return RawReply(status, body, lowered)


def should_retry(reply: RawReply) -> bool:
    """The SDK's rule (``_should_retry``): a long Retry-After, then ``x-should-retry``, then
    408, 409, 429 and 5xx."""
    wait = _retry_after(reply.headers)
    if wait is not None and math.isfinite(wait) and wait > MAX_RETRY_AFTER_DELAY:
        return False
    said = reply.headers.get("x-should-retry")
    if said in ("true", "false"):
        return said == "true"
    return reply.status in (408, 409, 429) or reply.status >= 500


def retry_wait(reply: RawReply | None = None, retries_done: int = 0) -> float:
    """The SDK's wait before a retry (``_calculate_retry_timeout``): the server's, up to two
    minutes, else (or with no reply at all) an exponential back-off with jitter."""
    wait = _retry_after(reply.headers) if reply is not None else None
    if wait is not None and math.isfinite(wait) and 0 < wait <= MAX_RETRY_AFTER_DELAY:
        return wait
    backoff = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_done, 1000), MAX_RETRY_DELAY)
    return max(0.0, backoff * (1 - 0.25 * random.random()))


def _retry_after(headers: Mapping[str, str]) -> float | None:
    for name, divisor in (("retry-after-ms", 1000), ("retry-after", 1)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            delay = float(value)
        except ValueError:
            continue
        if delay == math.inf and value.strip().lower() not in (
            "inf",
            "+inf",
            "infinity",
            "+infinity",
        ):
            return MAX_RETRY_AFTER_DELAY + 1
        return delay / divisor
    try:
        date = email.utils.parsedate_tz(headers.get("retry-after"))  # type: ignore[arg-type]
        return None if date is None else float(email.utils.mktime_tz(date) - time.time())
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _tls_context() -> Any:
    """The certificates the SDK's HTTP client trusts (``httpcore2.default_ssl_context``, on
    Linux): ``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else OpenSSL's compiled-in paths or the
    usual bundle files. (Elsewhere the system's; a failed handshake is then the SDK's to retry.)"""
    import ssl

    if cafile := os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=cafile)
    if capath := os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=capath)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    paths = ssl.get_default_verify_paths()
    cafile = paths.openssl_cafile if os.path.isfile(paths.openssl_cafile) else None
    capath = paths.openssl_capath if os.path.isdir(paths.openssl_capath) else None
    if capath and not cafile:
        if not any(re.fullmatch(r"[0-9a-fA-F]{8}\.\d", f) for f in os.listdir(capath)):
            capath = None
    if not cafile and not capath:
        cafile = next(filter(os.path.isfile, _CA_FILES), None)
    if cafile or capath:
        context.load_verify_locations(cafile, capath)
    return context


_CA_FILES = (
    "/etc/ssl/cert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/cert.pem",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/ssl/ca-bundle.pem",
)
