"""CompanyComparison: fiscal-year alignment warning, a small prompt, graceful degradation when a
company or endpoint fails, a clear error when nothing can be gathered, and argument validation
through both entry points (``run`` for Python, ``invoke`` for the model's JSON).

Runs on the bundled offline snapshot or on ``FMPStandIn`` (a local FMP-shaped server); never on
the network.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time

import pytest

from finagent.facts import FactSheet
from finagent.testing.fmp import FMPStandIn, error, snapshot_client
from finagent.tokens import text_tokens
from finagent.tool import ToolArgumentsError, ToolOutput
from orchestrations import AnalysisError, AnalysisResult, CompanyComparison

DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def no_wait(_seconds: float) -> None:
    """Retries back off without sleeping in tests."""


@pytest.fixture
def msft_googl() -> AnalysisResult:
    return CompanyComparison(snapshot_client()).run(
        symbols=["MSFT", "GOOGL"], time_horizon="3 years"
    )


# --- fiscal years ------------------------------------------------------------------------------


def test_fiscal_years_ending_in_different_months_are_flagged(msft_googl) -> None:
    warnings = [w for w in msft_googl.warnings if "Fiscal years end in different months" in w]
    assert len(warnings) == 1
    assert "MSFT: June" in warnings[0] and "GOOGL: December" in warnings[0]
    assert warnings[0] in msft_googl.prompt()  # the model reads it


def test_no_fiscal_year_warning_when_both_end_in_december() -> None:
    result = CompanyComparison(snapshot_client()).run(symbols=["JPM", "BAC"])
    assert not [w for w in result.warnings if "different months" in w]


def test_fiscal_period_differences_show_per_column(msft_googl) -> None:
    """Both latest years are called FY2023 but end six months apart; the header lines say so."""
    prompt = msft_googl.prompt()
    assert "MSFT: Microsoft Corporation" in prompt
    assert "fiscal year ends in June; latest FY2023 ended 2023-06-30" in prompt
    assert "fiscal year ends in December; latest FY2023 ended 2023-12-31" in prompt


# --- the prompt ----------------------------------------------------------------------------------


def test_two_company_prompt_is_small_and_holds_no_raw_daily_rows(msft_googl) -> None:
    prompt = msft_googl.prompt()
    assert len(prompt) / 4 < 3000
    assert text_tokens(prompt) < 3000
    # no raw bars: a day-by-day dump would carry hundreds of dates and OHLCV field names
    assert len(set(DATE.findall(prompt))) < 20
    assert "2024-03-07" not in prompt  # the day before the as-of day has nothing to say
    for raw_field in ("adjClose", "volume", '"close"'):
        assert raw_field not in prompt
    # the series stays available to scripts, just not in the prompt
    series = msft_googl.series()
    assert len(series["MSFT"]) > 500
    assert series["MSFT"][-1][1] == pytest.approx(406.220001)


def test_prompt_carries_task_rules_source_and_table(msft_googl) -> None:
    prompt = msft_googl.prompt()
    assert prompt.startswith("## Company comparison: MSFT, GOOGL")
    assert "offline snapshot as of 2024-03-08" in prompt
    assert "3 years horizon" in prompt
    assert "| key | metric | period | src | MSFT | GOOGL |" in prompt
    assert "Not investment advice" in prompt
    assert str(msft_googl) == prompt


def test_five_companies_stay_within_budget() -> None:
    result = CompanyComparison(snapshot_client()).run(
        symbols=["MSFT", "GOOGL", "NVDA", "JPM", "AAPL"], time_horizon="5 years"
    )
    assert len(result.prompt()) / 4 < 5000
    assert [v.symbol for v in result.data["views"]] == ["MSFT", "GOOGL", "NVDA", "JPM", "AAPL"]


# --- degradation -------------------------------------------------------------------------------


def test_one_failing_endpoint_degrades_to_a_warning_naming_the_company() -> None:
    fixtures = {("income-statement", "GOOGL"): error(503, '{"Error Message": "unavailable"}')}
    with FMPStandIn(fixtures=fixtures) as stand_in:
        result = CompanyComparison(stand_in.client(sleep=no_wait)).run(symbols=["MSFT", "GOOGL"])
        # 1 call for MSFT, 1 + 3 retries for GOOGL's 503
        assert stand_in.calls("income-statement") == 5
    ids = {f.id for f in result.facts}
    # MSFT is complete: fundamentals, valuation and prices
    assert {"MSFT.revenue", "MSFT.pe", "MSFT.roe", "MSFT.return_1y"} <= ids
    assert next(f for f in result.facts if f.id == "MSFT.pe").value == pytest.approx(
        406.220001 / 9.68, rel=1e-6
    )  # close 2024-03-08 / diluted EPS FY2023
    # GOOGL keeps what did arrive (quote, prices) and loses what needed its income statement
    assert {"GOOGL.price", "GOOGL.return_1y"} <= ids
    assert not {"GOOGL.revenue", "GOOGL.pe", "GOOGL.net_margin"} & ids
    failed = [w for w in result.warnings if "Income statements not available" in w]
    assert len(failed) == 1 and "GOOGL" in failed[0] and "MSFT" not in failed[0]
    assert "503" in failed[0]
    assert failed[0] in result.prompt()


def test_total_failure_raises_analysis_error_with_a_clear_message() -> None:
    down = error(503, "<html>Service Unavailable</html>", "text/html")
    fixtures = {
        endpoint: down
        for endpoint in (
            "quote",
            "profile",
            "income-statement",
            "balance-sheet-statement",
            "cash-flow-statement",
            "historical-price-eod/full",
            "price-target-consensus",
        )
    }
    with FMPStandIn(fixtures=fixtures) as stand_in, pytest.raises(AnalysisError) as info:
        CompanyComparison(stand_in.client(sleep=no_wait)).run(symbols=["MSFT", "GOOGL"])
    message = str(info.value)
    assert message.startswith("No data could be gathered for MSFT, GOOGL.")
    assert "HTTP 503" in message  # says what failed
    assert "<html>" not in message


def test_unknown_symbols_offline_raise_analysis_error() -> None:
    with pytest.raises(AnalysisError, match="offline snapshot") as info:
        CompanyComparison(snapshot_client()).run(symbols=["TSLA", "F"])
    assert "TSLA" in str(info.value) and "F" in str(info.value)


def test_one_unknown_symbol_offline_keeps_the_other() -> None:
    result = CompanyComparison(snapshot_client()).run(symbols=["MSFT", "TSLA"])
    assert [v.symbol for v in result.data["views"]] == ["MSFT"]
    assert any("TSLA" in w and "offline snapshot" in w for w in result.warnings)


def _refusal_after(delay: float):
    """A fixture answering FMP's 402 plan refusal after ``delay`` seconds."""

    def answer(request):
        time.sleep(delay)
        return (
            402,
            {"Content-Type": "text/plain"},
            (
                b"Restricted Endpoint: This endpoint is not available under your current "
                b"subscription."
            ),
        )

    return answer


