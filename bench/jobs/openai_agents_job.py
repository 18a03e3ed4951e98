"""The comparison job written with the OpenAI Agents SDK: an Agent over atomic FMP tools.

    python openai_agents_job.py "Compare ... MSFT and GOOGL ..."

Run by ``bench/frameworks.py`` in ``bench/.venv-frameworks/openai-agents``. Reads
OPENAI_BASE_URL, OPENAI_API_KEY, FMP_BASE_URL, FMP_API_KEY and BENCH_MODEL; prints one JSON
object. Written the way a careful user would for an OpenAI-compatible server: the Chat
Completions model class on an ``AsyncOpenAI`` client, async tools on one pooled ``AsyncClient``
(the SDK runs the function calls of one model reply concurrently), tools returning FMP's JSON.
Telemetry: tracing is on by default and exports to OpenAI; it is off here through
``set_tracing_disabled(True)`` and, from the harness, ``OPENAI_AGENTS_DISABLE_TRACING=1``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import httpx2
from agents import Agent, OpenAIChatCompletionsModel, Runner, function_tool, set_tracing_disabled
from openai import AsyncOpenAI

set_tracing_disabled(True)

INSTRUCTIONS = (
    "You are a financial analysis assistant. Fetch the data you need with the tools (Financial "
    "Modeling Prep), then answer in Markdown with figures and their periods. Not investment advice."
)

FMP = httpx2.AsyncClient(
    base_url=os.environ["FMP_BASE_URL"].rstrip("/") + "/",
    headers={"apikey": os.environ["FMP_API_KEY"]},
    timeout=30,
)


async def fmp(endpoint: str, **params: object) -> str:
    response = await FMP.get(endpoint, params={k: v for k, v in params.items() if v is not None})
    response.raise_for_status()
    return response.text


@function_tool
async def get_quote(symbol: str) -> str:
    """Latest quote of a stock: price, change, volume, market cap, 52-week range, averages.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return await fmp("quote", symbol=symbol)


@function_tool
async def get_profile(symbol: str) -> str:
    """Company profile: name, sector, industry, description, market cap, beta.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return await fmp("profile", symbol=symbol)


@function_tool
async def get_income_statements(symbol: str, limit: int = 3) -> str:
    """Annual income statements, newest first.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
        limit: How many fiscal years.
    """
    return await fmp("income-statement", symbol=symbol, period="annual", limit=limit)


@function_tool
async def get_ratios_ttm(symbol: str) -> str:
    """Trailing-twelve-month ratios: valuation, margins, returns, leverage.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
    """
    return await fmp("ratios-ttm", symbol=symbol)


@function_tool
async def get_price_history(symbol: str, start: str, end: str) -> str:
    """Daily prices (open, high, low, close, volume) between two dates, newest first.

    Args:
        symbol: Ticker symbol, e.g. MSFT.
        start: First day, YYYY-MM-DD.
        end: Last day, YYYY-MM-DD.
    """
    return await fmp("historical-price-eod/full", symbol=symbol, **{"from": start, "to": end})


async def main(question: str) -> int:
    client = AsyncOpenAI(
        base_url=os.environ["OPENAI_BASE_URL"], api_key=os.environ["OPENAI_API_KEY"]
    )
    agent = Agent(
        name="Financial analyst",
        instructions=INSTRUCTIONS,
        model=OpenAIChatCompletionsModel(
            model=os.environ.get("BENCH_MODEL", "gpt-4.1-mini"), openai_client=client
        ),
        tools=[get_quote, get_profile, get_income_statements, get_ratios_ttm, get_price_history],
    )
    try:
        result = await Runner.run(agent, question, max_turns=5)
    finally:
        await FMP.aclose()
        await client.close()
    usage = result.context_wrapper.usage
    print(
        json.dumps(
            {
                "answer": result.final_output,
                "model_calls": usage.requests,
                "prompt_tokens": usage.input_tokens,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1])))
