"""Opt-in: one whole question through a real llama.cpp server (llama-cpp-python) on 127.0.0.1.

Skipped unless ``FINAGENT_GGUF`` names a GGUF model file. The server runs as
``python -m llama_cpp.server`` with the interpreter in ``FINAGENT_LLAMA_PYTHON`` (default: this
one), so llama-cpp-python may live in a venv of its own. Data is the offline snapshot; nothing
leaves the machine. Run it alone with ``pytest -m local_llm -s``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

GGUF = os.environ.get("FINAGENT_GGUF", "")
LLAMA_PYTHON = os.environ.get("FINAGENT_LLAMA_PYTHON", sys.executable)
STARTUP = float(os.environ.get("FINAGENT_LLAMA_STARTUP", "180"))

pytestmark = [
    pytest.mark.local_llm,
    pytest.mark.skipif(
        not GGUF or not Path(GGUF).is_file(),
        reason="set FINAGENT_GGUF to a GGUF model file to run against a real llama.cpp server",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                LLAMA_PYTHON,
                "-m",
                "llama_cpp.server",
                "--model",
                GGUF,
                "--chat_format",
                "chatml-function-calling",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                os.environ.get("FINAGENT_LLAMA_CTX", "8192"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + STARTUP
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"llama_cpp.server exited ({process.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(base_url + "/models", timeout=2) as answer:
                    json.loads(answer.read())
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not start in {STARTUP:.0f}s")
                time.sleep(0.5)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_one_whole_question_through_a_local_llama_server(llama_server, monkeypatch):
    from finagent import FunctionCallingAgent

    monkeypatch.setenv("FINAGENT_LLM_TIMEOUT", os.environ.get("FINAGENT_LLM_TIMEOUT", "600"))
    agent = FunctionCallingAgent.from_env(
        base_url=llama_server, model=Path(GGUF).stem, offline=True, max_steps=3
    )
    started = time.perf_counter()
    result = agent.run("Compare MSFT and GOOGL over the next 3 years")
    seconds = time.perf_counter() - started
    print(
        f"\nlocal model {Path(GGUF).name}: {seconds:.1f}s, {result.usage.llm_calls} LLM calls, "
        f"tools {[(c.name, c.ok) for c in result.tool_calls]}\nanswer: {result.answer[:400]!r}"
    )
    assert isinstance(result.answer, str) and result.answer.strip()
    assert result.usage.llm_calls >= 1
