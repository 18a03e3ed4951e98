"""``finagent ask ... --record DIR`` and ``--replay DIR``, end to end: the real console script in
a subprocess. The live run goes to ``FMPStandIn`` on 127.0.0.1 with a fake key; the replay runs
with no key, no FMP base URL and no stand-in, and gives the same facts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from finagent.app.builder import ENV_NAMES
from finagent.testing.fmp import FMPStandIn

FINAGENT = str(Path(sys.executable).with_name("finagent"))
KEY = "FAKEKEY-cli-zq9x-DO-NOT-RECORD-7731"
QUESTION = "Compare MSFT and GOOGL"


def finagent(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in set(ENV_NAMES.values())}
    clean |= {"FINAGENT_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "120", "TERM": "dumb"}
    return subprocess.run(
        [FINAGENT, *args],
        env=clean | env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def as_json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.stdout.strip(), proc.stderr
    return json.loads(proc.stdout)


def facts(result: dict[str, Any]) -> list[tuple]:
    return [(f["id"], f["value"], f["unit"], f["period"], f["source"]) for f in result["facts"]]


def record_live(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``ask QUESTION --json --record rec`` against the FMP stand-in, with a key."""
    with FMPStandIn(api_key=KEY) as fmp:
        proc = finagent(
            tmp_path, "ask", QUESTION, "--json", "--record", "rec",
            FMP_API_KEY=KEY, FMP_BASE_URL=fmp.base_url,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc


def test_ask_records_a_live_run_and_replays_it_offline_to_the_same_facts(tmp_path):
    live_proc = record_live(tmp_path)
    assert "Recorded 14 FMP responses in rec (replay: --replay rec)." in live_proc.stderr
    live = as_json(live_proc)
    assert live["data_source"] == "live FMP stable API"

    # no key, no base URL, and the stand-in is gone: only the folder can answer
    replay_proc = finagent(tmp_path, "ask", QUESTION, "--json", "--replay", "rec")
    assert replay_proc.returncode == 0, replay_proc.stderr
    replayed = as_json(replay_proc)
    assert len(live["facts"]) > 40
    assert facts(replayed) == facts(live)
    assert replayed["outcome"] == live["outcome"] == "answered"
    assert replayed["data_source"].startswith("recorded FMP responses from ")
    assert replayed["data_source"].endswith("in rec (replayed; not live data)")
    assert replayed["usage"]["counters"]["recorded_reads"] == 14
    assert replayed["usage"]["counters"].get("fmp_calls", 0) == 0

    # the Markdown answer says where its data came from
    text = finagent(tmp_path, "ask", QUESTION, "--replay", "rec")
    assert text.returncode == 0, text.stderr
    assert "Data: recorded FMP responses from " in text.stdout
    assert "live data retrieved" not in text.stdout
    assert "recorded reads" in text.stderr and "FMP calls today" not in text.stderr

    for path in (tmp_path / "rec").rglob("*"):
        assert KEY not in path.name
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    for proc in (live_proc, replay_proc, text):
        assert KEY not in proc.stdout + proc.stderr


def test_a_replayed_question_that_was_not_recorded_names_what_is_missing(tmp_path):
    record_live(tmp_path)
    proc = finagent(tmp_path, "ask", "Compare MSFT and AAPL", "--json", "--replay", "rec")
    result = as_json(proc)
    assert proc.returncode == 3 and result["outcome"] == "partial"
    assert any(
        "AAPL" in line and f"not in the recording at {Path('rec')}" in line
        for line in result["missing"]
    ), result["missing"]


def test_record_and_replay_errors_are_one_clear_message(tmp_path):
    proc = finagent(tmp_path, "ask", QUESTION, "--json", "--record", "rec")  # no FMP key
    assert proc.returncode == 1
    assert "Nothing to record" in as_json(proc)["errors"][0]
    assert not (tmp_path / "rec").exists()

    proc = finagent(tmp_path, "ask", QUESTION, "--replay", "nowhere")
    assert proc.returncode == 1
    assert "No finagent recording in nowhere" in proc.stderr
    assert "Traceback" not in proc.stderr
