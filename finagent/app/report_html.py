"""The HTML report of one answer: one self-contained file to keep or send.

Everything is inline — the style sheet, the charts as SVG — and nothing is fetched: no script,
font, image or style sheet from anywhere, so it opens the same offline, in a mail client or years
later. Every piece of text is escaped; the answer's Markdown is rendered with raw HTML, links and
images turned off (a model's answer can carry neither markup nor a tracking pixel into it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from .. import DISCLAIMER, __version__
from ..facts import Fact, WideRow, format_value, wide_rows
from ..rendering import to_html
from ..verify.marks import UNVERIFIED_MARK, marked, verification_line, with_citation_markers
from .display import data_line, source_legend
from .report_charts import charts_section


@dataclass(frozen=True)
class ReportInfo:
    """What the page says about how the answer was made."""

    question: str
    model: str
    data_source: str
    created: datetime
    snapshot_date: str | None = None  # the offline snapshot's date, when that was the data
    demo: str | None = None  # the offline demo's notice, when no LLM wrote the answer


def render_html(
    result: Any,
    info: ReportInfo,
    citation_facts: Iterable[Fact] = (),
    hide_citations: bool = False,
) -> str:
    """The whole page for ``result`` (a ``RunResult``). ``citation_facts`` are the facts the
    answer may cite (the conversation's, as the chat shows them); the result's own by default."""
    facts = list(result.facts)
    cited = [*citation_facts, *facts]
    sections = [
        _header(info, _as_of(result)),
        _answer(result, info, cited, hide_citations),
        charts_section(result),
        _facts(facts),
        _warnings([*result.warnings, *result.missing]),
    ]
    title = escape(info.question or "finagent report")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="finagent">',
            f"<title>{title} — finagent report</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            *[s for s in sections if s],
            f"<footer><p>Written by finagent {escape(__version__)} on "
            f"{info.created:%Y-%m-%d %H:%M}. {escape(DISCLAIMER)}</p></footer>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _as_of(result: Any) -> list[str]:
    """The analyses' own source labels (``offline snapshot as of 2024-03-08 …`` or ``FMP live
    data retrieved …``), once each."""
    labels = (getattr(output.data, "source_label", None) for output in result.outputs)
    return list(dict.fromkeys(label for label in labels if isinstance(label, str) and label))


def _header(info: ReportInfo, as_of: Sequence[str]) -> str:
    rows = [
        ("Date", f"{info.created:%Y-%m-%d %H:%M}"),
        ("Model", info.model),
        ("Data source", info.data_source),
    ]
    if as_of:
        rows.append(("Figures as of", "; ".join(as_of)))
    meta = "\n".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    demo = f'<p class="demo">{escape(info.demo)}</p>' if info.demo else ""
    return (
        '<header id="report-header">\n'
        '<p class="kicker">finagent report</p>\n'
        f"<h1>{escape(info.question or 'finagent report')}</h1>\n"
        f'<dl class="meta">\n{meta}\n</dl>\n'
        f'<p class="disclaimer">{escape(DISCLAIMER)}</p>\n'
        f"{demo}</header>"
    )


def _answer(result: Any, info: ReportInfo, cited: list[Fact], hide_citations: bool) -> str:
    text = with_citation_markers(marked(result.answer, result.verification), cited, hide_citations)
    body = to_html(text) if text.strip() else "<p>The model returned an empty answer.</p>"
    body = body.replace(
        UNVERIFIED_MARK,
        f'<span class="unverified" title="not found in the facts">{UNVERIFIED_MARK}</span>',
    )
    # the lines the chat prints under an answer: its data's date (offline) and the verification
    notes = [data_line(text, info.snapshot_date), verification_line(result.verification)]
    notes_html = "".join(f'<p class="note">{escape(n)}</p>\n' for n in notes if n)
    return f'<section id="answer">\n<h2>Answer</h2>\n{body}\n{notes_html}</section>'


def _facts(facts: list[Fact]) -> str:
    """Metrics as rows and companies as columns, as the chat's /facts shows them."""
    if not facts:
        return ""
    entities, wide = wide_rows(facts)
    head = "".join(f'<th scope="col" class="num">{escape(e)}</th>' for e in entities)
    rows = [_fact_row(row) for row in wide]
    legend = source_legend(facts)
    return (
        '<section id="facts">\n<h2>Facts</h2>\n'
        '<div class="table-wrap"><table class="facts">\n'
        f'<thead><tr><th scope="col">metric</th><th scope="col">period</th>{head}'
        '<th scope="col">src</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></div>\n"
        + (f'<p class="note">{escape(legend)}</p>\n' if legend else "")
        + "</section>"
    )


def _fact_row(wide: WideRow) -> str:
    """One metric: a period shared by the row is said once (else each cell has its own), and so
    is a note every company of the row shares (``preferred dividends not subtracted…``)."""
    row, present, period = wide.cells, wide.present, wide.period
    first = present[0]
    companies = [f for f in present if f.entity != "median"]  # a median carries no note
    notes = {f.note for f in companies}
    shared = notes.pop() if len(notes) == 1 and len(companies) > 1 else ""
    label = escape(first.label) + (
        f'<br><span class="sub">{escape(shared)}</span>' if shared else ""
    )
    values = "".join(
        f'<td class="num">{_cell(f, period == "by column", not shared)}</td>' for f in row
    )
    return (
        f'<tr><th scope="row" title="{escape(first.id)}">{label}</th>'
        f'<td class="period">{escape(period)}</td>{values}'
        f'<td class="src">{escape(first.source)}</td></tr>'
    )


def _cell(fact: Fact | None, with_period: bool, with_note: bool) -> str:
    if fact is None:
        return ""
    text = escape(format_value(fact.value, fact.unit))
    if with_period:
        text += f' <span class="sub">({escape(fact.period)})</span>'
    if fact.note and with_note:
        text += f'<br><span class="sub">{escape(fact.note)}</span>'
    return text


def _warnings(lines: list[str]) -> str:
    lines = list(dict.fromkeys(lines))
    if not lines:
        return ""
    items = "\n".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<section id="warnings">\n<h2>Data warnings</h2>\n<ul>\n{items}\n</ul>\n</section>'


STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1d2330;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 40px; background: #fff; }
h1 { font-size: 26px; line-height: 1.25; margin: 4px 0 12px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #dde1e7; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.kicker { margin: 0; color: #5a6472; font-size: 12px; letter-spacing: .08em;
  text-transform: uppercase; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px;
  font-size: 14px; }
dl.meta dt { color: #5a6472; }
dl.meta dd { margin: 0; }
.disclaimer { margin: 8px 0; padding: 8px 12px; border-left: 4px solid #c9a227; background: #fbf6e4;
  font-weight: 600; }
.demo { margin: 8px 0; padding: 8px 12px; border-left: 4px solid #8a94a6; background: #f0f2f5;
  font-size: 14px; }
.note, figcaption, footer { color: #5a6472; font-size: 13px; }
.unverified { color: #b45309; font-weight: 700; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e6e9ee; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #c8ced8; }
td.num, th.num { text-align: right; }
td.period, td.src, .sub { color: #5a6472; }
td.period, td.num { white-space: nowrap; }
tbody th { font-weight: 500; min-width: 12em; }
table.facts { width: 100%; }
.sub { font-size: 11px; white-space: normal; }
.table-wrap { overflow-x: auto; }
figure { margin: 12px 0 20px; }
figure svg { display: block; width: 100%; height: auto; }
code { background: #f0f2f5; padding: 1px 4px; border-radius: 3px; }
footer { margin-top: 32px; border-top: 1px solid #dde1e7; }
"""
