"""The interactive chat: a prompt with line editing and history, a live status line while the
agent works, answers as Markdown, and slash commands. Ctrl-C cancels the running turn and keeps
the conversation; Ctrl-D or /exit leaves. Errors are one clear paragraph, never a traceback
(unless --verbose)."""

from __future__ import annotations

import argparse
import traceback
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from ..errors import FinagentError, TurnCancelled
from .builder import build_from_args, mode_of, snapshot_date
from .display import (
    answer,
    banner,
    error_panel,
    facts_tables,
    is_planner,
    run_turn,
    source_legend,
    usage_line,
    warn_ignored,
)
from .exports import DEFAULT_EXPORT_SUFFIX, write_export
from .paths import dated_path, history_file

HELP = """Commands:
  /help            this help
  /tools           the analyses and tools the agent can use
  /facts [all]     the facts behind the last answer (all: the whole conversation)
  /usage           tokens, LLM calls, FMP calls and cache hits so far
  /reset           start a new conversation
  /save [FILE]     save the conversation as JSON (no FILE: a dated file in the saved folder)
  /load FILE       load a saved conversation
  /export [FILE]   the last answer as a report: FILE.html (one file, with charts) or FILE.md
                   (no FILE: a dated .html in the saved folder)
  /exit            leave (or Ctrl-D)"""


