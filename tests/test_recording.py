"""Recorded runs: a live run written with ``FMPClient(record=DIR)`` replays offline, with no key
and no stand-in, to the very same facts; the key never reaches the folder; a request the run
never made fails with an error naming it and the folder; ``FMPStandIn(replay=DIR)`` serves the
folder over HTTP. "Live" is ``FMPStandIn`` on 127.0.0.1 serving the bundled sample data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from finagent import FunctionCallingAgent
from finagent.testing import ScriptedModel, call
from finagent.testing.fmp import FMPStandIn
from orchestrations import CompanyComparison, SectorAnalysis
from tools import (
    FMPClient,
    FMPResponseError,
    NotInRecordingError,
    PlanRestrictedError,
    RecordingError,
    get_quote,
)
from tools.recording import MANIFEST, request_file
from tools.snapshot import SNAPSHOT_AS_OF

KEY = "FAKEKEY-zq9x-DO-NOT-RECORD-7731"
PAIR = {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"}


def facts(result) -> list[tuple]:
    """What a test pins: every fact's id, value, unit, period and source."""
    return [(f.id, f.value, f.unit, f.period, f.source) for f in result.sheet.facts]


def every_byte(folder: Path) -> list[tuple[str, bytes]]:
    """Every file under ``folder`` (hidden leftovers too), as (relative name, content)."""
    return [
        (p.relative_to(folder).as_posix(), p.read_bytes()) for p in folder.rglob("*") if p.is_file()
    ]


def assert_key_free(folder: Path, key: str = KEY) -> None:
    """Not in any file name nor any byte, in any case, plain or URL-quoted."""
    forms = {key.lower(), quote(key, safe="").lower()}
    files = every_byte(folder)
    assert files
    for name, content in files:
        for form in forms:
            assert form not in name.lower(), name
            assert form.encode() not in content.lower(), name


@pytest.fixture
def recorded(tmp_path):
    """A comparison recorded from the "live" stand-in: (folder, live result)."""
    folder = tmp_path / "rec"
    with FMPStandIn(api_key=KEY) as fmp:
        live = CompanyComparison(fmp.client(record=folder)).run(**PAIR)
    return folder, live


def test_a_recorded_comparison_replays_offline_to_the_same_facts(recorded):
    folder, live = recorded
    client = FMPClient(replay=folder)  # no key, no stand-in (it has stopped), no network
    replayed = CompanyComparison(client).run(**PAIR)

    assert len(live.sheet.facts) > 50
    assert facts(replayed) == facts(live)
    assert replayed.to_records() == live.to_records()
    assert replayed.sheet.warnings == live.sheet.warnings  # the plan refusal (402) replays too
    assert replayed.source_label.startswith("recorded FMP responses from ")
    assert client.usage()["recorded_reads"] == 14
    assert client.usage()["fmp_calls"] == 0
    assert client.as_of == SNAPSHOT_AS_OF  # price windows measured from the recorded day


def test_the_recording_is_one_readable_file_per_request_and_a_manifest(recorded):
    folder, _ = recorded
    names = sorted(name for name, _ in every_byte(folder))
    assert "quote/symbol=MSFT.json" in names
    assert "income-statement/limit=5&period=annual&symbol=GOOGL.json" in names
    assert "historical-price-eod/full/from=2021-02-27&symbol=MSFT.json" in names
    assert len(names) == 15  # 7 requests per company, and the manifest
    rows = json.loads((folder / "quote/symbol=MSFT.json").read_text())
    assert rows[0]["symbol"] == "MSFT" and rows[0]["price"] == pytest.approx(406.22, abs=0.01)
    refusal = json.loads((folder / "price-target-consensus/symbol=MSFT.json").read_text())
    assert refusal["status"] == 402 and "Restricted Endpoint" in refusal["error"]

    manifest = json.loads((folder / MANIFEST).read_text())
    assert set(manifest) == {
        "format",
        "format_version",
        "recorded_at",
        "as_of",
        "base_path",
        "count",
        "finagent_version",
    }
    assert manifest["count"] == 14 and manifest["as_of"] == "2024-03-08"
    assert manifest["base_path"] == "/stable"  # no host, port or query string
    assert manifest["recorded_at"].endswith("Z")


def test_the_key_never_appears_in_the_recording(tmp_path):
    folder = tmp_path / "rec"
    echo = [{"symbol": "MSFT", "companyName": f"Echoes {KEY} back", "price": 1.0}]
    refusal = {"Error Message": f"Premium endpoint; your key {KEY} is on the free plan"}
    with FMPStandIn(
        api_key=KEY,
        fixtures={
            ("profile", "MSFT"): echo,
            "price-target-consensus": lambda r: (402, {}, json.dumps(refusal).encode()),
        },
    ) as fmp:
        client = fmp.client(record=folder)
        CompanyComparison(client).run(**PAIR)
        client.get("quote", {"symbol": "AAPL", "apikey": KEY})  # a key passed by hand, too
        client.close()

    assert_key_free(folder)
    assert "***" in (folder / "profile/symbol=MSFT.json").read_text()
    assert (folder / "quote/symbol=AAPL.json").is_file()  # the apikey parameter is dropped
    # ... and what a replay says (answers, errors) is key-free too
    replay = FMPClient(replay=folder)
    with pytest.raises(PlanRestrictedError) as refused:
        replay.get("price-target-consensus", {"symbol": "MSFT"})
    assert KEY not in str(refused.value)


