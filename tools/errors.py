"""Typed FMP errors, and the one function that sorts an FMP response into them.

Each message says what happened and what to do, and never contains the API key (it travels in a
header and is never formatted into text; ``redact`` is applied as a second line of defence).
Callers that can fall back — the sector analysis when the screener is not in the plan — catch
``DataNotCoveredError``; everything else is a ``FMPError`` and, being a ``ToolError``, reaches the
model as a readable tool result.
"""

from __future__ import annotations

import json
from typing import Any

from finagent.errors import ToolError
from finagent.secrets import redact

SIGNUP_HINT = (
    "Get a key at https://site.financialmodelingprep.com/developer/docs and set FMP_API_KEY"
)


class FMPError(ToolError):
    """Base of every FMP data error. ``retryable`` says whether trying again may help."""

    retryable = False
    retry_after: float | None = None  # seconds FMP asked us to wait, where it said
    detail: str | None = None  # FMP's own words, when the error came from FMP's answer

    def __init__(
        self,
        message: str,
        *,
        endpoint: str | None = None,
        symbol: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(redact(message))
        self.endpoint, self.symbol, self.status = endpoint, symbol, status


class InvalidSymbolError(FMPError, ValueError):
    """The ticker is malformed; nothing was sent."""


class InvalidParameterError(FMPError, ValueError):
    """An argument is out of range (e.g. a ``limit`` below 1); nothing was sent."""


class FMPAuthError(FMPError):
    """The key is missing, wrong or revoked (HTTP 401)."""


class DataNotCoveredError(FMPError):
    """The data exists in principle but this data source does not provide it."""


class PlanRestrictedError(DataNotCoveredError):
    """The FMP plan does not cover this symbol, endpoint or parameter (HTTP 402, or 403 legacy)."""


class NotInSnapshotError(DataNotCoveredError):
    """The offline snapshot does not hold this endpoint or symbol."""


class RecordingError(FMPError):
    """A recording folder cannot be used as asked (not a recording, mixed dates, unreadable)."""


class NotInRecordingError(RecordingError):
    """A replayed run asked for a request the recording does not hold.

    Deliberately not a ``DataNotCoveredError``: a gap in a test's recording must fail loudly,
    not send an analysis down the fallback it takes when a plan lacks an endpoint."""


class UnknownSymbolError(FMPError):
    """FMP answered with no data for the symbol (HTTP 200 with ``[]``)."""


class FMPRateLimitError(FMPError):
    """Rate limit or daily quota reached (HTTP 429, "Limit Reach")."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class FMPQuotaExceededError(FMPRateLimitError):
    """The day's (or the plan's bandwidth) quota is spent: trying again today will not help.

    Raised when FMP says so ("Limit Reach" with no ``Retry-After``), and before sending anything
    when ``FMP_DAILY_LIMIT`` calls were already made today (``calls_today``, ``daily_limit``).
    """

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        calls_today: int | None = None,
        daily_limit: int | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.calls_today, self.daily_limit = calls_today, daily_limit


class FMPServerError(FMPError):
    """FMP (or a gateway in front of it) failed with a 5xx status."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class FMPConnectionError(FMPError):
    """FMP could not be reached (DNS, refused connection, TLS, reset)."""

    retryable = True


class FMPTimeoutError(FMPConnectionError):
    """FMP did not answer within the timeout."""


class FMPDeadlineError(FMPTimeoutError):
    """One data call ran out of its overall time (``FMP_CALL_DEADLINE``), retries included."""

    retryable = False


class FMPResponseError(FMPError):
    """FMP answered with something that is not the JSON array it promises (e.g. an HTML page)."""


