"""The HTML report (``/export FILE.html``, ``ask --export``): its sections and two inline SVG
charts, nothing loaded from outside, every text escaped, a useful page without matplotlib, and
the same page for the same answer. Offline, from the bundled snapshot."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

from finagent import DISCLAIMER, FunctionCallingAgent
from finagent.app.exports import report_info, write_export
from finagent.app.report_html import render_html
from finagent.testing import ScriptedModel, call

WHEN = datetime(2026, 11, 30, 8, 15)
COMPARE = call("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"})


class Page(HTMLParser):
    """The parts of a page the tests look at: tags, attributes, text by section and chart."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, str | None]] = []
        self.text_in: dict[str, str] = {}  # element id -> its text (nested ids too)
        self.svgs_in: dict[str, int] = {}  # element id -> <svg> elements inside
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "svg":
            for _, ident in self.stack:
                if ident:
                    self.svgs_in[ident] = self.svgs_in.get(ident, 0) + 1
        if tag not in ("br", "meta", "input", "img", "link", "hr", "path", "use", "rect"):
            self.stack.append((tag, attributes.get("id")))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, ident in self.stack:
            if ident:
                self.text_in[ident] = self.text_in.get(ident, "") + " " + data

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def text(self, ident: str) -> str:
        return " ".join(self.text_in.get(ident, "").split())


def offline_result(model=None, question="Compare MSFT and GOOGL"):
    agent = FunctionCallingAgent.from_env(model=model, offline=True)
    return agent, agent.run(question)


def render(agent, result, question="Compare MSFT and GOOGL") -> str:
    return render_html(result, report_info(agent, question, WHEN), list(agent.ledger))


@pytest.fixture(scope="module")
def planner_page() -> tuple[str, Page]:
    """The offline demo's report for the README question (built once: it is read-only)."""
    from finagent.testing import block_real_requests

    with block_real_requests():
        agent, result = offline_result()
        text = render(agent, result)
    return text, Page(text)


def test_the_report_has_its_sections(planner_page):
    _, page = planner_page
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert {"report-header", "answer", "charts", "facts", "chart-prices", "chart-metrics"} <= ids
    header = page.text("report-header")
    assert "Compare MSFT and GOOGL" in header and "2026-11-30 08:15" in header
    assert "offline demo (rule-based planner, no LLM)" in header  # the model
    assert "bundled offline snapshot as of 2024-03-08" in header  # the data source
    assert "Figures as of offline snapshot as of 2024-03-08 (not live data)" in header
    assert DISCLAIMER in header
    answer = page.text("answer")
    assert re.search(
        r"Operating margin \(FY2023\): MSFT 41\.8% \[(\d+)\] vs GOOGL 27\.4% \[\d+\]", answer
    )
    marker = re.search(r"MSFT 41\.8% \[(\d+)\]", answer)[1]
    assert f"[{marker}] MSFT.operating_margin = 41.8% (FY2023)" in answer  # the sources list
    assert "figures:" in answer and "verified" in answer  # the verification line
    assert page.all("h3") and page.all("li")  # the answer's Markdown became HTML
    facts = page.text("facts")
    assert "Operating margin" in facts and "41.8%" in facts and "27.4%" in facts
    assert "Q = quote" in facts  # the source legend
    assert sum(a.get("scope") == "col" for a in page.all("th")) == 5  # metric, period, 2, src


def test_two_inline_svg_charts_with_their_captions(planner_page):
    text, page = planner_page
    assert page.svgs_in.get("chart-prices") == 1 and page.svgs_in.get("chart-metrics") == 1
    assert len(page.all("svg")) == 2
    prices = page.text("chart-prices")
    assert "MSFT" in prices and "GOOGL" in prices  # the legend, as SVG text
    assert "rebased to 100" in prices and "2023-03-08 to 2024-03-08" in prices  # 1Y: the default
    metrics = page.text("chart-metrics")
    for label in ("P/E", "EV/EBITDA", "Operating margin", "ROE", "42.0x", "41.8%"):
        assert label in metrics
    assert "<?xml" not in text and "<!DOCTYPE svg" not in text and "<metadata" not in text


def test_the_report_loads_nothing_from_outside(planner_page):
    text, page = planner_page
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert not page.all("iframe") and not page.all("object")
    for _, attrs in page.tags:
        assert "src" not in attrs
        for name in ("href", "xlink:href"):
            assert (attrs.get(name) or "#").startswith("#"), attrs  # only the SVG's own refs
    assert "@import" not in text
    assert {ref[:1] for ref in re.findall(r"url\(\s*['\"]?([^)]*)\)", text)} == {"#"}  # clip-paths


def test_the_comparison_horizon_sets_the_price_window():
    agent, result = offline_result(question="Compare MSFT and GOOGL over the next 3 years")
    page = Page(render(agent, result))
    assert "2021-03-08 to 2024-03-08" in page.text("chart-prices")


def test_a_company_snapshot_charts_its_peer_median():
    agent, result = offline_result(question="Is AAPL expensive?")
    page = Page(render(agent, result, question="Is AAPL expensive?"))
    metrics = page.text("chart-metrics")
    assert "peer median 42.0x" in metrics and "27.9x" in metrics  # AAPL's P/E and its peers'
    assert "the median of its peers" in metrics  # the caption says which median
    assert "AAPL" in page.text("chart-prices")


