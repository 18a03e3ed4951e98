"""The comparison job written with smolagents: a ToolCallingAgent over atomic FMP tools.

    python smolagents_job.py "Compare ... MSFT and GOOGL ..."

Run by ``bench/frameworks.py`` in ``bench/.venv-frameworks/smolagents``. Reads OPENAI_BASE_URL,
OPENAI_API_KEY, FMP_BASE_URL, FMP_API_KEY and BENCH_MODEL; prints one JSON object. Written the
way a careful user would: one pooled HTTP client shared by the tools, tools returning FMP's JSON,
tool calls from one model reply run in parallel threads (smolagents' default), no console logs.
Telemetry: smolagents sends none by default (tracing needs an instrumentor we do not install);
huggingface_hub's is off through HF_HUB_DISABLE_TELEMETRY=1 (set by the harness).
"""

from __future__ import annotations

import json
import os
import sys

import httpx2
from smolagents import LogLevel, OpenAIModel, ToolCallingAgent, tool

INSTRUCTIONS = (
    "You are a financial analysis assistant. Fetch the data you need with the tools (Financial "
    "Modeling Prep), then answer in Markdown with figures and their periods. Not investment advice."
)

FMP = httpx2.Client(
    base_url=os.environ["FMP_BASE_URL"].rstrip("/") + "/",
    headers={"apikey": os.environ["FMP_API_KEY"]},
    timeout=30,
)


def fmp(endpoint: str, **params: object) -> str:
    response = FMP.get(endpoint, params={k: v for k, v in params.items() if v is not None})
    response.raise_for_status()
    return response.text


@tool
def get_quote(symbol: str) -> str:
    """Latest quote of a stock: price, change, volume, market cap, 52-week range, averages.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return fmp("quote", symbol=symbol)


@tool
def get_profile(symbol: str) -> str:
    """Company profile: name, sector, industry, description, market cap, beta.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return fmp("profile", symbol=symbol)


@tool
def get_income_statements(symbol: str, limit: int = 3) -> str:
    """Annual income statements, newest first.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
        limit: How many fiscal years.
    """
    return fmp("income-statement", symbol=symbol, period="annual", limit=limit)


@tool
def get_ratios_ttm(symbol: str) -> str:
    """Trailing-twelve-month ratios: valuation, margins, returns, leverage.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return fmp("ratios-ttm", symbol=symbol)


@tool
def get_price_history(symbol: str, start: str, end: str) -> str:
    """Daily prices (open, high, low, close, volume) between two dates, newest first.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
        start: First day, YYYY-MM-DD.
        end: Last day, YYYY-MM-DD.
    """
    return fmp("historical-price-eod/full", symbol=symbol, **{"from": start, "to": end})


def main(question: str) -> int:
    model = OpenAIModel(
        model_id=os.environ.get("BENCH_MODEL", "gpt-4.1-mini"),
        api_base=os.environ["OPENAI_BASE_URL"],
        api_key=os.environ["OPENAI_API_KEY"],
    )
    agent = ToolCallingAgent(
        tools=[get_quote, get_profile, get_income_statements, get_ratios_ttm, get_price_history],
        model=model,
        instructions=INSTRUCTIONS,
        max_steps=5,
        verbosity_level=LogLevel.OFF,
        return_full_result=True,
    )
    result = agent.run(question)
    usage = result.token_usage
    print(
        json.dumps(
            {
                "answer": str(result.output),
                "model_calls": sum(
                    1 for s in agent.memory.steps if getattr(s, "model_output_message", None)
                ),
                "prompt_tokens": usage.input_tokens if usage else None,
            }
        )
    )
    FMP.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
