"""The offline evaluation runs in CI: the planner must not fall below the recorded scores."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "eval"
sys.path.insert(0, str(EVAL))

import run as evaluation  # noqa: E402

FLOORS = {k: v for k, v in json.loads((EVAL / "floor.json").read_text()).items() if k != "note"}


def test_case_files_are_well_formed():
    cases = evaluation.load_cases(EVAL / "cases.jsonl") + evaluation.load_cases(
        EVAL / "holdout.jsonl"
    )
    assert len({c["id"] for c in cases}) == len(cases)
    main = evaluation.load_cases(EVAL / "cases.jsonl")
    assert len(main) >= 60
    assert sum(c["kind"] == "numeric" for c in main) >= 20
    for case in cases:
        assert case["kind"] in ("routing", "numeric")
        if case["kind"] == "routing":
            assert all(
                call["tool"] in ("company_comparison", "sector_analysis", "company_snapshot")
                for call in case["expected"]
            )
        else:
            assert {"value", "unit", "tolerance"} <= set(case["gold"]) and case["derivation"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_offline_planner_stays_above_the_recorded_floor(name):
    cases = evaluation.load_cases(EVAL / name)
    outcomes = evaluation.evaluate(cases, lambda: evaluation.make_agent(None, None, None))
    for kind, floor in FLOORS[name].items():
        results = [o.correct for o in outcomes if o.case["kind"] == kind]
        score = sum(results) / len(results)
        failed = [o.case["id"] for o in outcomes if o.case["kind"] == kind and not o.correct]
        assert score >= floor - 1e-9, f"{name} {kind}: {score:.1%} < floor {floor:.1%}: {failed}"


def test_grading_rejects_wrong_numbers_and_routes():
    gold = {"value": 28.07, "unit": "%", "tolerance": 0.1}
    question = "What was Microsoft's free cash flow margin in FY2023?"
    assert evaluation.numeric_correct("MSFT's FCF margin was 28.1% (FY2023).", question, gold)
    assert not evaluation.numeric_correct("MSFT's FCF margin was 29.1% (FY2023).", question, gold)
    assert not evaluation.numeric_correct("MSFT's P/E was 28.1x.", question, gold)
    expected = [
        {
            "tool": "company_comparison",
            "args": {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"},
        }
    ]
    assert evaluation.routing_correct(
        expected,
        [("company_comparison", {"symbols": ["GOOGL", "MSFT"], "time_horizon": "next 3 years"})],
    )
    assert not evaluation.routing_correct(
        expected, [("company_comparison", {"symbols": ["GOOGL", "MSFT"], "time_horizon": "1 year"})]
    )
    assert not evaluation.routing_correct([], [("company_snapshot", {"symbol": "AAPL"})])
