"""Quick check of the side-by-side benchmark harness (bench/frameworks.py), offline.

Runs only the finagent row, once, at low latency (a few seconds): the stand-ins, the process
run, the counts and timings the table prints. The framework rows need their own venvs
(``bash bench/setup_frameworks.sh``), which the test venv does not have: the harness skips a
framework whose venv is absent and says how to create it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_harness():
    spec = importlib.util.spec_from_file_location(
        "bench_frameworks", ROOT / "bench" / "frameworks.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = load_harness()


def test_finagent_row_runs_against_the_stand_ins():
    started = time.perf_counter()
    with bench.StandIns(fmp_latency=0.01, model_latency=0.05) as stand_ins:
        [system] = bench.finagent_systems(prefetch="1", both=False, no_cache=False)
        assert system.env == {"FINAGENT_PREFETCH": "1"}  # passed through to the process
        results = bench.run_all([system], stand_ins, runs=1, warmup=False)
    [run] = results["finagent"]
    assert run.ok, run.problem
    assert run.model_calls == 2  # the comparison call, then the answer
    assert run.data_calls == 14  # 7 FMP calls per company, all answered 200
    assert run.prompt_tokens > 0 and run.tool_schema_tokens > 0
    assert 0 < run.first_model_request < run.wall
    assert 0 < run.data_to_exit < run.wall and 0 < run.answer_to_exit < run.data_to_exit
    lines = bench.table(results)
    assert lines[2].startswith("finagent") and "1.00x" in lines[2]
    assert time.perf_counter() - started < 10


def test_the_stub_answers_every_system_alike():
    reply = bench.model_reply(bench.date(2026, 1, 2))
    tools = lambda *names: [{"type": "function", "function": {"name": n}} for n in names]  # noqa: E731
    first = [{"role": "system", "content": "s"}, {"role": "user", "content": bench.QUESTION}]
    [(name, args)] = reply({"messages": first, "tools": tools("company_comparison", "get_quote")})
    assert name == "company_comparison" and args["symbols"] == ["MSFT", "GOOGL"]
    atomic = [name for name, _ in bench.atomic_calls(bench.date(2026, 1, 2))]
    calls = reply({"messages": first, "tools": tools(*atomic, "final_answer")})
    assert len(calls) == 10 and {n for n, _ in calls} == set(atomic)  # all in one reply
    later = [*first, {"role": "tool", "tool_call_id": "c1", "content": "{}"}]
    assert reply({"messages": later, "tools": tools(*atomic)}) == bench.ANSWER
    [(name, args)] = reply({"messages": later, "tools": tools(*atomic, "final_answer")})
    assert (name, args) == ("final_answer", {"answer": bench.ANSWER})


def test_frameworks_without_a_venv_are_skipped_with_a_clear_message(tmp_path):
    systems, skipped = bench.framework_systems(list(bench.FRAMEWORKS), venvs=tmp_path)
    assert systems == []
    assert len(skipped) == 3
    for name, message in zip(bench.FRAMEWORKS, skipped):
        assert message.startswith(f"{name}: skipped")
        assert "bash bench/setup_frameworks.sh" in message


@pytest.mark.parametrize("name", list(bench.FRAMEWORKS))
def test_framework_venvs_are_ignored_and_jobs_exist(name):
    assert (bench.JOBS / bench.FRAMEWORKS[name]).exists()
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".venv-frameworks/" in ignored


def test_the_table_gives_finagents_time_as_a_ratio():
    run = bench.Run("finagent", 1.0, 0.5, 0.1, 0.3, 0.2, 2, 100, 10, 14, True)
    lines = bench.table(
        {
            "finagent": [run],
            "other": [bench.Run("other", 2.0, 0.5, 0.1, 0.3, 0.2, 2, 100, 10, 10, True)],
        }
    )
    assert "0.50x" in lines[3]  # finagent's time over the other's
    assert "0.50x the fastest" not in lines[-1] and "1.00x the fastest" in lines[-1]
    json.dumps([bench.dataclasses.asdict(run)])


def test_a_process_reaching_beyond_loopback_fails_its_run():
    code = (
        "import json, socket\n"
        "try:\n"
        "    socket.getaddrinfo('telemetry.example.invalid', 443)\n"
        "except OSError:\n"
        "    pass\n"
        f"print(json.dumps({{'answer': {bench.ANSWER!r}}}))\n"
    )
    with bench.StandIns(fmp_latency=0, model_latency=0) as stand_ins:
        run = bench.run_once(bench.System("probe", [sys.executable, "-c", code]), stand_ins)
    assert not run.ok
    assert "telemetry.example.invalid" in run.problem and "network" in run.problem
