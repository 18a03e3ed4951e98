"""The grounding corpus (eval/grounding) is well-formed: offline, fast, no verifier scores."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1] / "eval" / "grounding"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from finagent.facts import Fact, FactLedger  # noqa: E402

SHEET_PATHS = sorted(corpus.SHEETS_DIR.glob("*.json"))
SPLITS = [split for split in corpus.SPLITS if (HERE / split).is_dir()]
OPERATOR = re.compile(r"\s[-+/*×]\s")
#: the 15 sheets of commit 25fd459 (dev, dev2, dev3 and dev4 were written over these)
ORIGINAL_SHEETS = {
    "cmp-msft-googl-3y",
    "cmp-nvda-amd-intc-18m",
    "cmp-jpm-bac-wfc-2y",
    "cmp-xom-cvx-5y",
    "cmp-lly-pfe-mrk-abbv-3y",
    "cmp-aapl-msft-1y",
    "cmp-meta-googl-orcl-6m",
    "sec-banking-5",
    "sec-technology-5",
    "sec-healthcare-5",
    "sec-energy-4",
    "snap-nvda",
    "snap-jpm",
    "snap-jnj",
    "snap-aapl",
}
#: the 5 sheets added for holdout4 (commit bc16c4a)
HOLDOUT4_SHEETS = {
    "cmp-c-wfc-bac-1y",
    "cmp-csco-intc-amd-3y",
    "cmp-abbv-mrk-2y",
    "snap-cop",
    "snap-ms",
}

#: the 8 sheets added for holdout5
HOLDOUT5_SHEETS = {
    "cmp-aapl-jpm-xom-5y",
    "cmp-lly-pfe-6m",
    "sec-finserv-6",
    "sec-software-3",
    "snap-meta",
    "snap-lly",
    "snap-xom",
    "snap-msft",
}

#: the 7 sheets added for holdout6
HOLDOUT6_SHEETS = {
    "snap-pfe",
    "snap-orcl",
    "snap-wfc",
    "snap-amd",
    "cmp-nvda-amd-3m",
    "cmp-googl-jnj-cvx-2y",
    "sec-semis-3",
}

#: the 8 sheets added for holdout7
HOLDOUT7_SHEETS = {
    "snap-cvx",
    "snap-bac",
    "snap-googl",
    "snap-mrk",
    "cmp-meta-nvda-lly-1y",
    "cmp-slb-xom-cop-3m",
    "cmp-intc-csco-5y",
    "sec-pharma-4",
}

#: the 8 sheets added for holdout8
HOLDOUT8_SHEETS = {
    "snap-abbv",
    "snap-csco",
    "snap-intc",
    "snap-slb",
    "snap-c",
    "cmp-msft-jpm-lly-18m",
    "cmp-wfc-abbv-slb-5y",
    "sec-oilgas-3",
}

#: the 7 sheets added for holdout9
HOLDOUT9_SHEETS = {
    "snap-jpm-growth",
    "snap-unh-valuation",
    "snap-nvda-balance",
    "cmp-orcl-ms-unh-4y",
    "cmp-adbe-msft-9m",
    "cmp-aapl-unh-cvx-gs-10y",
    "sec-banks-3",
}

#: the 8 sheets added for holdout10
HOLDOUT10_SHEETS = {
    "snap-meta-valuation",
    "snap-xom-growth",
    "snap-aapl-balance",
    "cmp-googl-xom-jnj-ms-7y",
    "cmp-meta-amd-30m",
    "cmp-bac-cop-intc-1m",
    "sec-commservices-2",
    "sec-infotech-7",
}

#: the 8 sheets added for holdout11
HOLDOUT11_SHEETS = {
    "snap-c-balance",
    "snap-lly-growth",
    "snap-orcl-overview",
    "snap-ms-balance",
    "cmp-pfe-mrk-jnj-4y",
    "cmp-nvda-intc-adbe-2y",
    "cmp-wfc-jpm-6m",
    "sec-healthcare-3",
}

#: the 8 sheets added for holdout12
HOLDOUT12_SHEETS = {
    "snap-cvx-growth",
    "snap-gs-valuation",
    "snap-msft-balance",
    "snap-abbv-overview",
    "cmp-slb-cop-xom-cvx-2y",
    "cmp-aapl-csco-orcl-15m",
    "cmp-c-bac-3m",
    "sec-technology-4",
}

#: the 6 sheets added for dev13
DEV13_SHEETS = {
    "snap-adbe-balance",
    "snap-pfe-valuation",
    "snap-wfc-growth",
    "cmp-lly-unh-1y",
    "cmp-jpm-gs-ms-c-5y",
    "sec-financials-5",
}

#: the 6 sheets added for dev14 (a development set written blind)
DEV14_SHEETS = {
    "snap-csco-valuation",
    "snap-bac-growth",
    "snap-intc-overview",
    "cmp-orcl-adbe-msft-3y",
    "cmp-xom-meta-1y",
    "sec-energy-2",
}

#: the 4 sheets added for dev15 (a development set written blind)
DEV15_SHEETS = {
    "snap-jnj-valuation",
    "snap-amd-growth",
    "cmp-cvx-cop-1y",
    "sec-pharma-3",
}

#: the 4 sheets added for dev16 (a development set written blind)
DEV16_SHEETS = {
    "snap-msft-valuation",
    "snap-c-growth",
    "cmp-nvda-msft-aapl-2y",
    "sec-banks-4",
}

#: the 8 sheets added for holdout13 (a holdout written blind)
HOLDOUT13_SHEETS = {
    "snap-aapl-growth",
    "snap-abbv-balance",
    "snap-amd-valuation",
    "snap-cop-valuation",
    "cmp-bac-jpm-gs-18m",
    "cmp-c-ms-wfc-4y",
    "cmp-abbv-pfe-lly-1y",
    "sec-healthcare-4",
}

#: the 8 sheets added for holdout14 (a holdout written blind)
HOLDOUT14_SHEETS = {
    "snap-jpm-valuation",
    "snap-intc-growth",
    "snap-jnj-balance",
    "snap-googl-overview",
    "cmp-cvx-xom-cop-18m",
    "cmp-gs-ms-jpm-9m",
    "cmp-csco-msft-2y",
    "sec-infotech-6",
}

#: the 5 sheets added for dev19 (a development set written blind)
DEV19_SHEETS = {
    "snap-mrk-valuation",
    "snap-nvda-growth",
    "cmp-ms-jpm-bac-4y",
    "cmp-lly-mrk-18m",
    "sec-financials-7",
}

#: the 6 sheets added for dev20 (a development set written blind)
DEV20_SHEETS = {
    "snap-slb-valuation",
    "snap-unh-balance",
    "snap-orcl-growth",
    "cmp-pfe-abbv-lly-2y",
    "cmp-wfc-ms-gs-18m",
    "sec-commservices-3",
}

#: the 8 sheets added for holdout15 (a holdout written blind)
HOLDOUT15_SHEETS = {
    "snap-meta-growth-h15",
    "snap-xom-valuation-h15",
    "snap-lly-balance-h15",
    "snap-gs-growth-h15",
    "cmp-meta-googl-4y-h15",
    "cmp-slb-cop-6m-h15",
    "cmp-unh-jnj-mrk-9m-h15",
    "sec-finserv-4-h15",
}

#: the 8 sheets added for holdout16 (a holdout written blind)
HOLDOUT16_SHEETS = {
    "snap-meta-growth-h16",
    "snap-gs-growth-h16",
    "snap-lly-balance-h16",
    "snap-wfc-valuation-h16",
    "cmp-googl-meta-2q-h16",
    "cmp-jnj-unh-mrk-lt-h16",
    "cmp-cvx-slb-st-h16",
    "sec-semis-5-h16",
}

#: the 8 sheets added for dev23 (a development set written blind)
DEV23_SHEETS = {
    "snap-unh-growth-d23",
    "snap-slb-balance-d23",
    "snap-adbe-growth-d23",
    "snap-cop-balance-d23",
    "cmp-orcl-nvda-csco-1y-d23",
    "cmp-jnj-pfe-abbv-6m-d23",
    "cmp-gs-c-wfc-mt-d23",
    "sec-software-4-d23",
}

#: the 8 sheets added for dev24 (a development set written blind)
DEV24_SHEETS = {
    "snap-slb-growth-d24",
    "snap-bac-valuation-d24",
    "snap-cop-balance-d24",
    "snap-adbe-growth-d24",
    "cmp-aapl-googl-meta-3y-d24",
    "cmp-jnj-pfe-mt-d24",
    "cmp-gs-c-wfc-1y-d24",
    "sec-energy-5-d24",
}


def _answers():
    return [answer for split in SPLITS for answer in corpus.load_answers(split)]


def _ids(sheet_ids):
    return {fact.id for fact in corpus.sheet_facts(sheet_ids)}


def test_sheets_are_ready():
    assert len(SHEET_PATHS) >= 12
    assert (corpus.SHEETS_DIR / "READY").exists()


@pytest.mark.parametrize("path", SHEET_PATHS, ids=lambda p: p.stem)
def test_sheet_loads_into_facts(path):
    sheet = corpus.load_sheet(path.stem)
    assert sheet["id"] == path.stem
    assert {"call", "companies", "prompt", "facts"} <= set(sheet)
    assert sheet["call"]["tool"] in ("company_comparison", "sector_analysis", "company_snapshot")
    facts = list(FactLedger.from_records(sheet["facts"]))
    assert len(facts) == len(sheet["facts"]) > 10
    assert all(isinstance(fact, Fact) for fact in facts)
    for record in sheet["facts"]:  # the displayed value is what the model saw
        assert record["display"] in sheet["prompt"] or record["value"] is None
    companies = {fact.entity for fact in facts} - {"median"}
    assert companies == set(sheet["companies"])
    assert all(sheet["companies"].values())


def test_there_are_enough_answers_and_plants():
    dev = corpus.load_answers("dev")
    assert len(dev) >= 45
    by_id = {answer.id: answer for answer in dev}
    planted = corpus.load_planted("dev")
    for cited in (True, False):
        assert sum(1 for p in planted if by_id[p.answer].cited is cited) >= 25


def test_dev2_has_enough_answers_and_plants():
    dev2 = corpus.load_answers("dev2")
    assert len(dev2) >= 30
    assert {s for a in dev2 for s in a.sheets} >= ORIGINAL_SHEETS  # dev2 predates the others
    by_id = {answer.id: answer for answer in dev2}
    planted = corpus.load_planted("dev2")
    assert sum(1 for p in planted if not by_id[p.answer].cited) >= 25
    assert sum(1 for p in planted if by_id[p.answer].cited) >= 15


def test_dev4_has_enough_answers_and_plants():
    holdout2 = corpus.load_answers("dev4")
    assert len(holdout2) >= 24
    assert len({s for a in holdout2 for s in a.sheets}) >= 12
    by_id = {answer.id: answer for answer in holdout2}
    planted = corpus.load_planted("dev4")
    assert sum(1 for p in planted if not by_id[p.answer].cited) >= 26
    assert sum(1 for p in planted if by_id[p.answer].cited) >= 14


def test_dev5_has_enough_answers_and_plants():
    holdout3 = corpus.load_answers("dev5")
    assert len(holdout3) >= 26
    assert sum(1 for a in holdout3 if not a.cited) >= 16
    assert sum(1 for a in holdout3 if a.cited) >= 10
    assert len({s for a in holdout3 for s in a.sheets}) >= 12
    assert sum(1 for a in holdout3 if set(a.sheets) - ORIGINAL_SHEETS) >= 12  # the new sheets
    assert sum(1 for a in holdout3 if len(a.sheets) > 1) >= 3  # follow-up questions
    by_id = {answer.id: answer for answer in holdout3}
    planted = corpus.load_planted("dev5")
    assert sum(1 for p in planted if not by_id[p.answer].cited) >= 55
    assert sum(1 for p in planted if by_id[p.answer].cited) >= 32
    assert {p.kind for p in planted} == set(corpus.KINDS)


def test_holdout4_has_enough_answers_and_plants():
    holdout4 = corpus.load_answers("dev6")
    assert len(holdout4) >= 28
    assert sum(1 for a in holdout4 if not a.cited) >= 18
    assert sum(1 for a in holdout4 if a.cited) >= 10
    assert len({s for a in holdout4 for s in a.sheets}) >= 14
    assert sum(1 for a in holdout4 if set(a.sheets) & HOLDOUT4_SHEETS) >= 10  # the new sheets
    assert sum(1 for a in holdout4 if set(a.sheets) & ORIGINAL_SHEETS) >= 10  # the oldest sheets
    assert sum(1 for a in holdout4 if len(a.sheets) > 1) >= 3  # follow-up questions
    by_id = {answer.id: answer for answer in holdout4}
    planted = corpus.load_planted("dev6")
    assert sum(1 for p in planted if not by_id[p.answer].cited) >= 60
    assert sum(1 for p in planted if by_id[p.answer].cited) >= 32
    assert {p.kind for p in planted} == set(corpus.KINDS)


#: the blind holdouts written to the same minimums: where each lives now, and its new sheets
BLIND = {
    "holdout5": ("dev7", HOLDOUT5_SHEETS),
    "holdout6": ("dev8", HOLDOUT6_SHEETS),
    "holdout7": ("dev9", HOLDOUT7_SHEETS),
    "holdout8": ("dev10", HOLDOUT8_SHEETS),
    "holdout9": ("dev11", HOLDOUT9_SHEETS),
    "holdout10": ("dev12", HOLDOUT10_SHEETS),
    "holdout11": ("dev17", HOLDOUT11_SHEETS),
    "holdout12": ("dev18", HOLDOUT12_SHEETS),
    "dev13": ("dev13", DEV13_SHEETS),
    "dev14": ("dev14", DEV14_SHEETS),
    "dev15": ("dev15", DEV15_SHEETS),
    "dev16": ("dev16", DEV16_SHEETS),
    "holdout13": ("dev21", HOLDOUT13_SHEETS),
    "holdout14": ("dev22", HOLDOUT14_SHEETS),
    "dev19": ("dev19", DEV19_SHEETS),
    "dev20": ("dev20", DEV20_SHEETS),
    "holdout15": ("holdout15", HOLDOUT15_SHEETS),
    "holdout16": ("holdout16", HOLDOUT16_SHEETS),
    "dev23": ("dev23", DEV23_SHEETS),
    "dev24": ("dev24", DEV24_SHEETS),
}


@pytest.mark.parametrize("name", BLIND)
def test_a_blind_holdout_has_enough_answers_and_plants(name):
    split, new_sheets = BLIND[name]
    answers = corpus.load_answers(split)
    assert len(answers) >= 30
    assert sum(1 for a in answers if not a.cited) >= 18
    assert sum(1 for a in answers if a.cited) >= 11
    assert len({s for a in answers for s in a.sheets}) >= 16
    assert sum(1 for a in answers if set(a.sheets) & new_sheets) >= 12  # the new sheets
    assert sum(1 for a in answers if set(a.sheets) & ORIGINAL_SHEETS) >= 10  # the oldest sheets
    assert sum(1 for a in answers if len(a.sheets) > 1) >= 3  # follow-up questions
    by_id = {answer.id: answer for answer in answers}
    planted = corpus.load_planted(split)
    assert len(planted) >= 145
    assert sum(1 for p in planted if not by_id[p.answer].cited) >= 95
    assert sum(1 for p in planted if by_id[p.answer].cited) >= 48
    assert {p.kind for p in planted} == set(corpus.KINDS)
    uncited = {p.kind for p in planted if not by_id[p.answer].cited}
    assert uncited == set(corpus.KINDS) - {"wrong_citation"}


@pytest.mark.parametrize("answer", _answers(), ids=lambda a: f"{a.split}/{a.id}")
def test_answer_is_well_formed(answer):
    assert answer.id == answer.path.stem
    assert answer.sheets, "an answer needs at least one sheet"
    for sheet_id in answer.sheets:
        assert (corpus.SHEETS_DIR / f"{sheet_id}.json").exists(), sheet_id
    assert answer.question.strip()
    assert answer.body.strip()
    for text in answer.derived:
        assert text in answer.body, f"derived figure {text!r} is not in the answer"
    ids = _ids(answer.sheets)
    citations = [c[1:-1] for c in corpus.CITATION.findall(answer.body)]
    cited_ids = [part.strip() for c in citations for part in OPERATOR.split(c)]
    if answer.cited:
        assert cited_ids, "a cited answer cites fact ids"
        unknown = [i for i in cited_ids if i not in ids]
        assert not unknown, f"cited ids not in the sheet(s): {unknown}"
    else:
        assert not [i for i in cited_ids if i in ids], "an uncited answer cites fact ids"


def test_answer_ids_are_unique():
    for split in SPLITS:
        ids = [answer.id for answer in corpus.load_answers(split)]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize("split", SPLITS)
def test_planted_errors_are_well_formed(split):
    answers = {answer.id: answer for answer in corpus.load_answers(split)}
    for plant in corpus.load_planted(split):
        where = f"{split}/planted.jsonl:{plant.line}"
        assert plant.answer in answers, f"{where}: no answer {plant.answer}"
        answer = answers[plant.answer]
        assert answer.body.count(plant.find) == 1, f"{where}: find must occur exactly once"
        assert plant.kind in corpus.KINDS, f"{where}: unknown kind {plant.kind}"
        assert plant.find != plant.replace
        assert corpus.figures(plant.find) or plant.kind == "wrong_citation", where
        assert corpus.figures(plant.replace), f"{where}: the replacement must hold a figure"
        if plant.kind == "wrong_citation":
            assert answer.cited, f"{where}: a wrong citation needs a cited answer"
            new = [c[1:-1] for c in corpus.CITATION.findall(plant.replace)]
            assert new and all(i in _ids(answer.sheets) for i in new), where


def test_figure_extractor_skips_context():
    text = "FY2023 (2024-03-08): 41.8% [MSFT.operating_margin], 3-year, 5 companies, #1, 1Y, $1.2B"
    assert [f.text for f in corpus.figures(text)] == ["41.8%", "$1.2B"]
