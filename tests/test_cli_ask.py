"""End-to-end tests of the one-shot commands: ``finagent ask "..." [--json]``, ``finagent cache``,
``--version``, configuration precedence (options > environment > ``.env`` of the cwd only), and
errors as one clear paragraph.

Every test runs the real console script in a subprocess with a clean environment. The model and
FMP are local stand-ins on 127.0.0.1 (``OpenAIStubServer``, ``FMPStandIn``) running in this test
process; without keys the CLI answers offline from the bundled snapshot.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from finagent.app.builder import ENV_NAMES
from finagent.testing.fmp import FMPStandIn
from finagent.testing.openai_server import OpenAIStubServer, validate_chat_request

FINAGENT = str(Path(sys.executable).with_name("finagent"))
OPENAI_KEY = "openai-SECRET-abcdefghijklmnop"
FMP_KEY = "fmpkey-SECRET-123456789"
COMPARE_CALL = [("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"})]
COMPARE_ANSWER = (
    "Microsoft's revenue was $211.91B in FY2023, against $307.39B for Alphabet. "
    "Data: live FMP. Not investment advice."
)


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The parent's environment without any finagent/OpenAI/FMP setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in set(ENV_NAMES.values())}
    env.update(FINAGENT_CACHE_DIR=str(tmp_path / "cache"), COLUMNS="120", TERM="dumb")
    env.update(extra)
    return env


def run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [FINAGENT, *args],
        env=env or cli_env(tmp_path),
        cwd=cwd or tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def live_env(
    tmp_path: Path, model: OpenAIStubServer, fmp: FMPStandIn | None = None, **extra: str
) -> dict[str, str]:
    env = {
        "OPENAI_API_KEY": OPENAI_KEY,
        "OPENAI_BASE_URL": model.base_url,
        "FINAGENT_MODEL": "stub-model",
    }
    if fmp is not None:
        env |= {"FMP_API_KEY": FMP_KEY, "FMP_BASE_URL": fmp.base_url}
    return cli_env(tmp_path, **env, **extra)


def as_json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.stdout.strip(), f"no JSON on stdout; stderr:\n{proc.stderr}"
    try:
        return json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"stdout is not JSON:\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[-2000:]}")


def assert_no_secrets(*texts: str) -> None:
    for text in texts:
        assert OPENAI_KEY not in text
        assert FMP_KEY not in text


def fmp_calls(usage: dict[str, Any]) -> int:
    return usage.get("fmp_calls", usage.get("counters", {}).get("fmp_calls", 0))


# --- 3. ask --json against a local model and a local FMP ------------------------------------------


def test_ask_json_against_local_model_and_fmp(tmp_path):
    with (
        OpenAIStubServer([COMPARE_CALL, COMPARE_ANSWER], api_key=OPENAI_KEY) as model,
        FMPStandIn(api_key=FMP_KEY) as fmp,
    ):
        # --verbose: even the debug logs of the HTTP clients must not show a key.
        proc = run(
            tmp_path,
            "ask",
            "Compare MSFT and GOOGL over the next 3 years",
            "--json",
            "--verbose",
            env=live_env(tmp_path, model, fmp),
        )
        assert proc.returncode == 0, proc.stderr
        result = as_json(proc)
        served = fmp.calls()

    assert result["answer"] == COMPARE_ANSWER
    assert [(c["name"], c["ok"]) for c in result["tool_calls"]] == [("company_comparison", True)]
    ids = {fact["id"] for fact in result["facts"]}
    assert {"MSFT.revenue", "GOOGL.revenue"} <= ids
    assert "MSFT.revenue" in result["tool_calls"][0]["fact_ids"]
    assert result["usage"]["llm_calls"] == 2
    assert result["usage"]["tool_calls"] == 1
    assert fmp_calls(result["usage"]) > 0
    assert fmp_calls(result["usage"]) == served  # the meter counts what reached FMP
    verification = result["verification"]
    assert verification["verified"] >= 2 and verification["unverified"] == 0
    verified = {f["text"]: f["fact_ids"] for f in verification["figures"]}
    assert verified["$211.91B"] == ["MSFT.revenue"]
    assert result["data_source"] == "live FMP stable API"
    assert result["model"] == "stub-model"
    assert "not investment advice" in result["disclaimer"]
    # The model saw the fact sheet of the tool in its second request, and every request was valid.
    assert all(validate_chat_request(body) is None for body in model.bodies)
    tool_messages = [m for m in model.bodies[1]["messages"] if m["role"] == "tool"]
    assert len(tool_messages) == 1 and "$211.91B" in tool_messages[0]["content"]

    # Neither key shows anywhere: stdout, stderr (with debug logs), or the files of the cache.
    assert_no_secrets(proc.stdout, proc.stderr)
    for path in (tmp_path / "cache").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert OPENAI_KEY.encode() not in data and FMP_KEY.encode() not in data, path


def test_ask_trace_file_records_the_run_without_keys(tmp_path):
    trace = tmp_path / "trace.jsonl"
    with (
        OpenAIStubServer([COMPARE_CALL, COMPARE_ANSWER], api_key=OPENAI_KEY) as model,
        FMPStandIn(api_key=FMP_KEY) as fmp,
    ):
        proc = run(
            tmp_path,
            "ask",
            "Compare MSFT and GOOGL",
            "--json",
            "--trace",
            str(trace),
            env=live_env(tmp_path, model, fmp),
        )
    assert proc.returncode == 0, proc.stderr
    assert_no_secrets(proc.stdout, proc.stderr)
    assert trace.is_file(), "--trace FILE was given but nothing was written to it"
    text = trace.read_text(encoding="utf-8")
    assert_no_secrets(text)
    kinds = [json.loads(line)["kind"] for line in text.splitlines()]
    assert {"model_start", "tool_start", "tool_end", "answer"} <= set(kinds)


# --- 4. errors: one clear paragraph, no traceback (unless --verbose) ------------------------------


def wrong_key_env(tmp_path: Path, model: OpenAIStubServer) -> dict[str, str]:
    return cli_env(
        tmp_path,
        OPENAI_API_KEY="openai-WRONG-key-0123456789",
        OPENAI_BASE_URL=model.base_url,
        FINAGENT_MODEL="stub-model",
    )


def test_wrong_openai_key_is_one_clear_paragraph(tmp_path):
    with OpenAIStubServer(["never sent"], api_key=OPENAI_KEY) as model:
        proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", env=wrong_key_env(tmp_path, model))
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "OPENAI_API_KEY" in output
    assert "Traceback" not in output
    assert "openai-WRONG-key-0123456789" not in output
    assert len(model.requests) == 1  # a 401 is not retried


def test_wrong_openai_key_with_verbose_shows_the_traceback(tmp_path):
    with OpenAIStubServer(["never sent"], api_key=OPENAI_KEY) as model:
        proc = run(
            tmp_path,
            "ask",
            "Compare MSFT and GOOGL",
            "--verbose",
            env=wrong_key_env(tmp_path, model),
        )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "Traceback" in output
    assert "OPENAI_API_KEY" in output
    assert "openai-WRONG-key-0123456789" not in output


def test_wrong_openai_key_with_json_prints_a_json_error(tmp_path):
    with OpenAIStubServer(["never sent"], api_key=OPENAI_KEY) as model:
        proc = run(
            tmp_path, "ask", "Compare MSFT and GOOGL", "--json", env=wrong_key_env(tmp_path, model)
        )
    assert proc.returncode == 1
    error = as_json(proc)
    assert error["type"] == "LLMAuthError"
    assert (error["schema_version"], error["ok"], error["outcome"]) == (2, False, "error")
    assert "OPENAI_API_KEY" in error["errors"][0] and error["missing"] == []
    assert "Traceback" not in proc.stderr
    assert "openai-WRONG-key-0123456789" not in proc.stdout + proc.stderr


def test_wrong_fmp_key_goes_back_to_the_model_which_still_answers(tmp_path):
    answer = "I could not get data: FMP rejected the key. Not investment advice."
    with (
        OpenAIStubServer([COMPARE_CALL, answer], api_key=OPENAI_KEY) as model,
        FMPStandIn(api_key="fmp-the-right-key-000") as fmp,
    ):
        proc = run(
            tmp_path, "ask", "Compare MSFT and GOOGL", "--json", env=live_env(tmp_path, model, fmp)
        )
    assert proc.returncode == 4, proc.stderr  # every tool call failed: nothing answerable
    result = as_json(proc)
    assert result["answer"] == answer
    assert result["ok"] is False and result["outcome"] == "nothing"
    assert "FMP_API_KEY" in result["errors"][0]
    [record] = result["tool_calls"]
    assert record["name"] == "company_comparison" and record["ok"] is False
    assert "FMP_API_KEY" in record["error"]
    assert result["facts"] == []
    assert_no_secrets(proc.stdout, proc.stderr)
    # The model was told what failed, in a valid follow-up request.
    assert len(model.bodies) == 2 and validate_chat_request(model.bodies[1]) is None
    tool_message = model.bodies[1]["messages"][-1]
    assert tool_message["role"] == "tool" and "FMP_API_KEY" in tool_message["content"]
    assert FMP_KEY not in tool_message["content"]


def test_model_text_that_looks_like_markup_does_not_crash_ask(tmp_path):
    """Local models (Ollama, vLLM) sometimes leak chat-template tokens such as ``[/INST]`` into
    tool arguments; the status line must show them as text, not parse them as rich markup."""
    replies = [[("search_symbols", {"query": "Apple [/INST]"})], "Apple is AAPL."]
    with OpenAIStubServer(replies, api_key=OPENAI_KEY) as model:
        proc = run(
            tmp_path, "ask", "What is Apple's ticker?", "--json", env=live_env(tmp_path, model)
        )
    assert "Traceback" not in proc.stderr, proc.stderr[-1500:]
    assert proc.returncode == 0
    assert as_json(proc)["answer"] == "Apple is AAPL."


# --- 5. offline help, --version, cache ------------------------------------------------------------


def test_offline_ask_off_topic_prints_what_it_can_do(tmp_path):
    proc = run(tmp_path, "ask", "What's the weather?")
    assert proc.returncode == 0, proc.stderr
    text = " ".join(proc.stdout.split())
    assert "offline demo" in text.lower()
    assert "Compare companies" in text and "sector" in text and "One company" in text
    assert "2024-03-08" in text
    assert "OPENAI_API_KEY" in text
    assert "Traceback" not in proc.stderr


def test_offline_ask_json_says_where_the_data_comes_from(tmp_path):
    proc = run(tmp_path, "ask", "Compare MSFT and GOOGL over the next 3 years", "--json")
    assert proc.returncode == 0, proc.stderr
    result = as_json(proc)
    assert result["model"] == "offline-planner"
    assert "2024-03-08" in result["data_source"] and "snapshot" in result["data_source"]
    assert "MSFT" in result["answer"] and "GOOGL" in result["answer"]
    assert result["verification"]["verified"] > 0


def test_offline_flag_ignores_the_fmp_key(tmp_path):
    with FMPStandIn(api_key=FMP_KEY) as fmp:
        env = cli_env(tmp_path, FMP_API_KEY=FMP_KEY, FMP_BASE_URL=fmp.base_url)
        proc = run(tmp_path, "ask", "Is NVDA expensive?", "--json", "--offline", env=env)
        served = fmp.calls()
    assert proc.returncode == 0, proc.stderr
    assert "snapshot" in as_json(proc)["data_source"]
    assert served == 0


def test_version_and_help(tmp_path):
    from finagent import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "finagent", "--version"],
        env=cli_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"finagent {__version__}"
    proc = run(tmp_path, "--help")
    assert proc.returncode == 0
    assert "not investment advice" in " ".join(proc.stdout.split())
    for command in ("chat", "ask", "cache"):
        assert command in proc.stdout


def test_cache_info_and_clear(tmp_path):
    from tools.cache import CACHE_FILE

    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / CACHE_FILE).write_bytes(b"x" * 150_000)
    (folder / f"{CACHE_FILE}-wal").write_bytes(b"y" * 50_000)
    info = run(tmp_path, "cache", "info")
    assert info.returncode == 0, info.stderr
    assert str(folder) in info.stdout and "2 files" in info.stdout and "0.2 MB" in info.stdout

    cleared = run(tmp_path, "cache", "clear")
    assert cleared.returncode == 0, cleared.stderr
    assert "Cleared" in cleared.stdout and str(folder) in cleared.stdout
    assert list(folder.glob(CACHE_FILE + "*")) == []

    again = run(tmp_path, "cache", "clear")
    assert again.returncode == 0 and "No cache" in again.stdout
    assert "0 files" in run(tmp_path, "cache", "info").stdout


def test_cache_commands_use_a_fresh_folder(tmp_path):
    env = cli_env(tmp_path, FINAGENT_CACHE_DIR=str(tmp_path / "not" / "there"))
    info = run(tmp_path, "cache", "info", env=env)
    assert info.returncode == 0 and "0 files" in info.stdout
    clear = run(tmp_path, "cache", "clear", env=env)
    assert clear.returncode == 0 and "No cache" in clear.stdout


# --- 6. configuration: .env of the cwd only; options beat the environment -------------------------


def write_env_file(folder: Path, model: OpenAIStubServer, **extra: str) -> None:
    values = {
        "OPENAI_API_KEY": OPENAI_KEY,
        "OPENAI_BASE_URL": model.base_url,
        "FINAGENT_MODEL": "model-from-dotenv",
        **extra,
    }
    (folder / ".env").write_text("".join(f"{k}={v}\n" for k, v in values.items()))


def test_dotenv_in_the_working_directory_is_read(tmp_path):
    with (
        OpenAIStubServer(["Hello from the stub."], api_key=OPENAI_KEY) as model,
        FMPStandIn(api_key=FMP_KEY) as fmp,
    ):
        write_env_file(tmp_path, model, FMP_API_KEY=FMP_KEY, FMP_BASE_URL=fmp.base_url)
        proc = run(tmp_path, "ask", "hello", "--json")
    assert proc.returncode == 0, proc.stderr
    result = as_json(proc)
    assert result["answer"] == "Hello from the stub."
    assert result["model"] == "model-from-dotenv"
    assert result["data_source"] == "live FMP stable API"
    assert [body["model"] for body in model.bodies] == ["model-from-dotenv"]
    assert_no_secrets(proc.stdout, proc.stderr)


def test_dotenv_in_a_parent_folder_is_ignored(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    with OpenAIStubServer(["must not be asked"], api_key=OPENAI_KEY) as model:
        write_env_file(tmp_path, model)
        proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", "--json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    result = as_json(proc)
    assert result["model"] == "offline-planner"
    assert "snapshot" in result["data_source"]
    assert model.requests == []


def test_environment_beats_dotenv(tmp_path):
    with (
        OpenAIStubServer(["from the dotenv server"], api_key=OPENAI_KEY) as decoy,
        OpenAIStubServer(["from the env server"], api_key=OPENAI_KEY) as model,
    ):
        write_env_file(tmp_path, decoy)
        proc = run(
            tmp_path,
            "ask",
            "hello",
            "--json",
            env=cli_env(tmp_path, OPENAI_BASE_URL=model.base_url),
        )
    assert proc.returncode == 0, proc.stderr
    result = as_json(proc)
    assert result["answer"] == "from the env server"
    assert result["model"] == "model-from-dotenv"  # not overridden: falls through to .env
    assert decoy.requests == []


@pytest.mark.parametrize("placement", ["after the subcommand", "before the subcommand"])
def test_explicit_options_beat_the_environment(tmp_path, placement):
    with (
        OpenAIStubServer(["from the env server"], api_key=OPENAI_KEY) as decoy,
        OpenAIStubServer(["from the --base-url server"], api_key=OPENAI_KEY) as model,
    ):
        env = live_env(tmp_path, decoy)  # OPENAI_BASE_URL=decoy, FINAGENT_MODEL=stub-model
        options = ["--base-url", model.base_url, "--model", "model-from-option"]
        command = ["ask", "hello", "--json"]
        args = command + options if placement == "after the subcommand" else options + command
        proc = run(tmp_path, *args, env=env)
    assert proc.returncode == 0, proc.stderr
    result = as_json(proc)
    assert result["answer"] == "from the --base-url server", f"options {placement} were ignored"
    assert result["model"] == "model-from-option"
    assert [body["model"] for body in model.bodies] == ["model-from-option"]
    assert decoy.requests == []


def test_ask_marks_unverified_figures_and_strict_asks_for_a_fix(tmp_path):
    """A made-up figure is marked in the answer and counted in the verification line; with
    --strict the model is asked once to correct it, and the corrected answer is shown."""
    wrong = "Microsoft's revenue was $250.00B in FY2023. Not investment advice."
    right = "Microsoft's revenue was $211.91B in FY2023. Not investment advice."
    with (
        FMPStandIn(api_key=FMP_KEY) as fmp,
        OpenAIStubServer([COMPARE_CALL, wrong], api_key=OPENAI_KEY) as model,
    ):
        proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", env=live_env(tmp_path, model, fmp))
    assert proc.returncode == 0, proc.stderr
    assert "$250.00B ⚠" in proc.stdout
    assert "1 figure: 0 verified, 0 derived, 1 unverified ($250.00B)" in proc.stderr
    with (
        FMPStandIn(api_key=FMP_KEY) as fmp,
        OpenAIStubServer([COMPARE_CALL, wrong, right], api_key=OPENAI_KEY) as model,
    ):
        env = live_env(tmp_path, model, fmp)
        proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", "--strict", "--json", env=env)
    result = as_json(proc)
    assert result["answer"] == right
    assert result["verification"]["unverified"] == 0 and result["verification"]["verified"] == 1
    assert "$250.00B" in model.bodies[-1]["messages"][-1]["content"]


# --- exit codes and the --json envelope -----------------------------------------------------------


def test_exit_codes_for_scripts(tmp_path):
    """0 answered; 3 answered in part (a company missing); 4 nothing answerable."""
    assert run(tmp_path, "ask", "Compare MSFT and GOOGL").returncode == 0
    proc = run(tmp_path, "ask", "Is TSLA overvalued?", "--json")  # not in the offline data
    assert proc.returncode == 4
    result = as_json(proc)
    assert (result["ok"], result["outcome"]) == (False, "nothing") and "TSLA" in result["errors"][0]
    partial_call = [("company_comparison", {"symbols": ["AAPL", "ZZZZ"]})]
    with (
        OpenAIStubServer([partial_call, "AAPL only."], api_key=OPENAI_KEY) as model,
        FMPStandIn(api_key=FMP_KEY) as fmp,
    ):
        proc = run(tmp_path, "ask", "Compare AAPL and ZZZZ", "--json",
                   env=live_env(tmp_path, model, fmp))  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    result = as_json(proc)
    assert result["outcome"] == "partial" and result["ok"] is False
    assert any(line.startswith("ZZZZ: no data") for line in result["missing"])


def test_an_empty_answer_says_so_and_fails(tmp_path):
    with OpenAIStubServer([""], api_key=OPENAI_KEY) as model:
        text = run(tmp_path, "ask", "hi", env=live_env(tmp_path, model))
    assert text.returncode == 1
    assert "The model returned an empty answer" in text.stderr and text.stdout == ""
    with OpenAIStubServer([""], api_key=OPENAI_KEY) as model:
        proc = run(tmp_path, "ask", "hi", "--json", env=live_env(tmp_path, model))
    assert proc.returncode == 1
    assert as_json(proc)["errors"] == ["The model returned an empty answer."]


def test_redirected_output_is_the_plain_markdown_answer(tmp_path):
    """``ask ... > out.md``: stdout is the Markdown the chat renders, unpadded, and the status
    and usage lines go to stderr."""
    proc = run(tmp_path, "ask", "Is JPM cheap?")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("**P/E (price 2024-03-08 / FY2023): JPM 11.6x [1].**")
    assert "\n### Company snapshot: JPM\n" in proc.stdout
    assert "✓ company_snapshot" not in proc.stdout and "✓ company_snapshot" in proc.stderr
    assert not any(line != line.rstrip() for line in proc.stdout.splitlines())  # no padding
    assert "planner steps" in proc.stderr and "planner steps" not in proc.stdout
    assert "Data: offline snapshot as of 2024-03-08" in proc.stdout


def test_a_company_without_data_is_named_in_the_title_and_the_answer(tmp_path):
    proc = run(tmp_path, "ask", "Compare AAPL and TSLA", "--json")
    assert proc.returncode == 3  # answered in part
    result = as_json(proc)
    assert "Company comparison: AAPL, TSLA (no data: TSLA)" in result["answer"]
    assert "nothing to compare side by side" in result["answer"]
    assert result["missing"][0].startswith("TSLA: no data")


def test_no_company_is_dropped_and_a_new_pair_is_not_the_old_one():
    from finagent import FunctionCallingAgent

    agent = FunctionCallingAgent.from_env(offline=True)
    six = agent.run("Compare AAPL, MSFT, GOOGL, NVDA, AMD and INTC")
    groups = [r.arguments["symbols"] for r in six.tool_calls]
    assert groups == [["AAPL", "MSFT", "GOOGL"], ["NVDA", "AMD", "INTC"]]  # split, none dropped
    agent.run("Compare NVDA and AMD")
    follow = agent.run("what about AAPL and MSFT?")
    assert [r.arguments["symbols"] for r in follow.tool_calls] == [["AAPL", "MSFT"]]


def test_a_one_figure_question_is_answered_first_offline():
    from finagent import FunctionCallingAgent

    agent = FunctionCallingAgent.from_env(offline=True)
    fcf = agent.run("What's Apple's free cash flow margin?")
    # (110,543 - 10,959) / 383,285 = 25.98 %: the first line, before the supporting table
    assert fcf.answer.splitlines()[0] == "**FCF margin (FY2023): AAPL 26.0% [AAPL.fcf_margin].**"
    assert fcf.verification.count("unverified") == 0
    dividend = agent.run("What is JNJ's dividend yield?").answer.splitlines()[0]
    assert dividend.startswith("**Dividend yield (price 2024-03-08 / FY2023): JNJ 3.1%")
    bank = agent.run("What is JPM's free cash flow?").answer.splitlines()[0]
    assert bank.startswith("**The data has no free cash flow for JPM**")


def test_which_company_questions_are_routed_to_a_ranked_sector_analysis():
    from finagent import FunctionCallingAgent

    agent = FunctionCallingAgent.from_env(offline=True)
    cheap = agent.run("Which pharma company looks cheapest?")
    assert cheap.tool_calls[0].name == "sector_analysis"
    # P/E: JNJ 30.6x (continuing operations) is the cheapest; LLY and MRK are outliers
    assert cheap.answer.splitlines()[0].startswith("**P/E, cheapest of the 5: JNJ (30.6x [JNJ.pe])")
    roe = agent.run("Which energy company has the best ROE?").answer.splitlines()[0]
    assert roe.startswith("**ROE, best of the 4: COP (22.5% [COP.roe])")


def test_offline_the_model_is_offered_what_works_and_told_what_is_covered():
    from finagent.app.builder import build_agent
    from finagent.testing import ScriptedModel

    offline = build_agent(model=ScriptedModel([]), offline=True)
    assert not {"get_news", "get_analyst_estimates", "get_price_target_consensus"} & set(
        offline.tools
    )
    assert "26 large US companies: AAPL, ABBV" in offline.memory.system_prompt
    live = build_agent(model=ScriptedModel([]), fmp_api_key="fmp-test-key-0000")
    assert {"get_news", "get_price_target_consensus"} <= set(live.tools)


def test_the_product_agent_gives_the_verifier_company_names():
    """A model writes "Microsoft" and "Alphabet", not tickers: the ready-made agent passes the
    companies' names, so a swap is caught and the honest answer passes."""
    from finagent import FunctionCallingAgent
    from finagent.testing import ScriptedModel, call

    def verify(answer):
        model = ScriptedModel([call("company_comparison", {"symbols": ["MSFT", "GOOGL"]}), answer])
        return FunctionCallingAgent.from_env(model=model, offline=True).run("compare").verification

    honest = verify("Microsoft's operating margin was 41.8% in FY2023, Alphabet's 27.4%.")
    swapped = verify("Microsoft's operating margin was 27.4% in FY2023, Alphabet's 41.8%.")
    assert honest.count("verified") == 2 and honest.count("unverified") == 0
    assert swapped.count("unverified") == 2


