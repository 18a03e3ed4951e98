"""Configuration: explicit arguments beat the environment, which beats a ``.env`` file.

The names are public interface: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``FINAGENT_MODEL``,
``FMP_API_KEY``, ``FMP_BASE_URL``, ``FINAGENT_CACHE_DIR`` (plus ``FMP_CALLS_PER_MINUTE`` and
``FMP_DAILY_LIMIT`` for the plan's budget). Only the ``.env`` of the working directory is read —
never one found by walking up parent folders, which could belong to another project.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from .errors import ConfigurationError
from .secrets import register_secret

DEFAULT_MODEL = "gpt-4.1-mini"
DEFAULT_FMP_BASE_URL = "https://financialmodelingprep.com/stable"

ENV_NAMES = {
    "openai_api_key": "OPENAI_API_KEY",
    "openai_base_url": "OPENAI_BASE_URL",
    "model": "FINAGENT_MODEL",
    "fmp_api_key": "FMP_API_KEY",
    "fmp_base_url": "FMP_BASE_URL",
    "cache_dir": "FINAGENT_CACHE_DIR",
    "fmp_calls_per_minute": "FMP_CALLS_PER_MINUTE",
    "fmp_daily_limit": "FMP_DAILY_LIMIT",
    # reliability: time limits (seconds)
    "fmp_call_deadline": "FMP_CALL_DEADLINE",
    "llm_timeout": "FINAGENT_LLM_TIMEOUT",
}


def default_cache_dir() -> Path:
    """The user's cache folder for finagent (e.g. ``~/.cache/finagent`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("finagent", appauthor=False))


class Settings(BaseModel):
    """Resolved settings. Keys are ``SecretStr``: their repr and str never show the value."""

    model_config = ConfigDict(frozen=True)

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    model: str = DEFAULT_MODEL
    fmp_api_key: SecretStr | None = None
    fmp_base_url: str = DEFAULT_FMP_BASE_URL
    cache_dir: Path | None = None
    fmp_calls_per_minute: int = Field(300, gt=0)
    fmp_daily_limit: int | None = Field(None, gt=0)
    # reliability: one FMP data call, retries and Retry-After waits included; one LLM request
    fmp_call_deadline: float = Field(20.0, gt=0)
    llm_timeout: float = Field(60.0, gt=0)

    @classmethod
    def load(cls, env_file: str | Path | None = ".env", **overrides: Any) -> Settings:
        """Read settings: ``overrides`` (arguments) > ``os.environ`` > ``env_file`` (cwd only).

        ``None`` overrides are ignored, so CLI options that were not given fall through.
        """
        from dotenv import dotenv_values

        file_values = dotenv_values(env_file) if env_file and Path(env_file).is_file() else {}
        values: dict[str, Any] = {}
        for field, env_name in ENV_NAMES.items():
            for source in (overrides, os.environ, file_values):
                key = field if source is overrides else env_name
                value = source.get(key)
                if value is not None and value != "":
                    values[field] = value
                    break
        try:
            settings = cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{ENV_NAMES.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}"
                for e in exc.errors(include_url=False)
            )
            raise ConfigurationError(f"Invalid setting: {problems}.") from None
        for secret in (settings.openai_api_key, settings.fmp_api_key):
            if secret is not None:
                register_secret(secret.get_secret_value())
        return settings

    @property
    def has_llm(self) -> bool:
        """A live model is configured: a key, or a base URL of a local OpenAI-compatible server."""
        return self.openai_api_key is not None or self.openai_base_url is not None

    @property
    def resolved_cache_dir(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else default_cache_dir()
