"""Results in a notebook: short reprs, Markdown/HTML display, wide data frames, parsed arguments."""

from __future__ import annotations

import sys
from html.parser import HTMLParser

import pytest

from finagent import FunctionCallingAgent
from finagent.facts import Fact, FactSheet
from finagent.turn import RunResult, ToolCallRecord
from finagent.usage import Usage
from finagent.verify import Verifier

MARGINS = [
    Fact("MSFT.operating_margin", "MSFT", "operating_margin", "Operating margin", 41.77, "%",
         "FY2023", "IS"),
    Fact("GOOGL.operating_margin", "GOOGL", "operating_margin", "Operating margin", 27.42, "%",
         "FY2023", "IS"),
    Fact("MSFT.pe", "MSFT", "pe", "P/E", 41.97, "x", "price 2024-03-08 / FY2023", "Q,IS"),
    Fact("GOOGL.pe", "GOOGL", "pe", "P/E", 23.35, "x", "price 2024-03-08 / FY2023", "Q,IS"),
]  # fmt: skip


@pytest.fixture(scope="module")
def comparison() -> RunResult:
    agent = FunctionCallingAgent.from_env(offline=True)
    return agent.run("Compare MSFT and GOOGL over the next 3 years")


def result_for(answer: str, facts: list[Fact] = MARGINS) -> RunResult:
    record = ToolCallRecord("company_comparison", '{"symbols": ["MSFT", "GOOGL"]}', True, 0.1)
    verification = Verifier()(answer, facts)
    return RunResult(answer, [record], list(facts), Usage(), verification=verification)


def test_reprs_are_short_and_say_what_matters(comparison):
    """A notebook cell showing a result prints a line, not the million characters of raw data."""
    analysis = comparison.outputs[0].data
    shown = repr(comparison)
    assert len(shown) < 300 and len(repr(analysis)) < 200 and len(repr(analysis.sheet)) < 100
    assert shown.startswith("<RunResult answered: '")
    assert f"{len(comparison.facts)} facts" in shown and "1 tool calls" in shown
    assert "verified" in shown
    assert repr(analysis) == (
        f"<AnalysisResult 'Company comparison: MSFT, GOOGL': {len(analysis.facts)} facts, "
        "offline snapshot as of 2024-03-08 (not live data)>"
    )
    assert (
        repr(analysis.sheet)
        == f"<FactSheet {len(analysis.facts)} facts on MSFT, GOOGL; 2 warnings>"
    )
    assert repr(MARGINS[0]) == "<Fact MSFT.operating_margin = 41.8% (FY2023; IS)>"
    assert len(repr(comparison.outputs[0])) < 20_000  # the prompt text, not the raw series