class Chat:
    def __init__(self, agent: Any, console: Console, verbose: bool = False) -> None:
        self.agent, self.console, self.verbose = agent, console, verbose
        self.hide_citations = False
        self.asked: list[tuple[str, list[Any]]] = []  # (question, its facts), for /facts all
        self.last: Any = None

    # --- one turn ------------------------------------------------------------------------------

    def ask(self, question: str) -> None:
        """Run a turn; Ctrl-C abandons it without losing the session."""
        try:
            result = run_turn(self.console, self.agent, question, self.verbose)
        except TurnCancelled as exc:
            self.console.print(f"[yellow]{escape(str(exc))}[/]")
            return
        except FinagentError as exc:
            error_panel(self.console, str(exc))
            return
        except Exception as exc:
            self._unexpected(exc, "Unexpected error")
            return
        self.last = result
        self.asked.append((question, list(result.facts)))
        answer(
            self.console,
            result.answer,
            result.verification,
            snapshot_date(self.agent),
            [*self.agent.ledger, *result.facts],
            self.hide_citations,
        )
        client = getattr(self.agent, "client", None)
        self.console.print(
            f"[dim]{escape(usage_line(result.usage, client, planner=is_planner(self.agent)))}[/]"
        )

    # --- slash commands ----------------------------------------------------------------------

    def command(self, line: str) -> bool:
        """Handle a slash command; returns False when the user leaves."""
        name, _, arg = line[1:].strip().partition(" ")
        arg = arg.strip()
        handler = getattr(self, f"cmd_{name.lower()}", None)
        if name.lower() in ("exit", "quit", "q"):
            return False
        if handler is None:
            self.console.print(f"Unknown command /{escape(name)}. Type /help.")
            return True
        try:
            handler(arg)
        except (OSError, ValueError, FinagentError) as exc:
            error_panel(self.console, f"/{name} failed: {exc}")
        except Exception as exc:  # no command may end the session
            self._unexpected(exc, f"/{name} failed unexpectedly")
        return True

    def _unexpected(self, exc: Exception, what: str) -> None:
        """An error nobody planned for: shown in one panel (traceback with --verbose); the
        conversation stays as it was."""
        if self.verbose:
            traceback.print_exception(type(exc), exc, exc.__traceback__)
        error_panel(
            self.console,
            f"{what} ({type(exc).__name__}: {exc}). The conversation is intact; run with "
            "--verbose for details.",
        )

    def cmd_help(self, _: str) -> None:
        self.console.print(HELP, highlight=False, markup=False)

    def cmd_tools(self, _: str) -> None:
        for tool in self.agent.tools.values():
            self.console.print(
                f"[bold]{tool.name}[/] — {escape(tool.description)}", highlight=False
            )

    def cmd_facts(self, arg: str) -> None:
        """``/facts``: the last answer's facts; ``/facts all``: one table per question (each
        sector's median stays with its sector), split to fit the terminal's width."""
        width = self.console.width
        if arg == "all":
            groups = [(f"Facts for: {question}", facts) for question, facts in self.asked]
            if not groups and len(self.agent.ledger):  # a loaded conversation: no questions
                groups = [("Facts of the conversation", list(self.agent.ledger))]
        elif self.last is not None:
            groups = [("Facts behind the last answer", self.last.facts)]
        else:
            groups = []
        if not any(facts for _, facts in groups):
            self.console.print("No facts yet: ask a question first.")
            return
        for title, facts in groups:
            for table in facts_tables(facts, self._series(), title, width):
                self.console.print(table)
        every = [fact for _, facts in groups for fact in facts]
        self.console.print(f"[dim]{escape(source_legend(every))}[/]")

    def _series(self) -> dict[str, list[float]]:
        series: dict[str, list[float]] = {}
        for output in getattr(self.last, "outputs", []) or []:
            data = getattr(output, "data", None)
            if hasattr(data, "series"):
                for symbol, bars in data.series().items():
                    series[symbol] = [close for _, close in bars]
        return series

    def cmd_usage(self, _: str) -> None:
        self.console.print(
            "Session: "
            + usage_line(
                self.agent.usage,
                getattr(self.agent, "client", None),
                planner=is_planner(self.agent),
            )
        )

    def cmd_reset(self, _: str) -> None:
        self.agent.reset()
        self.last = None
        self.asked.clear()
        self.console.print("New conversation.")

    def cmd_save(self, arg: str) -> None:
        path = Path(arg) if arg else dated_path(".json")
        self.agent.save(path)
        self.console.print(f"Saved the conversation to {escape(str(path))}.")

    def cmd_load(self, arg: str) -> None:
        if not arg:
            raise ValueError("give the file to load, e.g. /load conversation.json")
        self.agent.load(Path(arg))
        self.asked.clear()  # the loaded conversation's facts show as one table
        self.last = None  # /export: the last answer of this conversation, not the one before
        self.console.print(
            f"Loaded {escape(arg)}: {len(self.agent.memory.history)} messages, "
            f"{len(self.agent.ledger)} facts."
        )

    def cmd_export(self, arg: str) -> None:
        """``/export FILE.html`` (or ``.md``); with no file, a dated HTML report in the saved
        folder (``paths``)."""
        if self.last is None:
            raise ValueError("nothing to export yet: ask a question first")
        path = Path(arg) if arg else dated_path(DEFAULT_EXPORT_SUFFIX)
        write_export(
            path,
            self.last,
            self.agent,
            self.asked[-1][0] if self.asked else "",
            citation_facts=list(self.agent.ledger),
            hide_citations=self.hide_citations,
        )
        self.console.print(f"Wrote {escape(str(path))}.", highlight=False)


def _read_line(console: Console) -> str:
    return console.input("[bold cyan]you>[/] ")


def _history_file() -> Path | None:
    try:
        path = history_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return None


def _setup_readline() -> None:
    """Line editing and history through the standard library's readline, where it exists."""
    try:
        import atexit
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input still works
        return
    history = _history_file()
    if history is None:
        return
    try:
        readline.read_history_file(history)
    except OSError:
        pass
    readline.set_history_length(1000)
    atexit.register(lambda: _save_history(readline, history))


def _save_history(readline: Any, history: Path) -> None:
    try:
        readline.write_history_file(history)
    except OSError:
        pass


def run_chat(args: argparse.Namespace) -> int:
    console = Console()
    agent = build_from_args(args)
    banner(console, mode_of(agent))
    warn_ignored(console, args, agent)
    _setup_readline()
    chat = Chat(agent, console, args.verbose)
    chat.hide_citations = bool(getattr(args, "hide_citations", False))
    while True:
        try:
            line = _read_line(console).strip()
        except EOFError:
            console.print()
            return 0
        except KeyboardInterrupt:
            console.print("\n(Ctrl-D or /exit to leave)")
            continue
        if not line:
            continue
        if line.startswith("/"):
            if not chat.command(line):
                return 0
            continue
        chat.ask(line)
