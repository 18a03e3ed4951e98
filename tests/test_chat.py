"""The chat's slash commands: no command can end the session or lose the conversation."""

from __future__ import annotations

import pytest
from rich.console import Console

from finagent import FunctionCallingAgent
from finagent.app.chat import Chat
from finagent.testing import ScriptedModel


def chat_with_one_turn() -> tuple[Chat, Console]:
    console = Console(record=True, width=400)
    agent = FunctionCallingAgent(ScriptedModel(["hello"]), [])
    agent.chat("hi")
    return Chat(agent, console), console


def test_a_hostile_load_is_one_line_and_the_conversation_stays(tmp_path):
    chat, console = chat_with_one_turn()
    before = list(chat.agent.memory.messages)
    bad = tmp_path / "bad.json"
    bad.write_text("[" * 1100 + "]" * 1100)
    assert chat.command(f"/load {bad}") is True
    assert "not a finagent conversation" in console.export_text()
    assert chat.agent.memory.messages == before


def test_an_unexpected_error_in_a_command_is_shown_and_the_chat_goes_on(monkeypatch):
    chat, console = chat_with_one_turn()

    def broken(_: str) -> None:
        raise TypeError("unsupported operand")

    monkeypatch.setattr(chat, "cmd_usage", broken)
    assert chat.command("/usage") is True
    out = console.export_text()
    assert "/usage failed unexpectedly (TypeError: unsupported operand)" in out
    assert chat.command("/help") is True


def test_facts_explain_their_source_codes():
    from finagent.testing.fmp import snapshot_client  # noqa: F401  (the offline data)

    console = Console(record=True, width=400)
    agent = FunctionCallingAgent.from_env(offline=True)
    chat = Chat(agent, console)
    chat.ask("Is NVDA expensive?")
    chat.command("/facts")
    out = console.export_text()
    assert "Sources: " in out and "IS = income-statement (annual)" in out and "Q = quote" in out


def test_search_finds_a_company_by_its_everyday_name():
    from finagent.testing.fmp import snapshot_client
    from tools import search_symbols

    found = search_symbols("Google", client=snapshot_client())  # the company is "Alphabet"
    assert [r.symbol for r in found] == ["GOOGL"]


@pytest.mark.parametrize("width", [80, 120])
def test_facts_all_groups_by_question_and_fits_the_terminal(width):
    console = Console(record=True, width=width)
    chat = Chat(FunctionCallingAgent.from_env(offline=True), console)
    chat.ask("Analyze the banking sector")
    chat.ask("Analyze the technology sector")
    console.export_text()  # forget the answers: only /facts all below
    chat.command("/facts all")
    out = console.export_text()
    assert "Facts for: Analyze the banking sector" in out
    assert "Facts for: Analyze the technology sector" in out
    # each sector's median stays in its own table: banks' median P/E (11.8x) and tech's (39.3x)
    banking, technology = out.split("Facts for: Analyze the technology sector", 1)
    assert "11.8x" in banking and "39.3x" in technology
    for ticker in ("AAPL", "NVDA", "JPM"):  # no ticker broken over two lines
        assert ticker in out
    assert "2024-03…" not in out and "…" not in out  # nothing cut
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert rows and all(line.rstrip().endswith("│") for line in rows)  # every table fits


def test_export_after_load_does_not_write_the_answer_from_before(tmp_path):
    console = Console(record=True, width=400)
    chat = Chat(FunctionCallingAgent(ScriptedModel(["hello"]), []), console)
    chat.last = chat.agent.run("hi")  # the answer shown before the load
    chat.agent.save(tmp_path / "saved.json")
    chat.command(f"/load {tmp_path / 'saved.json'}")
    chat.command(f"/export {tmp_path / 'out.md'}")
    assert "nothing to export yet" in console.export_text()
    assert not (tmp_path / "out.md").exists()
