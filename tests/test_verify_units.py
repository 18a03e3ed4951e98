"""Unit tests of the verifier's small parts: citation parsing, windows, fiscal years, value
matching with bounds and directions, company names (found by mutation testing)."""

from __future__ import annotations

import pytest

from finagent.facts import Fact
from finagent.verify import citations
from finagent.verify.entities import Entities, short_names
from finagent.verify.extract import extract_figures
from finagent.verify.metrics import (
    direction,
    fact_window,
    fiscal_years,
    keywords,
    label_words,
    matches,
    options,
    score,
    text_windows,
)


def fact(id_: str, label: str, value: float, unit: str) -> Fact:
    entity, metric = id_.split(".", 1)
    return Fact(id_, entity, metric, label, value, unit, "FY2023", "T")


def figure(text: str):
    return extract_figures(text)[0]


def test_citation_parsing():
    assert citations.parse("MSFT.pe") == citations.Citation(["MSFT.pe"], [])
    assert citations.parse(" MSFT.pe / GOOGL.pe ") == citations.Citation(
        ["MSFT.pe", "GOOGL.pe"], ["/"]
    )
    assert citations.parse("BRK-B.pe−median.pe").ops == ["-"]
    assert citations.parse("A.x + B.y * C.z").ops == ["+", "*"]
    assert citations.parse("MSFT.pe, GOOGL.pe") == citations.Citation(["MSFT.pe", "GOOGL.pe"], [])
    assert citations.parse("MSFT.pe; GOOGL.pe").ids == ["MSFT.pe", "GOOGL.pe"]
    assert citations.parse("MSFT.pe, see note") is None
    assert citations.parse("MSFT.pe GOOGL.pe") is None
    assert citations.parse("MSFT.pe /") is None
    assert citations.parse("note") is None
    assert citations.parse("") is None


def test_citation_evaluation():
    facts = {
        "A.x": fact("A.x", "X", 6.0, "x"),
        "B.x": fact("B.x", "X", 2.0, "x"),
        "C.x": fact("C.x", "X", 0.0, "x"),
    }
    value = citations.evaluate
    assert value(citations.parse("A.x - B.x"), facts) == 4.0
    assert value(citations.parse("A.x + B.x"), facts) == 8.0
    assert value(citations.parse("A.x * B.x"), facts) == 12.0
    assert value(citations.parse("A.x / B.x"), facts) == 3.0
    assert value(citations.parse("A.x / B.x - B.x"), facts) == 1.0  # left to right
    assert value(citations.parse("A.x / C.x"), facts) is None
    none = {"A.x": Fact("A.x", "A", "x", "X", None, "x", "", "")}
    assert value(citations.parse("A.x"), none) is None


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        ("over three years", {"36m"}),
        ("over the past year", {"12m"}),
        ("in the last month", {"1m"}),
        ("18-month window", {"18m"}),
        ("12 months", {"12m"}),
        ("1Y return", {"12m"}),
        ("6M", {"6m"}),
        ("over two years", {"24m"}),
        ("over five years", {"60m"}),
        ("the company", set()),
        ("YoY", set()),
        ("50-day average", set()),
    ],
)
def test_text_windows(text, windows):
    assert text_windows(text) == windows


def test_bare_windows_take_the_unit_of_the_window_before():
    assert text_windows("and 49.3% over three.", "up 12.3% over one year and ") == {"36m"}
    assert text_windows("and 28.7% over one.", "down 10.8% over three months and ") == {"1m"}
    assert text_windows("over three.") == set()


def test_fact_windows_and_fiscal_years():
    assert fact_window(fact("A.return_1y", "Total return 1Y", 1, "%")) == "12m"
    assert fact_window(fact("A.return_3m", "Total return 3M", 1, "%")) == "3m"
    assert fact_window(fact("A.max_drawdown", "Max drawdown 1.5Y", 1, "%")) == "18m"
    assert fact_window(fact("A.revenue_cagr_2y", "Revenue CAGR 2y", 1, "%")) == "24m"
    assert fact_window(fact("A.pe_fy2022", "P/E at FY2022 end", 1, "x")) == ""
    assert fact_window(fact("A.pe", "P/E", 1, "x")) == ""
    assert fiscal_years("at the end of FY2022 and fiscal 2021, FY23") == {"2022", "2021", "2023"}
    assert fiscal_years("in 2022") == set()


