"""Where exports go: ``/export`` and ``/save`` with a file or without (a dated file in the saved
folder, its path printed), ``finagent ask --export``, ``finagent cache info`` listing the chat
history and the saved folder, and matplotlib staying out of ``import finagent``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from rich.console import Console

from finagent import FunctionCallingAgent
from finagent.app.builder import ENV_NAMES
from finagent.app.chat import Chat
from finagent.app.paths import dated_path, history_file, saved_folder

FINAGENT = str(Path(sys.executable).with_name("finagent"))
DATED = r"finagent-\d{4}-\d\d-\d\d-\d{4}"


def offline_chat() -> tuple[Chat, Console]:
    console = Console(record=True, width=500)
    chat = Chat(FunctionCallingAgent.from_env(offline=True), console)
    chat.ask("Compare MSFT and GOOGL")
    console.export_text()  # forget the answer: only what follows
    return chat, console


def test_export_without_a_file_writes_a_dated_html_report_and_says_where(tmp_path):
    chat, console = offline_chat()
    assert chat.command("/export") is True
    out = console.export_text()
    [written] = list(saved_folder().iterdir())
    assert saved_folder() == tmp_path / "cache" / "saved"  # the cache folder (FINAGENT_CACHE_DIR)
    assert re.fullmatch(DATED + r"\.html", written.name)
    assert f"Wrote {written}." in out
    text = written.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<h1>Compare MSFT and GOOGL</h1>" in text


def test_export_to_a_file_picks_the_format_by_its_name(tmp_path):
    chat, _ = offline_chat()
    chat.command(f"/export {tmp_path / 'r.html'}")
    chat.command(f"/export {tmp_path / 'r.md'}")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert markdown.startswith(chat.last.answer) and "## Facts" in markdown
    assert not saved_folder().exists()  # named files go where they are told


def test_save_without_a_file_writes_a_dated_conversation_that_loads(tmp_path):
    chat, console = offline_chat()
    chat.command("/save")
    [written] = list(saved_folder().iterdir())
    assert re.fullmatch(DATED + r"\.json", written.name)
    assert f"Saved the conversation to {written}." in console.export_text()
    other = Chat(FunctionCallingAgent.from_env(offline=True), Console(record=True, width=500))
    other.command(f"/load {written}")
    assert len(other.agent.ledger) == len(chat.agent.ledger) > 0


def test_two_files_in_one_minute_do_not_overwrite_each_other(tmp_path):
    when = datetime(2026, 11, 30, 8, 15)
    first = dated_path(".html", when, tmp_path)
    first.write_text("one")
    second = dated_path(".html", when, tmp_path)
    assert (first.name, second.name) == (
        "finagent-2026-11-30-0815.html",
        "finagent-2026-11-30-0815-2.html",
    )


def test_export_before_any_answer_says_so():
    console = Console(record=True, width=200)
    chat = Chat(FunctionCallingAgent.from_env(offline=True), console)
    chat.command("/export")
    assert "nothing to export yet" in console.export_text()
    assert not saved_folder().exists()


# --- the command line ------------------------------------------------------------------------


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in set(ENV_NAMES.values())}
    env.update(FINAGENT_CACHE_DIR=str(tmp_path / "cache"), COLUMNS="120", TERM="dumb")
    return subprocess.run(
        [FINAGENT, *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_ask_export_writes_the_html_report(tmp_path):
    proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", "--export", "x.html")
    assert proc.returncode == 0, proc.stderr
    report = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<h1>Compare MSFT and GOOGL</h1>" in report and report.count("<svg") == 2
    assert "Wrote x.html." in proc.stderr  # stdout (a pipe) keeps only the answer
    assert "Wrote" not in proc.stdout and "Operating margin" in proc.stdout


def test_ask_json_with_export_keeps_stdout_one_json_object(tmp_path):
    proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", "--json", "--export", "x.md")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert (result["ok"], result["export"], result["errors"]) == (True, "x.md", [])
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("### Company comparison")


def test_ask_json_says_when_the_export_failed(tmp_path):
    """A script reading stdout must not see success when the report was not written."""
    proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", "--json", "--export", "no/dir/x.md")
    assert proc.returncode == 1
    result = json.loads(proc.stdout)
    assert (result["ok"], result["outcome"], result["export"]) == (False, "answered", None)
    assert result["errors"][0].startswith("Could not write no/dir/x.md")


def test_ask_export_to_an_unwritable_place_is_an_error(tmp_path):
    proc = run(tmp_path, "ask", "Compare MSFT and GOOGL", "--export", "no/such/dir/x.html")
    assert proc.returncode == 1
    assert "Could not write no/such/dir/x.html" in " ".join(proc.stderr.split())
    assert "Traceback" not in proc.stderr


def test_cache_info_shows_the_chat_history_and_the_saved_folder(tmp_path):
    folder = tmp_path / "cache"
    before = run(tmp_path, "cache", "info").stdout
    assert f"Chat history: {history_file(folder)} (none yet)" in before
    assert f"/save and /export: {saved_folder(folder)} (none yet)" in before
    folder.mkdir()
    history_file(folder).write_text("Compare MSFT and GOOGL\n" * 100)
    saved_folder(folder).mkdir()
    (saved_folder(folder) / "finagent-2026-11-30-0815.html").write_text("x" * 1500)
    after = run(tmp_path, "cache", "info").stdout
    assert f"Chat history: {history_file(folder)} (2.3 KB)" in after
    assert f"/save and /export: {saved_folder(folder)} (1 saved, 1.5 KB)" in after


def test_import_finagent_and_the_app_do_not_import_matplotlib():
    code = (
        "import sys, finagent, finagent.app.cli, finagent.app.chat, finagent.app.report_html, "
        "finagent.app.charts, finagent.app.exports; print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