def _warnings_when(income_delay: float, prices_delay: float) -> list[str]:
    fixtures = {
        ("income-statement", "GOOGL"): _refusal_after(income_delay),
        ("historical-price-eod/full", "GOOGL"): _refusal_after(prices_delay),
    }
    with FMPStandIn(fixtures=fixtures) as stand_in:
        return CompanyComparison(stand_in.client()).run(symbols=["MSFT", "GOOGL"]).warnings


def test_warnings_do_not_depend_on_which_answer_arrives_first() -> None:
    """BUG: the same data gives a differently ordered prompt depending on network timing.

    ``fetch_all`` stores results in completion order, ``CompanyData.assemble`` keeps that order
    in ``errors``, and ``report_failures`` writes one warning per (part, reason) in it — so the
    warnings (and the two quoted in an AnalysisError) shuffle from run to run (offline too:
    MSFT + TSLA gave 23 different orders in 30 runs), which defeats reproducible prompts and
    prompt caching.
    """
    income_first = _warnings_when(income_delay=0.0, prices_delay=0.4)
    prices_first = _warnings_when(income_delay=0.4, prices_delay=0.0)
    assert sorted(income_first) == sorted(prices_first)  # same content...
    assert income_first == prices_first  # ...and the same order


# --- arguments -----------------------------------------------------------------------------------

