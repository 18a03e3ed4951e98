"""Configuration: explicit arguments beat the environment, which beats a ``.env`` file.

The core's names are public interface: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
``FINAGENT_MODEL``. The data layer declares its own (``FMP_API_KEY``, ``FMP_BASE_URL``,
``FINAGENT_CACHE_DIR``…) in ``tools.settings`` with the same loader. Only the ``.env`` of the
working directory is read — never one found by walking up parent folders, which could belong to
another project.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from .errors import ConfigurationError
from .secrets import register_secret

DEFAULT_MODEL = "gpt-4.1-mini"

ENV_NAMES = {
    "openai_api_key": "OPENAI_API_KEY",
    "openai_base_url": "OPENAI_BASE_URL",
    "model": "FINAGENT_MODEL",
    "llm_timeout": "FINAGENT_LLM_TIMEOUT",
    "turn_deadline": "FINAGENT_TURN_DEADLINE",
    "prefetch": "FINAGENT_PREFETCH",
}

S = TypeVar("S", bound=BaseModel)


def load_settings(
    cls: type[S],
    env_names: dict[str, str],
    env_file: str | Path | None = ".env",
    **overrides: Any,
) -> S:
    """Build ``cls`` from ``overrides`` (arguments) > ``os.environ`` > ``env_file`` (cwd only).

    ``None`` overrides are ignored, so options that were not given fall through. Every
    ``SecretStr`` field is registered for redaction; a bad value is one clear error that names
    the environment variable.
    """
    from dotenv import dotenv_values

    file_values = dotenv_values(env_file) if env_file and Path(env_file).is_file() else {}
    values: dict[str, Any] = {}
    for field, env_name in env_names.items():
        for source in (overrides, os.environ, file_values):
            value = source.get(field if source is overrides else env_name)
            if value is not None and value != "":
                values[field] = value
                break
    try:
        settings = cls(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{env_names.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}"
            for e in exc.errors(include_url=False)
        )
        raise ConfigurationError(f"Invalid setting: {problems}.") from None
    for name in type(settings).model_fields:
        secret = getattr(settings, name)
        if isinstance(secret, SecretStr):
            register_secret(secret.get_secret_value())
    return settings


class Settings(BaseModel):
    """The model's settings. Keys are ``SecretStr``: their repr and str never show the value."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)  # a CRLF .env line

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    model: str = DEFAULT_MODEL
    llm_timeout: float = Field(60.0, gt=0)  # seconds for one model request
    turn_deadline: float = Field(60.0, gt=0)  # seconds of data gathering per question
    prefetch: bool = True  # fetch the named companies' data while the model decides

    @classmethod
    def load(cls, env_file: str | Path | None = ".env", **overrides: Any) -> Settings:
        """Read settings: ``overrides`` (arguments) > ``os.environ`` > ``env_file`` (cwd only)."""
        return load_settings(cls, ENV_NAMES, env_file, **overrides)

    @property
    def has_llm(self) -> bool:
        """A live model is configured: a key, or a base URL of a local OpenAI-compatible server."""
        return self.openai_api_key is not None or self.openai_base_url is not None
