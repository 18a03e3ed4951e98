"""Fact tables as people read them outside the terminal: Markdown, HTML and data frames.

A notebook cell, a report and a script all want the same wide table (metrics as rows, companies
as columns). ``markdown_it`` (installed with rich) and pandas are imported only when asked. This
module imports nothing from finagent, so ``facts`` can lean on it without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def facts_markdown(entities: list[str], rows: list[Any], limit: int = 200) -> str:
    """The wide table (``facts.wide_rows``) as Markdown, metrics as rows and companies as
    columns."""
    if not rows:
        return "*(no facts)*"
    lines = [
        "| metric | period | " + " | ".join(entities) + " |",
        "|---|---|" + "---:|" * len(entities),
    ]
    for row in rows[:limit]:
        by_column = row.period == "by column"
        values = [
            "" if f is None else f.display + (f" ({f.period})" if by_column else "")
            for f in row.cells
        ]
        label = _cell(row.present[0].label)
        lines.append(f"| {label} | {_cell(row.period)} | " + " | ".join(values) + " |")
    if len(rows) > limit:
        lines.append(f"\n*… {len(rows) - limit} more metrics (see `to_frame()`).*")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_html(markdown: str) -> str:
    """Markdown to HTML with tables, by the parser rich already installs. Raw HTML in the text
    is escaped, and links and images stay plain text: what a model wrote loads nothing (no
    tracking pixel in a notebook cell or a report)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.disable(["image", "link", "autolink", "html_inline", "html_block"])
    return md.render(markdown)


def facts_frame(facts: Iterable[Any]) -> Any:
    """The wide table as a pandas DataFrame: index (metric, period), one column per company.

    A metric whose periods differ between companies (fiscal years ending in other months) gets a
    row per period. ``frame.attrs`` holds each metric's label and unit.
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "to_frame() needs pandas, which finagent does not install: pip install pandas"
        ) from None
    facts = list(facts)
    entities = list(dict.fromkeys(f.entity for f in facts))
    rows: dict[tuple[str, str], dict[str, float | None]] = {}
    for fact in facts:
        rows.setdefault((fact.metric, fact.period), {})[fact.entity] = fact.value
    index = pd.MultiIndex.from_tuples(list(rows), names=["metric", "period"])
    frame = pd.DataFrame(list(rows.values()), index=index, columns=entities, dtype="float64")
    frame.attrs["labels"] = {f.metric: f.label for f in facts}
    frame.attrs["units"] = {f.metric: f.unit for f in facts}
    return frame
