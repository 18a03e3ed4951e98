"""Labelled facts: the only numbers the model is given, and what answers are checked against.

A ``Fact`` is one figure computed in code, with a stable id, its unit and scale, the period it
describes and the source it came from. A ``FactSheet`` renders a compact Markdown table per entity
for the prompt, and plain records for scripts; a ``FactLedger`` keeps every fact a conversation
has shown the model, even after memory is trimmed.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

#: Units a fact can have. Percentages are stored in percent (36.7 means 36.7 %).
UNITS = ("USD", "USD/share", "%", "x", "ratio", "shares", "days", "count", "rank")


_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
_SIZES = {suffix: size for size, suffix in _SCALES}


def _scaled(value: float) -> tuple[float, str]:
    for size, suffix in _SCALES:
        if abs(value) >= size:
            return value / size, suffix
    return value, ""


def format_value(value: float | None, unit: str) -> str:
    """Human form of a value, as the model should quote it: $211.92B, 36.7%, 32.5x, 1.07."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == "USD":
        scaled, suffix = _scaled(value)
        sign = "-" if scaled < 0 else ""
        return f"{sign}${abs(scaled):,.2f}{suffix}"
    if unit == "USD/share":
        return f"{'-' if value < 0 else ''}${abs(value):,.2f}"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "x":
        return f"{value:.1f}x"
    if unit == "shares":
        scaled, suffix = _scaled(value)
        return f"{scaled:,.2f}{suffix} shares"
    if re.fullmatch(r"[A-Z]{3}", unit):  # another currency: EUR 1.20B
        scaled, suffix = _scaled(value)
        return f"{unit} {scaled:,.2f}{suffix}"
    if re.fullmatch(r"[A-Z]{3}/share", unit):
        return f"{unit[:3]} {value:,.2f}"
    if unit in ("days", "count"):
        return f"{value:,.0f}"
    if unit == "rank":
        return f"#{value:.0f}"
    return f"{value:,.2f}"


def shown_value(value: float, unit: str) -> float:
    """The value as ``format_value`` shows it (211.92e9 for $211.92B, 36.7 for 36.7%): what a
    model that computes a gap or a ratio from the prompt computes it from."""
    if unit == "USD" or re.fullmatch(r"[A-Z]{3}|shares", unit):
        scaled, suffix = _scaled(value)
        return round(scaled, 2) * _SIZES.get(suffix, 1.0)
    if unit in ("%", "x"):
        return round(value, 1)
    if unit in ("days", "count", "rank"):
        return float(round(value))
    return round(value, 2)


@dataclass(frozen=True)
class Fact:
    """One figure. ``value`` is raw (USD, not billions; percent for ``%``); None if missing."""

    id: str
    entity: str
    metric: str
    label: str
    value: float | None
    unit: str
    period: str
    source: str
    as_of: str | None = None
    note: str = ""

    @property
    def display(self) -> str:
        return format_value(self.value, self.unit) + (f" ({self.note})" if self.note else "")

    def to_record(self) -> dict[str, Any]:
        return asdict(self) | {"display": self.display}

    def __repr__(self) -> str:
        return f"<Fact {self.id} = {self.display} ({self.period}; {self.source})>"


@dataclass(frozen=True)
class WideRow:
    """One metric across companies: a cell per company (None where it has no such fact)."""

    metric: str
    cells: list[Fact | None]

    @property
    def present(self) -> list[Fact]:
        return [f for f in self.cells if f is not None]

    @property
    def period(self) -> str:
        """The period the row shares, or ``by column`` when the cells differ (fiscal years
        ending in different months)."""
        periods = {f.period for f in self.present}
        return periods.pop() if len(periods) == 1 else "by column"


def wide_rows(facts: Iterable[Fact]) -> tuple[list[str], list[WideRow]]:
    """Companies as columns and metrics as rows, each in first-seen order: the one layout the
    prompt, the chat, notebooks and reports show facts in."""
    facts = list(facts)
    entities = list(dict.fromkeys(f.entity for f in facts))
    cells = {(f.entity, f.metric): f for f in facts}
    metrics = dict.fromkeys(f.metric for f in facts)
    return entities, [WideRow(m, [cells.get((e, m)) for e in entities]) for m in metrics]


