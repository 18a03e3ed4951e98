"""Keep API keys out of everything we print, log, raise or store.

Keys are registered once, when configuration is read; ``redact`` then scrubs them from any text,
and ``RedactingFilter`` does the same for log records from every logger it is attached to.
"""

from __future__ import annotations

import logging
import threading

MASK = "***"
_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret so ``redact`` removes it; short values are ignored (they'd mask words)."""
    if value and len(value) >= 8:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """Return ``text`` with every registered secret replaced by ``***``."""
    for secret in tuple(_secrets):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


_factory_installed = False


def install_log_redaction() -> None:
    """Mask secrets in every log record created from now on, whichever logger or handler emits it.

    A record factory (rather than a filter on a few loggers) also covers records that propagate
    from child loggers such as ``urllib3.connectionpool``. Idempotent.
    """
    global _factory_installed
    with _lock:
        if _factory_installed:
            return
        _factory_installed = True
    base_factory = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = base_factory(*args, **kwargs)
        if _secrets:
            record.msg, record.args = redact(record.getMessage()), None
        return record

    logging.setLogRecordFactory(factory)