INVALID = [
    pytest.param({"symbols": ["MSFT"]}, "at least 2", id="one-symbol"),
    pytest.param(
        {"symbols": ["MSFT", "GOOGL", "AAPL", "NVDA", "JPM", "BAC"]}, "at most 5", id="six-symbols"
    ),
    pytest.param({"symbols": ["MSFT", "AAPL&x=1"]}, "not a valid ticker", id="query-injection"),
    pytest.param({"symbols": ["MSFT", "msft"]}, "two different", id="duplicate"),
    pytest.param({"symbols": "MSFT"}, "symbols", id="not-a-list"),
    pytest.param({}, "symbols", id="missing"),
]


@pytest.mark.parametrize("arguments, reason", INVALID)
def test_invalid_arguments_via_run(arguments, reason) -> None:
    with FMPStandIn() as stand_in:
        with pytest.raises(ToolArgumentsError, match=reason) as info:
            CompanyComparison(stand_in.client()).run(**arguments)
        assert stand_in.calls() == 0  # bad input sends nothing
    assert "company_comparison" in str(info.value)


@pytest.mark.parametrize("arguments, reason", INVALID)
def test_invalid_arguments_via_invoke_json(arguments, reason) -> None:
    with FMPStandIn() as stand_in:
        with pytest.raises(ToolArgumentsError, match=reason) as info:
            CompanyComparison(stand_in.client()).invoke(json.dumps(arguments))
        assert stand_in.calls() == 0
    assert "company_comparison" in str(info.value)


def test_invoke_rejects_broken_json() -> None:
    with pytest.raises(ToolArgumentsError, match="not valid JSON"):
        CompanyComparison(snapshot_client()).invoke('{"symbols": ["MSFT", "GOOGL"')


def test_invoke_with_json_returns_the_prompt_and_facts() -> None:
    output = CompanyComparison(snapshot_client()).invoke(
        '{"symbols": ["msft", "googl"], "time_horizon": "3 years"}'
    )
    assert isinstance(output, ToolOutput)
    assert output.content.startswith("## Company comparison: MSFT, GOOGL")
    assert any(getattr(f, "id", None) == "MSFT.pe" for f in output.facts)


def test_tool_schema_names_the_limits() -> None:
    tool = CompanyComparison(snapshot_client())
    assert tool.name == "company_comparison"
    schema = tool.parameters_schema()
    symbols = schema["properties"]["symbols"]
    assert (symbols["minItems"], symbols["maxItems"]) == (2, 5)
    assert schema["required"] == ["symbols"]


# --- facts as plain records ---------------------------------------------------------------------


def test_to_records_are_plain_dicts(msft_googl) -> None:
    records = msft_googl.to_records()
    assert isinstance(records, list) and len(records) == len(msft_googl.facts)
    assert all(isinstance(r, dict) for r in records)
    for key in ("id", "value", "unit", "period", "source"):
        assert all(key in r for r in records), key
    pe = next(r for r in records if r["id"] == "MSFT.pe")
    assert pe["value"] == pytest.approx(406.220001 / 9.68, rel=1e-6)
    assert (pe["unit"], pe["period"], pe["source"]) == ("x", "price 2024-03-08 / FY2023", "Q,IS")
    json.dumps(records)  # plain data: serialisable as is


def test_fact_sheet_csv_has_a_header_row(msft_googl) -> None:
    text = msft_googl.sheet.to_csv()
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    for key in ("id", "value", "unit", "period", "source"):
        assert key in header
    assert len(rows) == len(msft_googl.facts) + 1
    by_id = {row[header.index("id")]: row for row in rows[1:]}
    assert float(by_id["MSFT.revenue"][header.index("value")]) == 211_915_000_000
    assert FactSheet().to_csv() == ""  # nothing to write, no stray header