@dataclass
class FactSheet:
    """Facts of one analysis, with warnings and a source legend, rendered compactly for a prompt."""

    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what was asked for but could not be had
    headers: dict[str, str] = field(default_factory=dict)  # entity -> one-line description
    sources: dict[str, str] = field(default_factory=dict)  # short code -> endpoint description

    def add(self, fact: Fact) -> Fact:
        self.facts.append(fact)
        return fact

    def put(
        self,
        entity: str,
        metric: str,
        label: str,
        value: float | None,
        unit: str,
        period: str,
        source: str,
        *,
        as_of: str | None = None,
        note: str = "",
    ) -> Fact:
        """Add a fact whose id is ``<entity>.<metric>`` (the convention the tables rely on)."""
        return self.add(
            Fact(
                f"{entity}.{metric}",
                entity,
                metric,
                label,
                value,
                unit,
                period,
                source,
                as_of,
                note,
            )
        )

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> Fact | None:
        return next((fact for fact in self.facts if fact.id == fact_id), None)

    @property
    def entities(self) -> list[str]:
        return list(dict.fromkeys(fact.entity for fact in self.facts))

    def to_markdown(self) -> str:
        """Entities as columns and metrics as rows (one list for a single entity); no raw series.

        A fact's id is ``<column>.<key>``. When the periods of a row differ between columns (fiscal
        years ending in different months), each cell carries its own period.
        """
        entities, rows = wide_rows(self.facts)
        lines = [f"- {self.headers[e]}" for e in entities if e in self.headers]
        if len(entities) == 1:
            lines += ["| id | metric | value | period | src |", "|---|---|---|---|---|"]
            lines += [
                f"| {f.id} | {f.label} | {f.display} | {f.period} | {f.source} |"
                for f in self.facts
            ]
        elif entities:
            lines += [
                f"| key | metric | period | src | {' | '.join(entities)} |",
                "|---|---|---|---|" + "---|" * len(entities),
            ]
            for wide in rows:
                row, present, shared = wide.cells, wide.present, wide.period
                same_label = len({f.label for f in present}) == 1
                values = [
                    "—"
                    if f is None
                    else " ".join(
                        [f.display]
                        + ([f.period] if shared == "by column" else [])
                        + ([f"({f.label})"] if not same_label else [])
                    )
                    for f in row
                ]
                first = present[0]
                label = first.label if same_label else "see cells"
                lines.append(
                    f"| {wide.metric} | {label} | {shared} | {first.source} | "
                    + " | ".join(values)
                    + " |"
                )
        if self.sources:
            lines.append(
                "Sources: " + "; ".join(f"{code} = {what}" for code, what in self.sources.items())
            )
        if self.warnings:
            lines.append("Data warnings:\n" + "\n".join(f"- {w}" for w in self.warnings))
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        return [fact.to_record() for fact in self.facts]

    def to_frame(self) -> Any:
        """The wide table as a pandas DataFrame (index: metric, period; columns: companies).
        Needs pandas, which finagent does not install."""
        from .rendering import facts_frame

        return facts_frame(self.facts)

    def __repr__(self) -> str:
        return _summary("FactSheet", self.facts, self.warnings, self.missing)

    def _repr_markdown_(self) -> str:
        from .rendering import facts_markdown

        notes = [f"- ⚠ {w}" for w in self.warnings] + [f"- missing: {m}" for m in self.missing]
        table = facts_markdown(*wide_rows(self.facts))
        return table + ("\n\n" + "\n".join(notes) if notes else "")

    def _repr_html_(self) -> str:
        from .rendering import to_html

        return to_html(self._repr_markdown_())

    def to_json(self) -> str:
        return json.dumps({"facts": self.to_records(), "warnings": self.warnings}, indent=1)

    def to_csv(self) -> str:
        buffer = io.StringIO()
        records = self.to_records()
        if records:
            writer = csv.DictWriter(buffer, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        return buffer.getvalue()


class FactLedger:
    """Every fact shown to the model in a conversation, by id (later facts replace earlier ones)."""

    def __init__(self, facts: Iterable[Fact] = ()) -> None:
        self._facts: dict[str, Fact] = {}
        self.add(facts)

    def add(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self._facts[fact.id] = fact

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._facts.values())

    def __len__(self) -> int:
        return len(self._facts)

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._facts

    def get(self, fact_id: str) -> Fact | None:
        return self._facts.get(fact_id)

    def clear(self) -> None:
        self._facts.clear()

    def to_records(self) -> list[dict[str, Any]]:
        return [fact.to_record() for fact in self._facts.values()]

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> FactLedger:
        names = set(Fact.__dataclass_fields__)
        return cls(Fact(**{k: v for k, v in r.items() if k in names}) for r in records)


def _summary(kind: str, facts: list[Fact], warnings: list[str], missing: list[str]) -> str:
    """``<FactSheet 68 facts on MSFT, GOOGL; 2 warnings>``: a repr a notebook cell can show."""
    entities = list(dict.fromkeys(f.entity for f in facts))
    shown = ", ".join(entities[:6]) + (f" and {len(entities) - 6} more" * (len(entities) > 6))
    extra = [f"{len(warnings)} warnings"] * bool(warnings)
    extra += [f"{len(missing)} missing"] * bool(missing)
    on = f" on {shown}" if entities else ""
    return f"<{kind} {len(facts)} facts{on}{'; ' if extra else ''}{', '.join(extra)}>"
