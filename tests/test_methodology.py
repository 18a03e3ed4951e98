"""The basis of each figure, hand-checked on the companies where the old rule went wrong.

Every expected value is worked out below from the raw FMP-shaped fields of the offline snapshot
(point-in-time as of 2024-03-08), with the arithmetic in the comment; "before" is what the
old rule gave. Market caps on 2024-03-08 are ``profile marketCap x close / profile price``.
"""

from __future__ import annotations

import pytest

from finagent.facts import Fact
from finagent.testing.fmp import snapshot_client
from orchestrations import AnalysisResult, CompanySnapshot, SectorAnalysis

REL = 1e-6


def snapshot(symbol: str) -> AnalysisResult:
    return CompanySnapshot(snapshot_client()).run(symbol=symbol)


def facts(result: AnalysisResult) -> dict[str, Fact]:
    return {f.id: f for f in result.facts}


# --- 2. discontinued operations: JNJ FY2023 (Kenvue) ---------------------------------------------
# income FY2023: netIncome 35,153,000,000 of which netIncomeFromDiscontinuedOperations
#   21,827,000,000; netIncomeFromContinuingOperations 13,326,000,000; revenue 85,159,000,000;
#   weightedAverageShsOutDil 2,560,400,000; epsDiluted 13.72 (total, incl. Kenvue)
# income FY2022: continuing 16,370,000,000 (discontinued 1,571,000,000: 8.8 %, also material);
#   weightedAverageShsOutDil 2,663,900,000
# balance: totalStockholdersEquity FY2023 68,774,000,000, FY2022 76,804,000,000; no preferred
# cash flow FY2023: commonDividendsPaid -11,770,000,000; close 2024-03-08 159.520004
JNJ_EPS = 13_326 / 2_560.4  # = 5.20465 continuing EPS (13.72 before, incl. Kenvue)
JNJ_EPS_2022 = 16_370 / 2_663.9  # = 6.14513
JNJ_MARKET_CAP = 383_813_419_008 * 159.520004 / 159.34  # = 384,247,007,251.22


@pytest.fixture(scope="module")
def jnj() -> AnalysisResult:
    return snapshot("JNJ")


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("JNJ.eps", JNJ_EPS),
        # 159.520004 / 5.20465 = 30.650 x (11.6 x before)
        ("JNJ.pe", 159.520004 / JNJ_EPS),
        # 13,326 / 85,159 = 15.648 % (41.3 % before)
        ("JNJ.net_margin", 13_326 / 85_159 * 100),
        # 13,326 / ((68,774 + 76,804) / 2 = 72,789) = 18.308 % (51.1 % before)
        ("JNJ.roe", 13_326 / 72_789 * 100),
        # 5.20465 / 6.14513 - 1 = -15.305 % (+103.9 % before)
        ("JNJ.eps_growth", (JNJ_EPS / JNJ_EPS_2022 - 1) * 100),
        ("JNJ.net_income", 35_153_000_000),  # the reported figure stays, as reported
        ("JNJ.net_income_continuing", 13_326_000_000),
        # 11,770,000,000 / 384,247,007,251.22 = 3.0631 %
        ("JNJ.dividend_yield", 11_770_000_000 / JNJ_MARKET_CAP * 100),
        # 11,770 / 13,326 = 88.324 % of continuing net income
        ("JNJ.payout_ratio", 11_770 / 13_326 * 100),
    ],
)
def test_jnj_is_on_continuing_operations(jnj, fact_id, expected) -> None:
    assert facts(jnj)[fact_id].value == pytest.approx(expected, rel=REL)


def test_jnj_labels_say_continuing_operations_and_keep_their_names(jnj) -> None:
    by_id = facts(jnj)
    for fact_id in ("JNJ.eps", "JNJ.pe", "JNJ.roe", "JNJ.eps_growth", "JNJ.net_margin"):
        assert "continuing operations" in by_id[fact_id].label, fact_id
    # the text before " (" is what the verifier matches on: unchanged
    assert by_id["JNJ.net_margin"].label.split(" (")[0] == "Net margin"
    assert by_id["JNJ.pe"].label.split(" (")[0] == "P/E"


