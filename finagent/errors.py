"""Named exceptions: every one carries a message written for the person (or model) who reads it.

Limits and failures are types, not flags, so the agent loop can stop cleanly on each one and
callers can catch exactly what they can handle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any


class FinagentError(Exception):
    """Base of every error finagent raises on purpose; ``str(err)`` is fit to show a user."""


class ConfigurationError(FinagentError):
    """A setting is missing or malformed (an unknown model, a bad base URL, ...)."""


class ToolError(FinagentError):
    """A tool failed in a way the model should be told about (bad ticker, plan limit, ...).

    The agent returns ``str(err)`` to the model as the tool result instead of crashing the turn.
    """


# --- the LLM layer -------------------------------------------------------------------------------


class LLMError(FinagentError):
    """The language model could not answer."""


class LLMAuthError(LLMError):
    """The model server rejected the API key."""


class LLMRateLimitError(LLMError):
    """The model server said to slow down (or the account is out of quota)."""


class LLMTimeoutError(LLMError):
    """The model server did not answer in time."""


class LLMConnectionError(LLMError):
    """The model server could not be reached."""


class LLMContextLengthError(LLMError):
    """The conversation no longer fits in the model's context window."""


class LLMBadRequestError(LLMError):
    """The model server refused the request as malformed."""


# --- the agent's limits ---------------------------------------------------------------------------


class AgentLimitError(FinagentError):
    """A configured limit stopped the turn; the conversation is left intact."""


class TokenBudgetExceeded(AgentLimitError):
    """The turn or the session used more tokens than its cap allows."""


class TurnCancelled(FinagentError):
    """The user cancelled the turn (Ctrl-C); memory is rolled back to before the question."""


def quietly(what: str, work: Callable[..., object], *args: Any) -> None:
    """Run background work whose failure does no harm (a guess, a warm-up, a preparation): it is
    logged at debug level, never raised, since the foreground meets any real error itself."""
    try:
        work(*args)
    except Exception:
        logging.getLogger("finagent").debug("%s failed", what, exc_info=True)