def test_a_follow_up_keeps_the_horizon():
    from finagent import FunctionCallingAgent

    agent = FunctionCallingAgent.from_env(offline=True)
    agent.run("Compare MSFT and GOOGL over the next 3 years")
    follow = agent.run("and versus AMD?")
    assert json.loads(follow.tool_calls[0].raw_arguments) == follow.tool_calls[0].arguments
    expected = {"symbols": ["MSFT", "GOOGL", "AMD"], "time_horizon": "3 years"}
    assert follow.tool_calls[0].arguments == expected


def test_an_unknown_ticker_in_a_comparison_is_named_not_dropped(tmp_path):
    proc = run(tmp_path, "ask", "Compare AAPL and ZZZZ", "--json")
    assert proc.returncode == 3  # answered in part
    result = as_json(proc)
    assert "Company comparison: AAPL, ZZZZ (no data: ZZZZ)" in result["answer"]
    assert result["missing"][0].startswith("ZZZZ: no data")


def test_a_script_gets_plain_progress_and_no_rich_before_the_turn(tmp_path):
    """stderr a pipe: the turn runs without importing rich (its first model request leaves
    sooner), progress is plain lines, and an ignored option is still said."""
    code = (
        "import sys\n"
        "from finagent import FunctionCallingAgent\n"
        "from finagent.app import cli\n"
        "agent = FunctionCallingAgent.from_env(offline=True)\n"
        "args = cli.parser().parse_args(['ask', 'Compare MSFT and GOOGL', '--model', 'x'])\n"
        "result = cli._run(args, agent)\n"
        "print(result.outcome, any(m.startswith('rich') for m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=cli_env(tmp_path), cwd=tmp_path,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert proc.stdout.split() == ["answered", "False"]
    assert proc.stderr.splitlines() == [
        "--model ignored: no LLM is configured (set OPENAI_API_KEY or OPENAI_BASE_URL); the "
        "offline planner answers.",
        proc.stderr.splitlines()[1],
    ]
    assert re.fullmatch(r"  ✓ company_comparison \(\d+\.\d+s\)", proc.stderr.splitlines()[1])


def test_plain_progress_names_a_failed_tool_and_why():
    import io

    from finagent.app.runner import PlainSink
    from finagent.events import Event

    stream = io.StringIO()
    sink = PlainSink(stream=stream)
    sink(Event("tool_end", {"name": "get_quote", "ok": False, "seconds": 0.24, "error": "429"}))
    sink(Event("tool_start", {"name": "get_quote"}))  # not verbose: no line
    assert stream.getvalue() == "  ✗ get_quote (0.2s): 429\n"
