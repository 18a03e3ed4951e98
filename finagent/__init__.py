"""finagent: a lightweight, testable LLM agent framework for financial analysis.

    from finagent import FunctionCallingAgent
    agent = FunctionCallingAgent.from_env()
    print(agent.chat("Compare MSFT and GOOGL over 3 years"))

``import finagent`` imports neither the ``openai`` SDK nor any data code; they load when a live
model or the ready-made agent is built. Nothing here is investment advice.
"""

from __future__ import annotations

from typing import Any

from .agent import FunctionCallingAgent
from .config import Settings
from .errors import (
    AgentLimitError,
    ConfigurationError,
    FinagentError,
    LLMAuthError,
    LLMConnectionError,
    LLMContextLengthError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
    TokenBudgetExceeded,
    ToolError,
    TurnCancelled,
)
from .events import Event, JsonlTrace, report_progress
from .facts import Fact, FactLedger, FactSheet
from .llm import ChatModel, ModelReply, TokenUsage, ToolCall
from .react import ReActAgent
from .tool import FunctionTool, Tool, ToolOutput, tool
from .turn import RunResult, ToolCallRecord
from .usage import Usage

__version__ = "0.1.0"
DISCLAIMER = "finagent is an analysis tool, not investment advice."

__all__ = [
    "DISCLAIMER",
    "AgentLimitError",
    "ChatModel",
    "ConfigurationError",
    "Event",
    "Fact",
    "FactLedger",
    "FactSheet",
    "FinagentError",
    "FunctionCallingAgent",
    "FunctionTool",
    "JsonlTrace",
    "LLMAuthError",
    "LLMConnectionError",
    "LLMContextLengthError",
    "LLMError",
    "LLMRateLimitError",
    "LLMTimeoutError",
    "ModelReply",
    "OpenAIChatModel",
    "ReActAgent",
    "RunResult",
    "Settings",
    "TokenBudgetExceeded",
    "TokenUsage",
    "Tool",
    "ToolCall",
    "ToolCallRecord",
    "ToolError",
    "ToolOutput",
    "TurnCancelled",
    "Usage",
    "report_progress",
    "tool",
]


def __getattr__(name: str) -> Any:
    if name == "OpenAIChatModel":  # its module is light, but keep the door to the SDK explicit
        from .openai_model import OpenAIChatModel

        return OpenAIChatModel
    raise AttributeError(f"module 'finagent' has no attribute {name!r}")