def test_jnj_is_ranked_on_its_continuing_figures_in_healthcare() -> None:
    # it ranked #1 on P/E, net margin and ROE on the Kenvue gain; on continuing operations its
    # ROE (18.3 %) is #4 of 5, and its net margin (15.65 %) edges LLY's (15.36 %) on merit
    result = SectorAnalysis(snapshot_client()).run(sector="healthcare", top_n=5)
    rank = {f.id: f.value for f in result.facts if f.metric.startswith("rank_")}
    assert rank["JNJ.rank_roe"] == 4 and rank["JNJ.rank_pe"] == 2
    margin = next(f for f in result.facts if f.id == "JNJ.net_margin")
    assert margin.value == pytest.approx(13_326 / 85_159 * 100, rel=REL)


# --- 1. preferred equity out: JPM (in tests/test_orchestration_metrics.py too) -----------------


def test_jpm_p_b_p_tbv_roe_and_rotce_on_common_equity() -> None:
    # totalStockholdersEquity 327,878 - preferredStock 27,404 = common 300,474 (millions);
    # FY2022 292,332 - 27,404 = 264,928; goodwill & intangibles 64,381 / 60,859
    by_id = facts(snapshot("JPM"))
    market_cap = 545_916_518_400 * 188.220001 / 189.53  # 542,143,236,633.59
    assert by_id["JPM.pb"].value == pytest.approx(market_cap / 300_474e6, rel=REL)  # 1.804 (1.65)
    assert by_id["JPM.ptbv"].value == pytest.approx(market_cap / 236_093e6, rel=REL)  # 2.296 (2.06)
    assert by_id["JPM.roe"].value == pytest.approx(49_552 / 282_701 * 100, rel=REL)  # 17.5 (15.1)
    # ROTCE = 49,552 / ((236,093 + 204,069) / 2 = 220,081) = 22.515 %
    assert by_id["JPM.rotce"].value == pytest.approx(49_552 / 220_081 * 100, rel=REL)
    assert "preferred dividends not subtracted" in by_id["JPM.roe"].note


def test_p_b_uses_stockholders_equity_not_total_equity_with_minorities() -> None:
    # MRK FY2023: totalStockholdersEquity 37,581,000,000; totalEquity 37,635,000,000 (incl.
    # minority interest); market cap 313,414,189,056 x 123.5 / 123.75 = 312,781,029,078.11
    # P/B = 312,781,029,078.11 / 37,581,000,000 = 8.3229 (8.3109 on total equity)
    market_cap = 313_414_189_056 * 123.5 / 123.75
    assert facts(snapshot("MRK"))["MRK.pb"].value == pytest.approx(market_cap / 37_581e6, rel=REL)


# --- 3. net debt and EV net of short-term investments: NVDA FY2024 ------------------------------


def test_nvda_net_cash_counts_short_term_investments() -> None:
    # totalDebt 11,056; cashAndShortTermInvestments 25,984 (cash 7,280 + STI 18,704); EBITDA
    # 35,583 (millions): net debt = 11,056 - 25,984 = -14,928; / 35,583 = -0.41953 x (0.1 x before)
    by_id = facts(snapshot("NVDA"))
    assert by_id["NVDA.net_debt"].value == -14_928_000_000
    assert by_id["NVDA.net_debt_ebitda"].value == pytest.approx(-14_928 / 35_583, rel=REL)
    # EV = 2,217,499,951,104 x 87.528003 / 88.7 + 11,056e6 - 25,984e6 = 2,173,272,026,750.06
    ev = 2_217_499_951_104 * 87.528003 / 88.7 + 11_056e6 - 25_984e6
    assert by_id["NVDA.ev_ebitda"].value == pytest.approx(ev / 35_583e6, rel=REL)  # 61.08 x


# --- 4. PEG on a multi-year EPS CAGR -----------------------------------------------------------


