"""How an answer shows its check: ⚠ after each figure the verifier could not match, and fact-id
citations as small numbered markers with a sources list.

The chat, the reports and a notebook cell all show an answer this way, so it lives in the core;
the app's display builds on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..facts import Fact
from .citations import parse

UNVERIFIED_MARK = "⚠"
_BRACKETS = re.compile(r"\s?\[([^\[\]\n]{3,200})\]")


def marked(text: str, verification: Any = None) -> str:
    """The answer with a ⚠ after each figure the verifier could not match."""
    unverified = verification.unverified if verification is not None else []
    for figure in sorted(unverified, key=lambda f: -f.end):  # from the end: offsets stay valid
        if text[figure.start : figure.end] == figure.text:
            text = f"{text[: figure.end]} {UNVERIFIED_MARK}{text[figure.end :]}"
    return text


def with_citation_markers(text: str, facts: Iterable[Fact] = (), hide: bool = False) -> str:
    """Citations ``[MSFT.pe]`` become small numbered markers ``[1]`` and a sources list at the
    end (or go away with ``hide``); brackets that are not fact-id citations stay as they are."""

    by_id = {fact.id: fact for fact in facts}
    numbers: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        citation = parse(match[1])
        if citation is None:
            return match[0]
        if hide:
            return ""
        key = match[1].strip()
        numbers.setdefault(key, len(numbers) + 1)
        return f" [{numbers[key]}]"

    body = _BRACKETS.sub(replace, text)
    if not numbers:
        return body
    lines = []
    for key, number in numbers.items():
        ids = parse(key).ids  # type: ignore[union-attr]
        values = [f"{by_id[i].display} ({by_id[i].period})" for i in ids if i in by_id]
        shown = f" = {values[0]}" if len(ids) == 1 and values else ""
        if len(ids) > 1 and values:
            shown = f", from {'; '.join(values)}"
        lines.append(f"[{number}] {key}{shown}")
    return body + "\n\n**Sources**\n\n" + "\n".join(f"- {line}" for line in lines)


def verification_line(verification: Any) -> str | None:
    if verification is None:
        return None
    note = f" ({UNVERIFIED_MARK} = not found in the facts)" if verification.unverified else ""
    return verification.summary() + note