def test_a_request_the_run_never_made_names_the_request_and_the_folder(recorded):
    folder, _ = recorded
    client = FMPClient(replay=folder)
    with pytest.raises(NotInRecordingError) as missing:
        get_quote("AAPL", client=client)
    text = str(missing.value)
    assert text.startswith(f"quote?symbol=AAPL is not in the recording at {folder} ")
    assert "It holds quote for: symbol=GOOGL, symbol=MSFT." in text
    # a different price window (another as_of) is told apart at once
    with pytest.raises(NotInRecordingError, match=r"from=2021-02-27&symbol=MSFT"):
        client.get("historical-price-eod/full", {"symbol": "MSFT", "from": "2020-01-01"})
    # in an analysis it is a named failure, never an empty result
    result = CompanyComparison(client).run(symbols=["MSFT", "AAPL"], time_horizon="3 years")
    assert any("AAPL" in line and "not in the recording" in line for line in result.sheet.missing)


def test_plan_refusals_replay_as_the_same_error(recorded):
    folder, _ = recorded
    with FMPStandIn(api_key=KEY) as fmp, pytest.raises(PlanRestrictedError) as live:
        fmp.client().get("price-target-consensus", {"symbol": "MSFT"})
    with pytest.raises(PlanRestrictedError) as replayed:
        FMPClient(replay=folder).get("price-target-consensus", {"symbol": "MSFT"})
    assert str(replayed.value) == str(live.value)
    assert replayed.value.status == 402


def test_a_sector_analysis_on_a_plan_without_the_screener_replays_its_fallback(tmp_path):
    folder = tmp_path / "rec"
    with FMPStandIn(api_key=KEY) as fmp:  # the screener answers 402, as on a free plan
        live = SectorAnalysis(fmp.client(record=folder)).run(sector="banking", top_n=3)
    replayed = SectorAnalysis(FMPClient(replay=folder)).run(sector="banking", top_n=3)
    assert facts(replayed) == facts(live)
    assert replayed.sheet.warnings == live.sheet.warnings


def test_the_stand_in_serves_a_recording(recorded):
    folder, live = recorded
    with FMPStandIn(replay=folder) as fmp:
        client = fmp.client()
        assert client.as_of == SNAPSHOT_AS_OF
        served = CompanyComparison(client).run(**PAIR)
        assert facts(served) == facts(live)
        with pytest.raises(FMPResponseError, match=r"quote\?symbol=AAPL is not in the recording"):
            client.get("quote", {"symbol": "AAPL"})
        assert fmp.calls("quote") == 3


def test_recording_under_the_python_agent_api(tmp_path, monkeypatch):
    folder = tmp_path / "rec"

    def script():
        return ScriptedModel([call("company_comparison", PAIR), "Done."])

    with FMPStandIn(api_key=KEY) as fmp:
        monkeypatch.setenv("FMP_API_KEY", KEY)
        monkeypatch.setenv("FMP_BASE_URL", fmp.base_url)
        agent = FunctionCallingAgent.from_env(model=script(), record=folder, prefetch=False)
        live = agent.run("Compare MSFT and GOOGL over 3 years")
        agent.client.close()
    monkeypatch.delenv("FMP_API_KEY")
    monkeypatch.delenv("FMP_BASE_URL")

    model = script()
    agent = FunctionCallingAgent.from_env(model=model, replay=folder)
    replayed = agent.run("Compare MSFT and GOOGL over 3 years")
    assert replayed.tool_calls[0].ok
    assert [f.to_record() for f in replayed.facts] == [f.to_record() for f in live.facts]
    assert agent.client.as_of == date.today()  # recorded live: today's windows, kept
    system = model.requests[0].messages[0]["content"]
    assert "Data source: recorded FMP responses from " in system
    assert "(replayed; not live data)" in system
    assert_key_free(folder)


def test_request_files_are_stable_readable_and_safe():
    assert request_file("quote", {"symbol": "MSFT"}).as_posix() == "quote/symbol=MSFT.json"
    assert request_file("quote", {"symbol": "MSFT", "apikey": KEY}).as_posix() == (
        "quote/symbol=MSFT.json"
    )
    assert request_file("available-sectors", {}).as_posix() == "available-sectors/no-params.json"
    assert request_file("search-name", {"query": "a/b & c=d", "limit": "5"}).as_posix() == (
        "search-name/limit=5&query=a%2Fb%20%26%20c%3Dd.json"
    )
    long = request_file("company-screener", {"industry": "x" * 300, "sector": "Energy"})
    assert long == request_file("company-screener", {"sector": "Energy", "industry": "x" * 300})
    assert len(long.name) <= 150 and long.name.startswith("industry=xxx")
    assert long != request_file("company-screener", {"industry": "x" * 301, "sector": "Energy"})
    for bad in ("../etc", "quote/..", ""):
        with pytest.raises(RecordingError):
            request_file(bad, {})


def test_recording_refuses_what_it_cannot_do_honestly(tmp_path):
    with pytest.raises(RecordingError, match="Nothing to record"):
        FMPClient(offline=True, record=tmp_path / "rec")
    clutter = tmp_path / "clutter"
    clutter.mkdir()
    (clutter / "notes.txt").write_text("mine")
    with FMPStandIn(api_key=KEY) as fmp:
        with pytest.raises(RecordingError, match="not empty and holds no finagent recording"):
            fmp.client(record=clutter)
        first = fmp.client(record=tmp_path / "rec")
        get_quote("MSFT", client=first)
        again = fmp.client(record=tmp_path / "rec")  # same day: added to
        get_quote("GOOGL", client=again)
        assert again.recorder.count == 2
        with pytest.raises(RecordingError, match="as of 2024-03-08; this run is as of 2024-03-09"):
            fmp.client(record=tmp_path / "rec", as_of=date(2024, 3, 9))
    with pytest.raises(RecordingError, match="No finagent recording in"):
        FMPClient(replay=tmp_path / "nowhere")
    with pytest.raises(RecordingError, match="it cannot be combined with recording"):
        FMPClient(replay=tmp_path / "rec", record=tmp_path / "other")
