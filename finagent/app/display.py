"""How the terminal shows things (rich): banner, live status, answers, facts, usage, errors."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import DISCLAIMER, __version__
from ..events import Event
from ..facts import Fact, wide_rows

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], width: int = 24) -> str:
    """A tiny trend line of the last values (resampled to ``width`` points)."""
    if len(values) < 2:
        return ""
    step = max(1, len(values) // width)
    points = list(values[::step])[-width:]
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    return "".join(BARS[min(7, int((v - low) / span * 7.999))] for v in points)


def banner(console: Console, mode: dict[str, str]) -> None:
    lines = [
        f"[bold]finagent {__version__}[/] — financial analysis agent. {DISCLAIMER}",
        f"Model: {mode['model']}",
        f"Data: {mode['data']}",
    ]
    if mode.get("demo"):
        lines.append(f"[yellow]{mode['demo']}[/]")
    lines.append("Type a question, or /help. Ctrl-C cancels a turn, Ctrl-D or /exit leaves.")
    console.print(Panel("\n".join(lines), border_style="yellow" if mode.get("demo") else "blue"))


class StatusSink:
    """Turns agent events into a live status line (and short lines for tool results/failures)."""

    def __init__(self, console: Console, status: Any, verbose: bool = False) -> None:
        self.console, self.status, self.verbose = console, status, verbose
        self.active = True
        self.started = time.perf_counter()
        self.current = "thinking"

    def __call__(self, event: Event) -> None:
        if not self.active:
            return
        data, kind = event.data, event.kind
        if self.verbose and kind in ("tool_start", "model_end"):
            self.console.print(f"  [dim]{kind}: {escape(str(data))}[/]", highlight=False)
        if kind == "model_start":
            self.current = f"asking {data.get('model', 'the model')}"
        elif kind == "tool_start":
            self.current = escape(f"{data['name']}({_short_args(data.get('arguments', ''))})")
        elif kind == "progress":
            done, total = data.get("done"), data.get("total")
            count = f" {done}/{total}" if done is not None and total else ""
            self.current = f"{self.current.split(' · ')[0]} · {escape(data['message'])}{count}"
        elif kind == "tool_end":
            from .runner import tool_end_text

            mark, text = tool_end_text(data).split(" ", 1)
            style = "green" if data["ok"] else "red"
            self.console.print(f"  [{style}]{mark}[/] {escape(text)}", highlight=False)
        elif kind == "thought":
            self.console.print(f"  [dim]thought {data.get('step')}: {escape(data['text'])}[/]")
        self.tick()

    def tick(self) -> None:
        """Refresh the elapsed time (called between events too, so it never looks frozen)."""
        if self.active:
            self.status.update(f"{self.current} · {time.perf_counter() - self.started:.1f}s")


def run_turn(console: Console, agent: Any, question: str, verbose: bool = False) -> Any:
    """Run one turn in a worker thread under a live status line; Ctrl-C abandons the turn
    (raising ``TurnCancelled``) and leaves the conversation as it was."""
    from .runner import run_in_worker

    with console.status("thinking…") as status:
        sink = StatusSink(console, status, verbose)
        try:
            return run_in_worker(agent, question, sink, sink.tick)
        except BaseException:
            sink.active = False
            raise


def _short_args(arguments: str, limit: int = 60) -> str:
    import json

    try:
        parsed = json.loads(arguments or "{}")
        text = ", ".join(
            f"{v}" if not isinstance(v, list) else "/".join(map(str, v)) for v in parsed.values()
        )
    except (ValueError, AttributeError):
        text = arguments
    return text if len(text) <= limit else text[: limit - 1] + "…"


def answer(
    console: Console,
    text: str,
    verification: Any = None,
    snapshot_date: str | None = None,
    facts: Iterable[Fact] = (),
    hide_citations: bool = False,
) -> None:
    """The answer as Markdown; figures the verifier could not match get a ⚠ after them; fact-id
    citations become numbered markers with a sources list; an answer from the offline snapshot
    that does not say its date gets the data line added."""
    from rich.markdown import Markdown

    from ..verify.marks import marked, verification_line, with_citation_markers

    text = with_citation_markers(marked(text, verification), facts, hide=hide_citations)
    console.print(Markdown(text))
    line = data_line(text, snapshot_date)
    if line:
        console.print(f"[yellow]{escape(line)}[/]")
    summary = verification_line(verification)
    if summary:
        console.print(f"[dim]{escape(summary)}[/]")


def data_line(text: str, snapshot_date: str | None) -> str | None:
    """The data line an offline answer must carry, when it does not already say its date."""
    if snapshot_date and snapshot_date not in text:
        return (
            f"Data: offline snapshot as of {snapshot_date} (not live data). Not investment advice."
        )
    return None


def facts_tables(
    facts: Iterable[Fact],
    series: dict[str, list[float]] | None = None,
    title: str = "Facts behind the last answer",
    width: int = 120,
) -> list[Table]:
    """``facts_table`` split by companies so that each table fits ``width`` columns (a wide
    comparison becomes two tables rather than columns four characters wide)."""
    facts = list(facts)
    entities = list(dict.fromkeys(f.entity for f in facts))
    per_table = max(2, (width - 50) // 17)  # metric and period fold; a company needs ~17
    groups = [entities[i : i + per_table] for i in range(0, len(entities), per_table)] or [[]]
    tables = []
    for number, group in enumerate(groups, 1):
        part = f" ({number} of {len(groups)})" if len(groups) > 1 else ""
        chosen = set(group)
        tables.append(facts_table([f for f in facts if f.entity in chosen], series, title + part))
    return tables


def facts_table(
    facts: Iterable[Fact],
    series: dict[str, list[float]] | None = None,
    title: str = "Facts behind the last answer",
) -> Table:
    """Metrics as rows and companies as columns (one column per entity), with a 1-year price
    sparkline per company on top where prices were used."""
    entities, rows = wide_rows(facts)
    table = Table(title=title, header_style="bold")
    table.add_column("metric", overflow="fold", min_width=14)
    table.add_column("period", overflow="fold", style="dim", min_width=10)
    for entity in entities:
        table.add_column(entity, justify="right", overflow="fold", min_width=8)
    table.add_column("src", style="dim")
    if series and any(e in series for e in entities):
        table.add_row(
            "1Y price trend", "", *[sparkline(series.get(e, [])[-252:]) for e in entities], "PX"
        )
    for row in rows:
        first, period = row.present[0], row.period
        values = [
            "" if f is None else f.display if period != "by column" else f"{f.display} ({f.period})"
            for f in row.cells
        ]
        table.add_row(first.label, period, *values, first.source)
    return table


def source_legend(facts: Iterable[Fact]) -> str:
    """What the source codes of these facts mean (``Q`` = quote, ``IS`` = income statement…)."""
    from orchestrations.common import SOURCES

    codes = sorted({code for fact in facts for code in fact.source.split(",") if code})
    known = [f"{code} = {SOURCES[code]}" for code in codes if code in SOURCES]
    return "Sources: " + "; ".join(known) if known else ""


def is_planner(agent: Any) -> bool:
    return getattr(agent.model, "model_name", "") == "offline-planner"


def usage_line(
    usage: Any, client: Any = None, verification: Any = None, planner: bool = False
) -> str:
    """The usage summary; with ``planner`` (the offline demo) its steps are not "LLM calls"."""
    summary = usage.summary()
    if planner:
        summary = summary.replace("LLM calls", "planner steps").replace("LLM call", "planner step")
    parts = [summary]
    counter = getattr(client, "counter", None)
    if counter is not None and client.source == "fmp":  # not the snapshot, nor a replay
        limit, left = counter.daily_limit, counter.remaining_today
        parts.append(
            f"FMP calls today {counter.calls_today}" + (f"/{limit} ({left} left)" if limit else "")
        )
    return " · ".join(parts)


def error_panel(console: Console, message: str, title: str = "Error") -> None:
    console.print(Panel(Text(message), title=title, border_style="red"))


def warn_ignored(console: Any, args: argparse.Namespace, agent: Any) -> None:
    """Say so when an option cannot apply: without an LLM the offline planner answers."""
    from .runner import ignored_options

    note = ignored_options(args, agent)
    if note:
        console.print(f"[yellow]{escape(note)}[/]")
