"""The ``finagent`` command: ``finagent`` / ``finagent chat`` (interactive), ``finagent ask "..."
[--json]`` (one answer, for scripts), ``finagent cache clear``. ``python -m finagent`` works too.

Configuration: options > environment > ``.env`` in the working directory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import traceback
from typing import Any

from .. import DISCLAIMER, __version__
from ..errors import FinagentError, TurnCancelled


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _options(suppress: bool) -> argparse.ArgumentParser:
    """The shared options. Subcommands get a copy whose defaults are *suppressed*, so an option
    given before the subcommand (``finagent --offline ask ...``) is not reset by it."""
    common = argparse.ArgumentParser(
        add_help=False, argument_default=argparse.SUPPRESS if suppress else None
    )
    common.add_argument("--model", help="model name at the server (FINAGENT_MODEL)")
    common.add_argument("--base-url", help="OpenAI-compatible server URL (OPENAI_BASE_URL)")
    common.add_argument("--react", action="store_true", help="use the ReAct loop over all tools")
    common.add_argument(
        "--text-protocol",
        action="store_true",
        help="ReAct with a plain-text protocol, for models without tool calling",
    )
    common.add_argument("--max-steps", type=_positive, help="tool-calling steps per question")
    common.add_argument(
        "--offline",
        action="store_true",
        help="use the bundled offline snapshot (dated data) even with FMP_API_KEY",
    )
    common.add_argument("--no-cache", action="store_true", help="do not use the HTTP cache")
    common.add_argument(
        "--record",
        metavar="DIR",
        help="also write this live run's FMP responses to DIR (key-free) for --replay",
    )
    common.add_argument(
        "--replay",
        metavar="DIR",
        help="answer from FMP responses recorded with --record: no key, no network",
    )
    common.add_argument(
        "--no-prefetch",
        action="store_true",
        help="do not fetch the named companies' data while the model decides (FINAGENT_PREFETCH=0)",
    )
    common.add_argument("--trace", metavar="FILE", help="append every event as JSON lines")
    common.add_argument(
        "--strict",
        action="store_true",
        help="ask the model once to fix figures the verifier cannot match",
    )
    for name, env, what in (
        ("--llm-timeout", "FINAGENT_LLM_TIMEOUT", "seconds one model request may take"),
        ("--turn-deadline", "FINAGENT_TURN_DEADLINE", "seconds of data gathering per question"),
        ("--call-deadline", "FMP_CALL_DEADLINE", "seconds one FMP call may take, retries included"),
    ):
        common.add_argument(name, type=_seconds, metavar="SECONDS", help=f"{what} ({env})")
    common.add_argument(
        "--hide-citations",
        action="store_true",
        help="drop the fact-id citations from the answer (--json always keeps them)",
    )
    common.add_argument("--verbose", action="store_true", help="show tracebacks and debug logs")
    return common


def parser() -> argparse.ArgumentParser:
    common = _options(suppress=True)
    top = argparse.ArgumentParser(
        prog="finagent",
        parents=[_options(suppress=False)],
        description=f"finagent {__version__}: a financial analysis agent. {DISCLAIMER}",
    )
    top.add_argument("--version", action="version", version=f"finagent {__version__}")
    sub = top.add_subparsers(dest="command")
    sub.add_parser("chat", parents=[common], help="interactive chat (the default)")
    ask = sub.add_parser("ask", parents=[common], help="answer one question and exit")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the structured result as JSON")
    ask.add_argument(
        "--export",
        metavar="FILE",
        help="also write the answer as a report: FILE.html (one file, with charts) or FILE.md",
    )
    cache = sub.add_parser("cache", parents=[common], help="manage the FMP data cache")
    cache.add_argument("action", choices=["clear", "info"])
    return top


def run() -> None:
    """The ``finagent`` command. A one-shot ``ask`` leaves as soon as its answer is out: the
    interpreter's teardown (~0.25 s of freeing objects and joining idle pool threads) buys a
    script nothing once the output is flushed and the data cache is closed."""
    code = main(sys.argv[1:])
    if _one_shot_done.is_set():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


_one_shot_done = threading.Event()  # set by ask once its answer is out and the cache closed


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    from ..secrets import install_log_redaction

    install_log_redaction()
    try:
        if args.command == "ask":
            return ask(args)
        if args.command == "cache":
            return cache(args)
        from .chat import run_chat

        return run_chat(args)
    except FinagentError as exc:
        return fail(str(exc), args.verbose)
    except KeyboardInterrupt:
        return 130


def fail(message: str, verbose: bool) -> int:
    from rich.console import Console

    from .display import error_panel

    if verbose:
        traceback.print_exc()
    error_panel(Console(stderr=True), message)
    return 1


#: ``finagent ask`` exit codes (README: "finagent ask in scripts")
EXIT_CODES = {"answered": 0, "error": 1, "usage": 2, "partial": 3, "nothing": 4, "cancelled": 130}
SCHEMA_VERSION = 2  # 2: tool_calls[].arguments is an object (raw_arguments the text); export


def ask(args: argparse.Namespace) -> int:
    from .builder import build_from_args

    try:
        agent = build_from_args(args)
    except FinagentError as exc:
        return _failed(args, exc)
    try:
        result = _run(args, agent)
    except TurnCancelled:
        # Leave now: worker threads may still wait on the network (up to the read timeout),
        # and a one-shot command has nothing left to save.
        if args.json:
            print(json.dumps(_envelope(False, "cancelled", ["Cancelled (Ctrl-C)."])))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_CODES["cancelled"])
    except FinagentError as exc:
        return _failed(args, exc)
    from rich.console import Console

    # piped or redirected: stdout gets the plain Markdown answer, and nothing else
    console = Console(stderr=args.json or not sys.stdout.isatty())
    code = EXIT_CODES[result.outcome]
    try:
        # the report is written first, so that --json can say whether it was
        written, failed = _export(args, agent, result) if args.export else (None, None)
        code = EXIT_CODES["error"] if failed else code
        code = _print_result(args, console, agent, result, code, [failed] if failed else [])
        _say_recorded(agent)
        if written or failed:
            console.print(f"Wrote {written}." if written else failed, markup=False, highlight=False)
        return code
    finally:
        client = getattr(agent, "client", None)
        if client is not None:
            client.close()  # the data cache is written and closed before a fast exit
        _one_shot_done.set()


def _run(args: argparse.Namespace, agent: Any) -> Any:
    """The turn under a live status line when a person watches stderr; plain progress lines
    (and no rich before the first model request) when it is a pipe or a file."""
    from .runner import ignored_options

    note = ignored_options(args, agent)
    if not sys.stderr.isatty():
        from .runner import run_plain

        if note:
            print(note, file=sys.stderr)
        return run_plain(agent, args.question, args.verbose)
    from rich.console import Console

    from .display import run_turn

    if note:
        Console(stderr=True).print(note, style="yellow", highlight=False, markup=False)
    console = Console(stderr=args.json or not sys.stdout.isatty())
    return run_turn(console, agent, args.question, args.verbose)


def _print_result(
    args: argparse.Namespace,
    console: Any,
    agent: Any,
    result: Any,
    code: int,
    more_errors: list[str] | None = None,
) -> int:
    from ..verify.marks import marked, verification_line, with_citation_markers
    from .builder import mode_of, snapshot_date
    from .display import answer, data_line, is_planner, usage_line

    if args.json:
        payload = _envelope(code == 0, result.outcome, result.errors) | result.to_dict()
        payload |= {
            "errors": result.errors + (more_errors or []),
            "export": args.export if getattr(args, "export", None) and not more_errors else None,
            "model": agent.model.model_name,
            "data_source": mode_of(agent)["data"],
            "disclaimer": DISCLAIMER,
        }
        print(json.dumps(payload, indent=1, default=str))
        return code
    if result.answer.strip() and not sys.stdout.isatty():  # a file or a pipe: plain Markdown
        text = marked(result.answer, result.verification)
        text = with_citation_markers(text, result.facts, hide=args.hide_citations)
        line = data_line(text, snapshot_date(agent))
        print(text + (f"\n\n{line}" if line else ""))
        summary = verification_line(result.verification)
        if summary:
            console.print(summary, style="dim", highlight=False, markup=False)
    elif result.answer.strip():
        answer(
            console,
            result.answer,
            result.verification,
            snapshot_date(agent),
            result.facts,
            args.hide_citations,
        )
    else:
        console.print("[red]The model returned an empty answer.[/] Nothing to show; try again.")
    if result.outcome in ("partial", "nothing"):
        _say_what_is_missing(console, result)
    line = usage_line(result.usage, getattr(agent, "client", None), planner=is_planner(agent))
    console.print(f"[dim]{line}[/]")
    return code


def _say_recorded(agent: Any) -> None:
    """Where ``--record`` wrote the run (on stderr: stdout stays the answer or the JSON)."""
    recorder = getattr(getattr(agent, "client", None), "recorder", None)
    if recorder is not None:
        from rich.console import Console

        Console(stderr=True).print(
            f"Recorded {recorder.count} FMP responses in {recorder.folder} "
            f"(replay: --replay {recorder.folder}).",
            style="dim",
            markup=False,
            highlight=False,
        )


def _export(args: argparse.Namespace, agent: Any, result: Any) -> tuple[str | None, str | None]:
    """``--export FILE``: the report next to the answer, as (the path written, or why not): a
    file that cannot be written is an error (exit 1), said in one line and in ``--json``."""
    from pathlib import Path

    from .exports import write_export

    try:
        path = write_export(
            Path(args.export), result, agent, args.question, hide_citations=args.hide_citations
        )
    except OSError as exc:
        return None, f"Could not write {args.export}: {exc}"
    return str(path), None


def _say_what_is_missing(console: Any, result: Any) -> None:
    from rich.markup import escape

    if result.stopped == "max_steps":
        console.print(
            "[yellow]Stopped at the step limit (--max-steps): the answer may be partial.[/]"
        )
    for line in [*result.errors, *result.missing]:
        console.print(f"[yellow]Missing: {escape(line)}[/]")


def _envelope(ok: bool, outcome: str, errors: list[str]) -> dict[str, Any]:
    """The fields every ``--json`` object has, whatever happened."""
    return {
        "schema_version": SCHEMA_VERSION,
        "ok": ok,
        "outcome": outcome,
        "errors": errors,
        "missing": [],
        "answer": "",
    }


def _failed(args: argparse.Namespace, exc: FinagentError) -> int:
    if args.json:
        payload = _envelope(False, "error", [str(exc)]) | {"type": type(exc).__name__}
        print(json.dumps(payload, indent=1))
        return EXIT_CODES["error"]
    raise exc


def cache(args: argparse.Namespace) -> int:
    from tools.settings import FMPSettings

    settings = FMPSettings.load()
    folder = settings.resolved_cache_dir
    if args.action == "clear":
        from tools.cache import clear_cache

        removed = clear_cache(folder)
        print(f"Cleared the FMP cache in {folder}." if removed else f"No cache in {folder}.")
    else:
        _cache_info(folder)
    return 0


def _cache_info(folder: Any) -> None:
    """What finagent keeps in its folder: the data cache, the chat history, the saved files."""
    from tools.cache import CACHE_FILE

    from .paths import history_file, saved_folder

    files = list(folder.glob(CACHE_FILE + "*"))
    size = sum(f.stat().st_size for f in files)
    print(f"Cache folder: {folder} ({size / 1e6:.1f} MB in {len(files)} files)")
    history = history_file(folder)
    exists = history.is_file()
    print(f"Chat history: {history} ({_kb(history.stat().st_size) if exists else 'none yet'})")
    saved = [p for p in saved_folder(folder).glob("*") if p.is_file()]
    kept = f"{len(saved)} saved, {_kb(sum(p.stat().st_size for p in saved))}"
    print(f"/save and /export: {saved_folder(folder)} ({kept if saved else 'none yet'})")


def _kb(size: int) -> str:
    return f"{size / 1e3:.1f} KB"


if __name__ == "__main__":
    sys.exit(main())
