"""The README's Python examples run as written (offline, on the snapshot, with scripted models)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"<!-- readme-test -->\n```python\n(.*?)```", README.read_text(), re.S)


def test_the_readme_has_examples():
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("code", BLOCKS, ids=[f"example-{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code, capsys):
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out.strip()


def test_the_happy_path_example_runs_against_an_openai_compatible_server(monkeypatch, capsys):
    """The three-line example, unchanged, with OPENAI_API_KEY/OPENAI_BASE_URL pointing at a
    local stand-in that validates requests like the real API (data: the offline snapshot)."""
    from finagent.testing.openai_server import OpenAIStubServer

    key = "openai-readme-0123456789abcdef"
    replies = [
        [("company_comparison", {"symbols": ["MSFT", "GOOGL"], "time_horizon": "3 years"})],
        "MSFT's operating margin was 41.8% in FY2023 vs 27.4% for GOOGL.",
    ]
    with OpenAIStubServer(replies, api_key=key) as stub:
        monkeypatch.setenv("OPENAI_API_KEY", key)
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        exec(compile(BLOCKS[0], str(README), "exec"), {"__name__": "readme"})
    assert "41.8%" in capsys.readouterr().out
    assert [m["role"] for m in stub.bodies[1]["messages"]] == [
        "system",
        "user",
        "assistant",
        "tool",
    ]
    assert "MSFT" in stub.bodies[1]["messages"][-1]["content"]
