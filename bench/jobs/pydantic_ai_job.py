"""The comparison job written with PydanticAI: an Agent over atomic FMP tools.

    python pydantic_ai_job.py "Compare ... MSFT and GOOGL ..."

Run by ``bench/frameworks.py`` in ``bench/.venv-frameworks/pydantic-ai``. Reads OPENAI_BASE_URL,
OPENAI_API_KEY, FMP_BASE_URL, FMP_API_KEY and BENCH_MODEL; prints one JSON object. Written the
way a careful user would: async tools on one pooled ``AsyncClient`` (PydanticAI runs the tool
calls of one model reply concurrently), tools returning FMP's JSON.
Telemetry: OpenTelemetry instrumentation is off unless asked for; here it is switched off
explicitly too (``Agent.instrument_all(False)`` and ``agent.instrument = False``); logfire is not
installed (only the no-op ``logfire-api`` shim that pydantic-ai-slim depends on).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import httpx2
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.openai import OpenAIProvider

INSTRUCTIONS = (
    "You are a financial analysis assistant. Fetch the data you need with the tools (Financial "
    "Modeling Prep), then answer in Markdown with figures and their periods. Not investment advice."
)

FMP = httpx2.AsyncClient(
    base_url=os.environ["FMP_BASE_URL"].rstrip("/") + "/",
    headers={"apikey": os.environ["FMP_API_KEY"]},
    timeout=30,
)

model = OpenAIChatModel(
    os.environ.get("BENCH_MODEL", "gpt-4.1-mini"),
    provider=OpenAIProvider(
        base_url=os.environ["OPENAI_BASE_URL"], api_key=os.environ["OPENAI_API_KEY"]
    ),
)
Agent.instrument_all(False)  # the documented global switch; off is also the default
agent = Agent(model, instructions=INSTRUCTIONS)
agent.instrument = False


async def fmp(endpoint: str, **params: object) -> str:
    response = await FMP.get(endpoint, params={k: v for k, v in params.items() if v is not None})
    response.raise_for_status()
    return response.text


@agent.tool_plain
async def get_quote(symbol: str) -> str:
    """Latest quote of a stock: price, change, volume, market cap, 52-week range, averages.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return await fmp("quote", symbol=symbol)


@agent.tool_plain
async def get_profile(symbol: str) -> str:
    """Company profile: name, sector, industry, description, market cap, beta.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return await fmp("profile", symbol=symbol)


@agent.tool_plain
async def get_income_statements(symbol: str, limit: int = 3) -> str:
    """Annual income statements, newest first.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
        limit: How many fiscal years.
    """
    return await fmp("income-statement", symbol=symbol, period="annual", limit=limit)


@agent.tool_plain
async def get_ratios_ttm(symbol: str) -> str:
    """Trailing-twelve-month ratios: valuation, margins, returns, leverage.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return await fmp("ratios-ttm", symbol=symbol)


@agent.tool_plain
async def get_price_history(symbol: str, start: str, end: str) -> str:
    """Daily prices (open, high, low, close, volume) between two dates, newest first.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
        start: First day, YYYY-MM-DD.
        end: Last day, YYYY-MM-DD.
    """
    return await fmp("historical-price-eod/full", symbol=symbol, **{"from": start, "to": end})


async def main(question: str) -> int:
    try:
        result = await agent.run(question)
    finally:
        await FMP.aclose()
    usage = result.usage()
    print(
        json.dumps(
            {
                "answer": result.output,
                "model_calls": usage.requests,
                "prompt_tokens": usage.input_tokens,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1])))