def test_aapl_peg_on_a_three_year_eps_cagr() -> None:
    # epsDiluted FY2020 3.28 -> FY2023 6.13: CAGR = (6.13 / 3.28) ** (1/3) - 1 = 23.184 %
    # P/E = 170.729996 / 6.13 = 27.8515; PEG = 27.8515 / 23.184 = 1.2013 (85.09 before, on a
    # one-year growth of 0.33 %)
    by_id = facts(snapshot("AAPL"))
    cagr = (6.13 / 3.28) ** (1 / 3) - 1
    assert by_id["AAPL.eps_cagr_3y"].value == pytest.approx(cagr * 100, rel=REL)
    assert by_id["AAPL.peg"].value == pytest.approx((170.729996 / 6.13) / (cagr * 100), rel=REL)
    assert by_id["AAPL.peg"].period == "price 2024-03-08 / FY2023; EPS CAGR FY2020-FY2023"
    # revenue CAGR FY2020 274,515 -> FY2023 383,285 over 3 years = 11.766 %
    revenue_cagr = ((383_285 / 274_515) ** (1 / 3) - 1) * 100
    assert by_id["AAPL.revenue_cagr_3y"].value == pytest.approx(revenue_cagr, rel=REL)


@pytest.mark.parametrize("symbol", ["NVDA", "MSFT"])
def test_with_two_fiscal_years_peg_is_not_available(symbol) -> None:
    result = snapshot(symbol)
    assert f"{symbol}.peg" not in facts(result)  # never a one-year figure (0.13 / 134.99 before)
    assert any("PEG not available (fewer than three fiscal years" in w for w in result.warnings)


# --- 5. equity near zero or changed sign: ORCL --------------------------------------------------


def test_orcl_roe_and_p_b_are_not_meaningful_and_not_ranked() -> None:
    # totalStockholdersEquity FY2023 1,073,000,000 (0.8 % of assets 134,384,000,000), FY2022
    # -6,220,000,000: ROE was 792.5 % and ranked #1 in Technology
    result = SectorAnalysis(snapshot_client()).run(sector="Technology", top_n=6)
    ids = {f.id for f in result.facts}
    assert "ORCL.roe" not in ids and "ORCL.pb" not in ids and "ORCL.rank_roe" not in ids
    assert any("ORCL: ROE not meaningful (equity changed sign" in w for w in result.warnings)


# --- 6. the EPS basis of a P/E is in its label --------------------------------------------------


def test_pe_labels_name_their_eps_basis() -> None:
    pe = facts(snapshot("MSFT"))["MSFT.pe"]
    assert pe.label == "P/E (price / last fiscal year's diluted EPS)"
    assert pe.period == "price 2024-03-08 / FY2023"  # the fiscal year it is divided by


# --- 7. medians: at least 3 values, outliers out ------------------------------------------------


def test_healthcare_median_pe_leaves_out_the_outliers() -> None:
    # MRK: 123.5 / 0.14 = 882 x; LLY: 133 x, both above the 100 x bound
    result = SectorAnalysis(snapshot_client()).run(sector="healthcare", top_n=5)
    pe = {f.entity: f for f in result.facts if f.metric == "pe"}
    assert "outlier" in pe["MRK"].note
    assert "MRK" in pe["median"].note and pe["median"].value < 100  # 69.7 x before
    assert "MRK" not in {f.entity for f in result.facts if f.metric == "rank_pe"}


# --- 8. one window rule: the 5-year return exists offline ---------------------------------------


def test_five_year_return_starts_on_the_first_trading_day() -> None:
    # the 5Y window starts 2019-03-08; the first bar is 2019-03-11 (within 7 days), adjClose
    # 43.056713 -> 170.729996: 170.729996 / 43.056713 - 1 = 296.53 % ("not available" before)
    by_id = facts(snapshot("AAPL"))
    total = 170.729996 / 43.056713 - 1
    assert by_id["AAPL.return_5y"].value == pytest.approx(total * 100, rel=REL)
    assert by_id["AAPL.return_5y"].period == "2019-03-11 to 2024-03-08"
    # annualised: (1 + 2.96527) ** (1/5) - 1 = 31.74 %
    annual = ((1 + total) ** (1 / 5) - 1) * 100
    assert by_id["AAPL.return_cagr_5y"].value == pytest.approx(annual, rel=REL)
    assert by_id["AAPL.max_drawdown"].label == "Max drawdown 5Y"
    assert by_id["AAPL.max_drawdown"].period.startswith("2019-03-11 to ")


# --- 9. split-adjusted prices and EPS are labelled ----------------------------------------------


def test_nvda_price_and_eps_say_they_are_split_adjusted() -> None:
    by_id = facts(snapshot("NVDA"))
    note = "split-adjusted for the 10-for-1 split of 2024-06-10"
    assert by_id["NVDA.price"].note == note and by_id["NVDA.eps"].note == note
    # it traded at 87.528003 x 10 = 875.28003 on 2024-03-08
    assert by_id["NVDA.price_as_traded"].value == pytest.approx(875.28003, rel=REL)
    assert "price_as_traded" not in {f.metric for f in snapshot("MSFT").facts}