def test_options_by_unit():
    pct = fact("A.m", "Margin", 36.7, "%")
    assert options(figure("36.7%"), pct) == [36.7]
    assert options(figure("0.367"), pct) == pytest.approx([36.7, 0.367])
    assert options(figure("36.7 points"), pct) == [36.7]
    assert options(figure("$36.7B"), pct) == []
    assert options(figure("36.7x"), pct) == []
    ratio = fact("A.de", "Debt / equity", 0.29, "ratio")
    assert options(figure("29.0%"), ratio) == pytest.approx([29.0])
    assert options(figure("0.29x"), ratio) == [0.29]
    usd = fact("A.r", "Revenue", 2e9, "USD")
    assert options(figure("$2.0B"), usd) == [2e9]
    assert options(figure("2.0x"), usd) == []
    assert options(figure("1.5x"), fact("A.rank", "Rank", 1, "rank")) == []


def test_matching_with_bounds_directions_and_signs():
    margin = fact("A.m", "Margin", 56.6, "%")
    assert matches(figure("more than 55%"), margin)
    assert not matches(figure("more than 58%"), margin)
    assert not matches(figure("more than 40%"), margin)  # too far to be the claim
    assert matches(figure("well over 40%"), margin)
    assert matches(figure("less than 60%"), margin)
    assert not matches(figure("less than 50%"), margin)
    assert not matches(figure("less than 100%"), margin)
    assert matches(figure("well under 100%"), margin)
    falling = fact("A.g", "Revenue growth", -16.0, "%")
    assert matches(figure("revenue fell 16.0%"), falling)
    assert not matches(figure("revenue rose 16.0%"), falling)
    assert matches(figure("-16.0%"), falling)
    assert not matches(figure("+16.0%"), falling)
    assert matches(figure("16.0%"), falling)  # no direction: the size is the claim
    assert not matches(figure("fell 16.0%"), fact("A.g", "Revenue growth", 16.0, "%"))
    assert direction(figure("3.0% below its average")) == -1
    assert direction(figure("3.0% above its average")) == 1
    assert direction(figure("it rose 3.0%")) == 1
    assert direction(figure("3.0%")) == 0
    assert direction(figure("-3.0%")) == -1
    assert direction(figure("-0%")) == -1


def test_keywords_and_scores():
    pe = fact("A.pe", "P/E (price / diluted EPS)", 42.0, "x")
    assert label_words(pe) == {"p/e"}
    _, words = keywords(pe)
    assert "x earnings" in words and "price-to-earnings" in words
    de = fact("A.debt_to_equity", "Debt / equity", 0.3, "ratio")
    current = fact("A.current_ratio", "Current ratio", 1.0, "ratio")
    assert score(keywords(de), "its debt/equity is") > 0
    assert score(keywords(current), "its debt/equity is") == 0
    assert score(keywords(pe), "nothing here") == 0.0
    net = fact("A.net_margin", "Net margin", 1, "%")
    op = fact("A.operating_margin", "Operating margin", 1, "%")
    assert score(keywords(op), "operating margin") > score(keywords(net), "operating margin")


def test_company_names():
    assert "Merck" in short_names("Merck & Co., Inc.")
    assert "UnitedHealth" in short_names("UnitedHealth Group Incorporated")
    assert "Bank" not in short_names("Bank of America Corporation")
    assert "BofA" in short_names("Bank of America Corporation")
    assert "Meta" in short_names("Meta Platforms, Inc.")
    assert "Platforms" not in short_names("Meta Platforms, Inc.")
    assert "Chevron" in short_names("Chevron Corporation")
    entities = Entities(
        {"MSFT", "GOOGL", "median", "MS"},
        {"GOOGL": "Alphabet Inc.", "MS": ["Morgan Stanley"]},
    )
    assert entities.find("Google and MSFT, not MSFTX, nor the median") == [
        (0, "GOOGL"),
        (11, "MSFT"),
    ]
    assert entities.named("alphabet's margin") == {"GOOGL"}
    assert entities.named("JPMorgan") == set()
    assert entities.named("Morgan Stanley's") == {"MS"}
    assert entities.named("ms") == set()  # short names and tickers are case-sensitive
