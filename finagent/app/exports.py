"""Writing an answer to a file: ``/export`` in the chat and ``finagent ask --export``.

The file name picks the format: ``.html``/``.htm`` is the self-contained report with charts
(``report_html``), anything else the Markdown report. Every key the configuration registered is
scrubbed from the text before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import DISCLAIMER
from ..facts import Fact
from ..secrets import redact

HTML_SUFFIXES = (".html", ".htm")
#: what ``/export`` with no file name writes: the report with charts
DEFAULT_EXPORT_SUFFIX = ".html"


def is_html(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def write_export(
    path: Path,
    result: Any,
    agent: Any,
    question: str,
    *,
    citation_facts: Iterable[Fact] = (),
    hide_citations: bool = False,
    now: datetime | None = None,
) -> Path:
    """Write ``result`` (a ``RunResult``) to ``path`` as HTML or Markdown; returns the path."""
    if is_html(path):
        from .report_html import render_html

        text = render_html(
            result, report_info(agent, question, now), citation_facts, hide_citations
        )
    else:
        text = export_markdown(result)
    path.write_text(redact(text), encoding="utf-8")
    return path


def report_info(agent: Any, question: str, now: datetime | None = None) -> Any:
    """What the report's header says about the model and the data, from the agent."""
    from .builder import mode_of, snapshot_date
    from .report_html import ReportInfo

    mode = mode_of(agent)
    return ReportInfo(
        question=question,
        model=mode["model"],
        data_source=mode["data"],
        created=now or datetime.now(),
        snapshot_date=snapshot_date(agent),
        demo=mode.get("demo"),
    )


def export_markdown(result: Any) -> str:
    """The answer, its fact table and the verification summary as Markdown."""
    lines = [
        result.answer,
        "",
        "## Facts",
        "",
        "| id | metric | value | period | source |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {f.id} | {f.label} | {f.display} | {f.period} | {f.source} |" for f in result.facts
    ]
    if result.verification is not None:
        lines += ["", result.verification.summary()]
    return "\n".join(lines + ["", f"_{DISCLAIMER}_", ""])