# --- 10 and the metrics an analyst expects ------------------------------------------------------


def test_fcf_label_is_plain_and_aapl_cash_returns_match_hand_values() -> None:
    by_id = facts(snapshot("AAPL"))
    assert by_id["AAPL.fcf"].label == "Free cash flow (operating cash flow − capital expenditure)"
    # OCF 110,543 - capex 10,959 = 99,584; minus SBC 10,833 = 88,751 (millions)
    assert by_id["AAPL.fcf_after_sbc"].value == 88_751_000_000
    assert by_id["AAPL.buybacks"].value == 77_550_000_000
    # weightedAverageShsOutDil 15,812,547,000 / 16,325,819,000 - 1 = -3.1439 %
    change = (15_812_547_000 / 16_325_819_000 - 1) * 100
    assert by_id["AAPL.diluted_shares_change"].value == pytest.approx(change, rel=REL)


def test_dividend_yield_is_zero_only_when_reported_zero() -> None:
    assert facts(snapshot("GOOGL"))["GOOGL.dividend_yield"].value == 0  # reported 0.0
    amd = snapshot("AMD")  # no dividend line at all: not available, never 0
    assert "AMD.dividend_yield" not in facts(amd)
    assert any("AMD: Dividend yield" in w and "not available" in w for w in amd.warnings)


# --- 6. live: a trailing-twelve-months P/E from the last four quarters --------------------------

# MSFT's reported diluted EPS of its last four quarters by 2024-03-08 (10-Q/10-K): quarters
# ended 2023-03-31 2.45, 2023-06-30 2.69, 2023-09-30 2.99, 2023-12-31 2.93: TTM EPS 11.06
MSFT_QUARTERS = [
    {"date": day, "symbol": "MSFT", "period": period, "fiscalYear": year, "epsDiluted": eps,
     "netIncome": income, "revenue": revenue}
    for day, period, year, eps, income, revenue in [
        ("2023-12-31", "Q2", "2024", 2.93, 21_870e6, 62_020e6),
        ("2023-09-30", "Q1", "2024", 2.99, 22_291e6, 56_517e6),
        ("2023-06-30", "Q4", "2023", 2.69, 20_081e6, 56_189e6),
        ("2023-03-31", "Q3", "2023", 2.45, 18_299e6, 52_857e6),
    ]
]  # fmt: skip


def _with_quarters(rows):
    from finagent.testing.servers import json_response

    def override(endpoint, query):
        if endpoint == "income-statement" and query.get("period") == "quarter":
            return json_response(200, rows if query.get("symbol") == "MSFT" else [])
        return None

    return override


def test_live_pe_ttm_from_the_last_four_quarters() -> None:
    from finagent.testing.fmp import FMPStandIn

    with FMPStandIn(override=_with_quarters(MSFT_QUARTERS)) as server:
        result = CompanySnapshot(server.client()).run(symbol="MSFT")
    by_id = facts(result)
    # 406.220001 / (2.93 + 2.99 + 2.69 + 2.45 = 11.06) = 36.729 x, beside the FY2023 P/E 41.96 x
    assert by_id["MSFT.pe_ttm"].value == pytest.approx(406.220001 / 11.06, rel=REL)
    assert by_id["MSFT.pe_ttm"].period == "price 2024-03-08 / TTM to 2023-12-31"
    assert by_id["MSFT.pe"].value == pytest.approx(406.220001 / 9.68, rel=REL)


def test_no_pe_ttm_without_four_consecutive_quarters() -> None:
    from finagent.testing.fmp import FMPStandIn

    with FMPStandIn(override=_with_quarters(MSFT_QUARTERS[:3])) as server:
        result = CompanySnapshot(server.client()).run(symbol="MSFT")
    assert "MSFT.pe_ttm" not in facts(result)
    offline = snapshot("MSFT")  # the snapshot has no quarterly statements: said, not hidden
    assert "MSFT.pe_ttm" not in facts(offline)
    assert any("Quarterly income statements (for a trailing-twelve-months P/E)" in w
               for w in offline.warnings)  # fmt: skip
