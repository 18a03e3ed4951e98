"""The data layer's settings: FMP key, base URL, cache folder and the plan's budget.

Public names: ``FMP_API_KEY``, ``FMP_BASE_URL``, ``FINAGENT_CACHE_DIR``, ``FMP_CALLS_PER_MINUTE``,
``FMP_DAILY_LIMIT`` and ``FMP_CALL_DEADLINE``; read with the core's loader (arguments >
environment > ``.env``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from finagent.config import load_settings

DEFAULT_FMP_BASE_URL = "https://financialmodelingprep.com/stable"

FMP_ENV_NAMES = {
    "fmp_api_key": "FMP_API_KEY",
    "fmp_base_url": "FMP_BASE_URL",
    "cache_dir": "FINAGENT_CACHE_DIR",
    "fmp_calls_per_minute": "FMP_CALLS_PER_MINUTE",
    "fmp_daily_limit": "FMP_DAILY_LIMIT",
    "fmp_call_deadline": "FMP_CALL_DEADLINE",
}


def default_cache_dir() -> Path:
    """The user's cache folder for finagent (e.g. ``~/.cache/finagent`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("finagent", appauthor=False))


class FMPSettings(BaseModel):
    """Resolved data settings. The key is a ``SecretStr``: never shown by repr or str."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)  # a CRLF .env line

    fmp_api_key: SecretStr | None = None
    fmp_base_url: str = DEFAULT_FMP_BASE_URL
    cache_dir: Path | None = None
    fmp_calls_per_minute: int = Field(300, gt=0)
    fmp_daily_limit: int | None = Field(None, gt=0)
    # one data call, retries and Retry-After waits included (seconds)
    fmp_call_deadline: float = Field(20.0, gt=0)

    @classmethod
    def load(cls, env_file: str | Path | None = ".env", **overrides: Any) -> FMPSettings:
        return load_settings(cls, FMP_ENV_NAMES, env_file, **overrides)

    @property
    def resolved_cache_dir(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else default_cache_dir()