def test_tool_call_arguments_are_a_dict_and_the_raw_text_is_kept(comparison):
    record = comparison.tool_calls[0]
    assert record.arguments == {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"}
    assert record.raw_arguments.startswith("{")
    assert repr(record) == (
        "<ToolCallRecord company_comparison(symbols=['MSFT', 'GOOGL'], time_horizon='3 years') "
        f"ok, {len(record.fact_ids)} facts>"
    )
    assert comparison.to_dict()["tool_calls"][0]["arguments"]["symbols"] == ["MSFT", "GOOGL"]
    broken = ToolCallRecord("quote", '{"symbol": "AAP', False, 0.0, "Invalid JSON")
    assert broken.arguments == {} and broken.raw_arguments == '{"symbol": "AAP'
    assert ToolCallRecord("quote", '["AAPL"]', False, 0.0).arguments == {}  # not an object


def test_markdown_shows_the_answer_marks_citations_and_the_check():
    result = result_for(
        "Microsoft's operating margin was 41.8% [MSFT.operating_margin]; Alphabet's was 31.8%."
    )
    shown = result._repr_markdown_()
    assert shown.startswith("Microsoft's operating margin was 41.8% [1]; Alphabet's was 31.8% ⚠.")
    assert "- [1] MSFT.operating_margin = 41.8% (FY2023)" in shown
    assert "*2 figures: 1 verified, 0 derived, 1 unverified (31.8%) (⚠ = not found" in shown
    assert "Tool calls: company_comparison (ok). 4 facts." in shown


def test_markdown_of_a_partial_result_names_what_is_missing():
    result = result_for("Only Microsoft could be compared.")
    result.missing = ["ZZZZ: no data in the offline snapshot"]
    assert "**Missing:** ZZZZ: no data in the offline snapshot" in result._repr_markdown_()


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_html_renders_tables_and_escapes_what_the_model_wrote(comparison):
    hostile = result_for(
        "Microsoft <script>alert(1)</script> margin 41.8%. ![px](http://evil.example/p.png) "
        "[see](http://evil.example/) <http://evil.example/auto>"
    )
    html = hostile._repr_html_()
    assert "script" not in parsed(html).tags and "&lt;script&gt;" in html
    assert not {"img", "a"} & set(parsed(html).tags)  # a model's text loads nothing
    sheet_html = comparison.outputs[0].data._repr_html_()
    elements = parsed(sheet_html)
    assert {"h3", "table", "th", "td"} <= set(elements.tags)
    text = "".join(elements.text)
    assert "Operating margin" in text and "41.8%" in text and "27.4%" in text
    assert "offline snapshot as of 2024-03-08" in text


def test_a_fact_sheet_shows_its_warnings_and_missing_parts():
    sheet = FactSheet(list(MARGINS), warnings=["Fiscal years end in different months"])
    sheet.missing.append("AMD: not in the snapshot")
    shown = sheet._repr_markdown_()
    assert shown.splitlines()[0] == "| metric | period | MSFT | GOOGL |"
    assert "| Operating margin | FY2023 | 41.8% | 27.4% |" in shown
    assert "- ⚠ Fiscal years end in different months" in shown
    assert "- missing: AMD: not in the snapshot" in shown
    assert repr(sheet) == "<FactSheet 4 facts on MSFT, GOOGL; 1 warnings, 1 missing>"


def test_to_frame_is_the_wide_table(comparison):
    pd = pytest.importorskip("pandas")
    frame = comparison.to_frame()
    assert list(frame.columns) == ["MSFT", "GOOGL"]
    assert frame.index.names == ["metric", "period"]
    by_id = {fact.id: fact.value for fact in comparison.facts}
    assert frame.loc[("operating_margin", "FY2023"), "MSFT"] == by_id["MSFT.operating_margin"]
    assert frame.loc[("pe", "price 2024-03-08 / FY2023"), "GOOGL"] == by_id["GOOGL.pe"]
    assert frame.attrs["units"]["pe"] == "x" and frame.attrs["labels"]["roe"].startswith("ROE")
    assert len(frame) == len({(f.metric, f.period) for f in comparison.facts})
    sheet_frame = comparison.outputs[0].data.to_frame()
    pd.testing.assert_frame_equal(sheet_frame, frame)


def test_to_frame_keeps_periods_that_differ_on_their_own_rows():
    pytest.importorskip("pandas")
    facts = [
        Fact("MSFT.revenue", "MSFT", "revenue", "Revenue", 211.9e9, "USD", "FY2023 (Jun)", "IS"),
        Fact("GOOGL.revenue", "GOOGL", "revenue", "Revenue", 307.4e9, "USD", "FY2023", "IS"),
    ]
    frame = FactSheet(facts).to_frame()
    assert frame.loc[("revenue", "FY2023 (Jun)"), "MSFT"] == 211.9e9
    assert frame.loc[("revenue", "FY2023"), "GOOGL"] == 307.4e9
    assert frame.isna().sum().sum() == 2  # each company has no value on the other's row


def test_to_frame_without_pandas_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ImportError, match=r"needs pandas.*pip install pandas"):
        FactSheet(list(MARGINS)).to_frame()


def test_importing_finagent_loads_neither_pandas_nor_markdown_it():
    import subprocess

    code = (
        "import sys, finagent, orchestrations; "
        "print('pandas' in sys.modules, 'markdown_it' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