def _where(endpoint: str, symbol: str | None) -> str:
    return f"{endpoint} for {symbol}" if symbol else endpoint


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds form); HTTP dates are ignored."""
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def classify_message(message: str, **context: Any) -> FMPError:
    """Turn FMP's ``Error Message`` text (or a plain-text body) into the matching error type;
    ``context`` is the request's (``endpoint``, ``symbol``, ``status``, ``has_key``,
    ``retry_after``).

    The error keeps FMP's own words in ``detail``: a recording stores them, so a replay can
    classify them again into the very same error."""
    error = _classified(message, **context)
    error.detail = redact(" ".join(message.split())[:300])
    return error


def _classified(
    message: str,
    *,
    endpoint: str,
    symbol: str | None,
    status: int | None,
    has_key: bool,
    retry_after: float | None = None,
) -> FMPError:
    text = " ".join(message.split())[:300]
    where = _where(endpoint, symbol)
    lowered = text.lower()
    kw = {"endpoint": endpoint, "symbol": symbol, "status": status}
    if "invalid api key" in lowered or status == 401:
        if not has_key:
            return FMPAuthError(
                f"No FMP API key was sent for {where}. {SIGNUP_HINT}, or run "
                "offline on the bundled snapshot.",
                **kw,
            )
        return FMPAuthError(
            f"FMP rejected the API key for {where} (HTTP 401: {text}). Check "
            "FMP_API_KEY; the key itself is never shown.",
            **kw,
        )
    if "limit reach" in lowered and retry_after is None:
        # FMP's answer when the day's calls (or the 30-day bandwidth) are spent, as a 429 or
        # inside a 200; no Retry-After, since waiting seconds will not help
        return FMPQuotaExceededError(
            f"FMP says the plan's quota is used up on {where}: {text}. It resets at the end "
            "of the day (bandwidth: over 30 days); upgrade the plan, or use cached or offline "
            "data meanwhile.",
            **kw,
        )
    if "limit reach" in lowered or status == 429:
        return FMPRateLimitError(
            f"FMP rate limit or daily quota reached on {where}: {text}. Wait "
            "a minute (or until the daily quota resets), or upgrade the plan.",
            retry_after=retry_after,
            **kw,
        )
    if any(
        word in lowered
        for word in (
            "legacy endpoint",
            "premium",
            "restricted endpoint",
            "exclusive endpoint",
            "subscription",
            "not available",
        )
    ):
        return PlanRestrictedError(f"Your FMP plan does not cover {where}: {text}", **kw)
    if status in (402, 403):
        return PlanRestrictedError(
            f"Your FMP plan does not cover {where} (HTTP {status}): {text}", **kw
        )
    return FMPResponseError(f"FMP returned an error for {where}: {text}", **kw)


def classify_response(
    status: int, body: bytes, headers: Any, *, endpoint: str, symbol: str | None, has_key: bool
) -> tuple[list[Any] | None, FMPError | None]:
    """Return ``(rows, None)`` for a good answer or ``(None, error)`` for any failure."""
    kw = {"endpoint": endpoint, "symbol": symbol, "status": status}
    where = _where(endpoint, symbol)
    text = body.decode("utf-8", errors="replace")
    retry_after = parse_retry_after(headers.get("Retry-After"))
    if status >= 500:
        return None, FMPServerError(
            f"FMP had a server error on {where} (HTTP {status}). This is "
            "usually temporary: try again shortly.",
            retry_after=retry_after,
            **kw,
        )
    try:
        payload = json.loads(text)
    except ValueError:
        payload = None
        if status == 200:
            kind = "an HTML page" if text.lstrip().startswith("<") else "text that is not JSON"
            return None, FMPResponseError(
                f"FMP answered {where} with {kind} instead of JSON "
                "(a gateway or maintenance page?). Try again later.",
                **kw,
            )
    error_object = isinstance(payload, dict) and ("Error Message" in payload or "error" in payload)
    if error_object or status != 200:
        if error_object:
            message = str(payload.get("Error Message") or payload.get("error"))
        else:
            message = text if payload is None else json.dumps(payload)[:300]
        return None, classify_message(
            message,
            endpoint=endpoint,
            symbol=symbol,
            status=status,
            has_key=has_key,
            retry_after=retry_after,
        )
    if isinstance(payload, dict):  # a few endpoints answer one object; FMP documents arrays
        payload = [payload]
    if not isinstance(payload, list):
        return None, FMPResponseError(
            f"FMP answered {where} with unexpected JSON ({type(payload).__name__}, not a list).",
            **kw,
        )
    return payload, None