def test_a_hostile_question_and_answer_are_escaped_and_load_nothing():
    hostile = "<script>alert('q')</script> & Compare MSFT and GOOGL"
    answer = (
        "MSFT's operating margin was 41.8% in FY2023. <script>alert('a')</script> "
        '<img src="http://evil.example/px.png" onerror="alert(1)"> '
        "[click me](http://evil.example/) ![pixel](https://evil.example/p.png) "
        "<https://evil.example/auto>"
    )
    agent, result = offline_result(ScriptedModel([COMPARE, answer]), question=hostile)
    text = render(agent, result, question=hostile)
    page = Page(text)
    assert not page.all("script") and not page.all("img") and not page.all("a")
    assert "&lt;script&gt;alert(&#x27;q&#x27;)&lt;/script&gt; &amp; Compare" in text
    assert "<script>alert('q')</script> & Compare MSFT and GOOGL" in page.text("report-header")
    assert "<script>alert('a')</script>" in page.text("answer")  # shown as text, not run
    assert 'href="http' not in text and 'src="http' not in text
    title = text[text.index("<title>") : text.index("</title>")]
    assert "<script>" not in title


def test_citations_become_markers_and_unverified_figures_get_a_mark():
    answer = "MSFT's operating margin was 41.8% [MSFT.operating_margin] and GOOGL's was 99.9%."
    agent, result = offline_result(ScriptedModel([COMPARE, answer]))
    assert len(result.verification.unverified) == 1
    text = render(agent, result)
    page = Page(text)
    said = page.text("answer")
    assert "41.8% [1]" in said and "MSFT.operating_margin" not in said.split("Sources")[0]
    assert "[1] MSFT.operating_margin = 41.8% (FY2023)" in said
    assert '99.9% <span class="unverified" title="not found in the facts">⚠</span>' in text
    assert "1 unverified" in said and "⚠ = not found in the facts" in said


def test_without_matplotlib_the_report_says_how_to_get_charts(monkeypatch):
    agent, result = offline_result()
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` -> ImportError
    page = Page(render(agent, result))
    assert not page.all("svg")
    charts = page.text("charts")
    assert "Charts need matplotlib" in charts and "pip install 'finagent[charts]'" in charts
    assert "41.8%" in page.text("facts") and page.text("answer")  # the rest is all there


def test_the_same_answer_gives_the_same_page():
    agent, result = offline_result()
    assert render(agent, result) == render(agent, result)


def test_an_answer_without_facts_has_no_charts_section():
    agent = FunctionCallingAgent(ScriptedModel(["Hello."]), [])
    result = agent.run("hi")
    from finagent.app.report_html import ReportInfo

    text = render_html(result, ReportInfo("hi", "scripted", "custom tools", WHEN))
    page = Page(text)
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert "answer" in ids and "charts" not in ids and "facts" not in ids
    assert "Hello." in page.text("answer")


def test_keys_never_reach_the_file(tmp_path):
    from finagent.secrets import register_secret

    secret = "fake-report-secret-for-this-test"
    register_secret(secret)
    agent, result = offline_result(question=f"Compare MSFT and GOOGL {secret}")
    result.answer = f"{result.answer}\n\nThe key was {secret}."  # each format writes the answer
    for name in ("r.html", "r.md"):
        path = write_export(tmp_path / name, result, agent, f"Compare {secret}", now=WHEN)
        assert secret not in path.read_text(encoding="utf-8")


def test_markdown_export_is_unchanged(tmp_path):
    agent, result = offline_result()
    text = write_export(tmp_path / "r.md", result, agent, "q").read_text(encoding="utf-8")
    assert text.startswith(result.answer) and "| MSFT.pe | P/E" in text
    assert DISCLAIMER in text


# --- the chart data, without matplotlib ----------------------------------------------------


def test_rebase_starts_the_window_like_returns_do():
    from finagent.app.charts import rebase

    bars = [(date(2023, 3, 6), 50.0), (date(2023, 3, 8), 40.0), (date(2023, 3, 9), 44.0)]
    bars += [(date(2024, 3, 8), 60.0)]
    [line] = rebase({"X": bars}, 1.0)
    assert line.start == date(2023, 3, 8)
    assert line.points[0] == (date(2023, 3, 8), 100.0) and line.last == pytest.approx(150.0)
    [short] = rebase({"Y": bars[2:]}, 3.0)  # history shorter than the horizon: its first close
    assert short.start == date(2023, 3, 9)
    assert rebase({"Z": bars[:1]}, 1.0) == []  # one close is no line


def test_metric_panels_take_the_sector_or_peer_median():
    from finagent.app.charts import metric_panels
    from finagent.facts import Fact

    def fact(entity, metric, value, unit="x"):
        return Fact(
            f"{entity}.{metric}", entity, metric, "P/E (price / EPS)", value, unit, "p", "Q"
        )

    sector = metric_panels([fact("A", "pe", 10.0), fact("B", "pe", None), fact("median", "pe", 9)])
    assert [(p.title, p.values, p.median, p.median_label) for p in sector] == [
        ("P/E", [("A", 10.0), ("B", None)], 9, "median")
    ]
    [peer] = metric_panels([fact("A", "pe", 30.0), fact("A", "peer_median_pe", 25.0)])
    assert (peer.median, peer.median_label) == (25.0, "peer median")
    assert metric_panels([fact("A", "pe", None)]) == []  # no value: no panel
