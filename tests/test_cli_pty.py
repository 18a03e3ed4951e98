"""End-to-end tests of the interactive chat in a real pseudo-terminal (pexpect, 40x120).

The console script runs in its own process with a clean environment: with no keys it is the
offline demo on the bundled snapshot (as of 2024-03-08); with keys it talks to local stand-ins on
127.0.0.1 (``OpenAIStubServer``, ``FMPStandIn``) served from this test process. Ctrl-C is a real
SIGINT from the terminal (``sendintr``), Ctrl-D a real end of file (``sendeof``).
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest

from finagent.app.builder import ENV_NAMES
from finagent.testing.fmp import FMPStandIn
from finagent.testing.openai_server import OpenAIStubServer, validate_chat_request

FINAGENT = str(Path(sys.executable).with_name("finagent"))
PROMPT = "you>"
KEY = "openai-test-0123456789abcdef"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Z]")
COMPARE = ("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"})


def plain(text: str) -> str:
    """Terminal output without colours and cursor movements."""
    return ANSI.sub("", text).replace("\r", "")


def flat(text: str) -> str:
    """``plain`` text with panel borders removed and all whitespace runs collapsed."""
    return " ".join(plain(text).replace("│", " ").split())


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in set(ENV_NAMES.values())}
    env.update(FINAGENT_CACHE_DIR=str(tmp_path / "cache"), COLUMNS="120", LINES="40", TERM="xterm")
    env.update(extra)
    return env


def model_env(tmp_path: Path, model: OpenAIStubServer, **extra: str) -> dict[str, str]:
    return cli_env(
        tmp_path,
        OPENAI_API_KEY=KEY,
        OPENAI_BASE_URL=model.base_url,
        FINAGENT_MODEL="stub-model",
        **extra,
    )


class Session:
    """One ``finagent`` process on a pseudo-terminal."""

    def __init__(
        self, cwd: Path, env: dict[str, str], args: tuple[str, ...] = (), timeout: float = 20
    ) -> None:
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(
            FINAGENT,
            list(args),
            cwd=str(cwd),
            env=env,
            dimensions=(40, 120),
            encoding="utf-8",
            codec_errors="replace",
            timeout=timeout,
        )
        self.child.logfile_read = self.transcript
        self.banner = self.wait_for_prompt()

    def text(self) -> str:
        return plain(self.transcript.getvalue())

    def expect(self, pattern: str) -> str:
        """Wait for ``pattern`` (plain text, may be split by colour codes only if it is short)."""
        index = self.child.expect_exact([pattern, pexpect.EOF, pexpect.TIMEOUT])
        if index:
            pytest.fail(
                f"{'exited' if index == 1 else 'timed out'} waiting for {pattern!r}; "
                f"output so far:\n{self.text()[-3000:]}"
            )
        return plain(self.child.before)

    def wait_for_prompt(self) -> str:
        return self.expect(PROMPT)

    def send(self, line: str) -> str:
        """Type a line; return what was printed until the next prompt (without the echo)."""
        self.child.sendline(line)
        output = self.wait_for_prompt()
        return output.split("\n", 1)[1] if "\n" in output else ""

    def finish(self) -> int:
        """Wait for the process to end; its exit status."""
        index = self.child.expect([pexpect.EOF, pexpect.TIMEOUT])
        if index:
            pytest.fail(f"the process did not exit; output so far:\n{self.text()[-3000:]}")
        self.child.close()
        assert self.child.signalstatus is None, f"killed by signal {self.child.signalstatus}"
        return self.child.exitstatus


@pytest.fixture
def spawn(tmp_path):
    sessions: list[Session] = []

    def start(env: dict[str, str] | None = None, *args: str, cwd: Path | None = None) -> Session:
        session = Session(cwd or tmp_path, env or cli_env(tmp_path), args)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        if session.child.isalive():
            session.child.close(force=True)


def verification_line(text: str) -> tuple[int, int]:
    match = re.search(r"(\d+) figures?: (\d+) verified", flat(text))
    assert match, f"no verification line in:\n{text[-2000:]}"
    return int(match[1]), int(match[2])


# --- 1. the offline demo in a terminal ------------------------------------------------------------


def test_offline_session_in_a_terminal(tmp_path, spawn):
    chat = spawn()
    banner = flat(chat.banner)
    assert "OFFLINE DEMO" in banner
    assert "not investment advice" in banner
    assert "2024-03-08" in banner

    answer = chat.send("Compare MSFT and GOOGL over the next 3 years")
    text = flat(answer)
    assert "MSFT" in text and "GOOGL" in text
    assert "Microsoft" in text and "Alphabet" in text
    assert "2024-03-08" in text
    figures, verified = verification_line(answer)
    assert figures > 0 and verified == figures
    assert "Error" not in text

    facts = flat(chat.send("/facts"))
    assert "Facts behind the last answer" in facts
    assert "MSFT" in facts and "GOOGL" in facts and "$211.91B" in facts

    banks = flat(chat.send("Analyze the banking sector"))
    assert "JPM" in banks
    assert "2024-03-08" in banks
    verification_line(banks)

    facts = flat(chat.send("/facts"))
    assert "JPM" in facts and "BAC" in facts and "GOOGL" not in facts
    every = flat(chat.send("/facts all"))
    assert "JPM" in every and "MSFT" in every and "GOOGL" in every

    saved = flat(chat.send("/save conv.json"))
    assert "conv.json" in saved
    chat.child.sendline("/exit")
    assert chat.finish() == 0

    data = json.loads((tmp_path / "conv.json").read_text(encoding="utf-8"))
    messages = data["memory"]["messages"]
    questions = [m["content"] for m in messages if m["role"] == "user"]
    assert questions == [
        "Compare MSFT and GOOGL over the next 3 years",
        "Analyze the banking sector",
    ]
    assert {"MSFT.revenue", "JPM.market_cap"} <= {fact["id"] for fact in data["facts"]}
    # What was saved could be sent to a real OpenAI-compatible server as it is.
    body = {"model": "m", "messages": [{"role": "system", "content": "s"}, *messages]}
    assert validate_chat_request(body) is None


def test_chat_subcommand_leaves_on_ctrl_d(tmp_path, spawn):
    chat = spawn(None, "chat")
    assert "OFFLINE DEMO" in flat(chat.banner)
    answer = flat(chat.send("Is NVDA expensive?"))
    assert "NVDA" in answer and "2024-03-08" in answer

    chat.child.sendintr()  # Ctrl-C at the prompt: a hint, and the chat goes on
    assert "Ctrl-D or /exit to leave" in flat(chat.wait_for_prompt())
    assert "/facts" in chat.send("/help")

    chat.child.sendeof()
    assert chat.finish() == 0
    assert "Traceback" not in chat.text()


def test_chat_writes_the_trace_file(tmp_path, spawn):
    chat = spawn(None, "--trace", "trace.jsonl")
    verification_line(chat.send("Compare MSFT and GOOGL"))
    chat.child.sendline("/exit")
    assert chat.finish() == 0
    trace = tmp_path / "trace.jsonl"
    assert trace.is_file(), "--trace FILE was given but the chat wrote nothing to it"
    kinds = [json.loads(line)["kind"] for line in trace.read_text().splitlines()]
    assert {"tool_start", "tool_end", "answer"} <= set(kinds)


def test_help_lists_the_all_option_of_facts(spawn):
    chat = spawn()
    help_text = chat.send("/help")
    assert "/facts [all]" in help_text, help_text
    chat.child.sendline("/exit")
    assert chat.finish() == 0


def test_save_reports_the_file_name_it_wrote(tmp_path, spawn):
    chat = spawn()
    chat.send("Compare MSFT and GOOGL")
    saved = flat(chat.send("/save conv[final].json"))
    chat.child.sendline("/exit")
    assert chat.finish() == 0
    assert (tmp_path / "conv[final].json").is_file()
    assert "conv[final].json" in saved, saved


def test_slash_command_text_is_not_parsed_as_markup(spawn):
    chat = spawn()
    chat.child.sendline("/model[/INST]")
    index = chat.child.expect_exact([PROMPT, pexpect.EOF])
    output = plain(chat.child.before)
    assert index == 0, f"the chat died on a typo:\n{output[-1500:]}"
    assert "Unknown command" in output and "Traceback" not in output
    chat.child.sendline("/exit")
    assert chat.finish() == 0


def test_load_resumes_an_offline_conversation_with_a_real_model(tmp_path, spawn):
    from finagent.app import build_agent

    offline = build_agent()  # the offline demo, in this (hermetic) process
    offline.run("Compare MSFT and GOOGL over the next 3 years")
    offline.save(tmp_path / "offline.json")

    with OpenAIStubServer(lambda body: "FOLLOW-UP: margins as above.", api_key=KEY) as model:
        chat = spawn(model_env(tmp_path, model))
        assert "stub-model" in flat(chat.banner)
        loaded = flat(chat.send("/load offline.json"))
        assert re.search(r"Loaded offline\.json: 4 messages, \d+ facts", loaded), loaded
        answer = flat(chat.send("and how about their margins?"))
        assert "FOLLOW-UP: margins as above." in answer
        assert "Session:" in chat.send("/usage")
        assert "Wrote report.md" in flat(chat.send("/export report.md"))
        failed = flat(chat.send("/load missing.json"))
        assert "/load failed" in failed and "Traceback" not in failed
        assert "New conversation" in chat.send("/reset")
        chat.child.sendline("/exit")
        assert chat.finish() == 0

    [body] = model.bodies
    assert validate_chat_request(body) is None
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["system", "user", "assistant", "tool", "assistant", "user"]
    assert body["messages"][-1]["content"] == "and how about their margins?"
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.startswith("FOLLOW-UP: margins as above.")
    assert "not investment advice" in report


def test_wrong_openai_key_in_chat_is_a_panel_and_the_chat_goes_on(tmp_path, spawn):
    with OpenAIStubServer(["never sent"], api_key="sk-the-right-key-000") as model:
        chat = spawn(model_env(tmp_path, model))
        error = flat(chat.send("Compare MSFT and GOOGL"))
        assert "OPENAI_API_KEY" in error
        assert "Traceback" not in error and KEY not in error
        assert "Unknown command /nope" in chat.send("/nope")
        chat.child.sendline("/exit")
        assert chat.finish() == 0


# --- 2. Ctrl-C cancels a running turn and keeps the conversation ----------------------------------


def scripted(request: dict[str, Any]) -> Any:
    """The stub model: ``compare ...`` asks for the comparison tool, then answers from it."""
    last = request["messages"][-1]
    if last["role"] == "tool":
        return "TOOL-ANSWER: from the comparison."
    if last["content"].startswith("compare"):
        return [COMPARE]
    return "SECOND-ANSWER: a fresh turn."


def assert_clean_second_turn(model: OpenAIStubServer, question: str) -> None:
    """Every request was valid, and the question after the cancel carried no trace of it."""
    problems = [validate_chat_request(body) for body in model.bodies]
    assert problems == [None] * len(model.bodies)
    [body] = [b for b in model.bodies if b["messages"][-1].get("content") == question]
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


def test_ctrl_c_while_the_model_is_slow(tmp_path, spawn):
    with OpenAIStubServer(scripted, api_key=KEY, latency=1.5) as model:
        chat = spawn(model_env(tmp_path, model))
        chat.child.sendline("compare MSFT and GOOGL")
        chat.expect("company_comparison (")  # the tool ran; now the model is asked again
        chat.expect("asking stub-model")
        time.sleep(0.3)
        chat.child.sendintr()
        cancelled = flat(chat.wait_for_prompt())
        assert "Cancelled" in cancelled
        assert "Traceback" not in cancelled

        answer = flat(chat.send("what next?"))
        assert "SECOND-ANSWER: a fresh turn." in answer
        assert "refused" not in answer and "Error" not in answer
        assert "No facts yet" in chat.send("/facts all")
        assert "1 LLM call ·" in flat(chat.send("/usage"))
        chat.child.sendline("/exit")
        assert chat.finish() == 0

    assert_clean_second_turn(model, "what next?")
    assert "TOOL-ANSWER" not in chat.text()  # the abandoned turn's late answer is dropped


def test_ctrl_c_while_a_tool_waits_for_slow_fmp(tmp_path, spawn):
    with (
        OpenAIStubServer(scripted, api_key=KEY, latency=0.1) as model,
        FMPStandIn(latency=1.0) as fmp,
    ):
        env = model_env(tmp_path, model, FMP_API_KEY=fmp.api_key, FMP_BASE_URL=fmp.base_url)
        chat = spawn(env, "--no-cache")
        assert "live FMP" in flat(chat.banner)
        chat.child.sendline("compare MSFT and GOOGL")
        chat.expect("company_comparison(")  # the status line: the tool is running
        time.sleep(0.3)
        chat.child.sendintr()
        assert "Cancelled" in flat(chat.wait_for_prompt())

        assert "SECOND-ANSWER: a fresh turn." in flat(chat.send("what next?"))
        again = flat(chat.send("compare them again"))
        assert "TOOL-ANSWER: from the comparison." in again
        assert "✓ company_comparison" in again
        chat.child.sendline("/exit")
        assert chat.finish() == 0

    assert_clean_second_turn(model, "what next?")
    last = model.bodies[-1]["messages"]
    assert [m["role"] for m in last] == ["system", "user", "assistant", "user", "assistant", "tool"]
    assert "compare MSFT and GOOGL" not in json.dumps(last)


def test_ctrl_c_in_ask_exits_130_without_a_traceback(tmp_path):
    with OpenAIStubServer(lambda body: "too late", api_key=KEY, latency=3) as model:
        child = pexpect.spawn(
            FINAGENT,
            ["ask", "hello"],
            cwd=str(tmp_path),
            env=model_env(tmp_path, model),
            dimensions=(40, 120),
            encoding="utf-8",
            timeout=20,
        )
        try:
            child.expect_exact("asking stub-model")
            time.sleep(0.3)
            child.sendintr()
            child.expect(pexpect.EOF)
            output = plain(child.before)
            child.close()
        finally:
            if child.isalive():
                child.close(force=True)
    assert child.exitstatus == 130
    assert "Traceback" not in output and "too late" not in output


def test_facts_all_in_an_80_column_terminal(tmp_path, spawn):
    """Two sector questions, then /facts all: one table per question, each fitting 80 columns,
    nothing cut; a one-figure question is answered first, in one line."""
    chat = spawn(cli_env(tmp_path, COLUMNS="80"))
    chat.child.setwinsize(40, 80)
    chat.send("Analyze the banking sector")
    chat.send("Analyze the technology sector")
    out = plain(chat.send("/facts all"))
    assert "Facts for: Analyze the banking sector" in out
    assert "Facts for: Analyze the technology sector" in out
    assert "…" not in out
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert rows and all(line.rstrip().endswith("│") and len(line.rstrip()) <= 80 for line in rows)
    first = flat(chat.send("What's Apple's free cash flow margin?"))
    assert "FCF margin (FY2023): AAPL 26.0% [1]." in first  # the citation as a marker
    assert "[1] AAPL.fcf_margin = 26.0% (FY2023)" in first
    assert "1 tool call" in first and "planner steps" in first
