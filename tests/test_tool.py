"""Tools: one source of truth for name, description and schema; arguments validated into
precise messages."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pytest

from finagent.tool import (
    FunctionTool,
    ToolArgumentsError,
    as_tools,
    openai_spec,
    parse_docstring,
    tool,
)
from tools import get_income_statements, get_price_history


def lookup(
    symbol: str,
    period: Literal["annual", "quarter"] = "annual",
    limit: int = 5,
    *,
    client: object = None,
) -> dict:
    """Look up a company.

    Args:
        symbol: Ticker symbol.
        period: Annual or quarterly
            periods (continued line).
        limit: How many.
    """
    return {"symbol": symbol, "period": period, "limit": limit, "client": client}


def test_name_description_and_schema_come_from_the_function():
    t = FunctionTool(lookup)
    spec = openai_spec(t)
    assert spec["type"] == "function"
    assert spec["function"]["name"] == "lookup"
    assert spec["function"]["description"] == "Look up a company."
    params = spec["function"]["parameters"]
    assert params["required"] == ["symbol"]
    assert params["properties"]["period"]["enum"] == ["annual", "quarter"]
    assert (
        params["properties"]["period"]["description"]
        == "Annual or quarterly periods (continued line)."
    )
    assert "client" not in params["properties"], "keyword-only plumbing is not the model's choice"
    assert "title" not in str(params)


def test_bound_arguments_are_hidden_and_passed():
    t = FunctionTool(lookup, bind={"client": "shared"})
    assert t.invoke('{"symbol": "AAPL"}').data["client"] == "shared"


def test_atomic_tool_schemas_come_from_their_signatures():
    schema = FunctionTool(get_price_history).parameters_schema()
    assert set(schema["properties"]) == {"symbol", "start", "end"}
    assert schema["properties"]["start"]["anyOf"][0]["format"] == "date"
    schema = FunctionTool(get_income_statements).parameters_schema()
    assert schema["properties"]["limit"]["default"] == 5


@pytest.mark.parametrize(
    "arguments, message",
    [
        ("{bad json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"period": "annual"}', "symbol: Field required"),
        ('{"symbol": "AAPL", "period": "weekly"}', "period: Input should be 'annual' or 'quarter'"),
        ('{"symbol": "AAPL", "colour": "red"}', "colour: Extra inputs are not permitted"),
    ],
)
def test_broken_arguments_give_precise_messages(arguments, message):
    with pytest.raises(ToolArgumentsError) as info:
        FunctionTool(lookup).invoke(arguments)
    assert message in str(info.value)
    assert "lookup" in str(info.value) or "JSON" in str(info.value)


def test_decorator_with_options_and_dates_are_parsed():
    @tool(name="days_between")
    def between(start: date, end: date) -> int:
        """Days between two dates."""
        return (end - start).days

    assert between.name == "days_between"
    assert between.invoke({"start": "2024-01-01", "end": "2024-03-01"}).content == "60"
    assert between(date(2024, 1, 1), date(2024, 1, 2)) == 1  # still callable as a function


def test_as_tools_rejects_duplicate_names_and_non_tools():
    with pytest.raises(ValueError, match="share the name"):
        as_tools([lookup, FunctionTool(lookup)])
    with pytest.raises(TypeError):
        as_tools([42])


def test_docstring_parser_stops_at_the_next_section():
    summary, params = parse_docstring("""Do it.

    Args:
        a: first.
        b: second.

    Returns:
        nothing: really.
    """)
    assert summary == "Do it."
    assert params == {"a": "first.", "b": "second."}


def test_long_results_are_cut_with_a_note():
    t = FunctionTool(lambda: "x" * 20_000, name="big")
    content = t.invoke({}).content
    assert len(content) < 12_100 and content.endswith("characters cut]")
