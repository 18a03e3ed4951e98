"""Loading the grounding corpus: sheets, answers and planted errors (see README.md for formats)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHEETS_DIR = HERE / "sheets"
SPLITS = (
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "dev15",
    "dev16",
    "dev17",
    "dev18",
    "dev19",
    "dev20",
    "dev21",
    "dev22",
    "dev23",
    "dev24",
    "holdout15",
    "holdout16",
)
KINDS = (
    "swapped_company",
    "swapped_period",
    "off_by",
    "wrong_scale",
    "peer_vs_own",
    "wrong_citation",
)


@dataclass
class Answer:
    id: str
    split: str
    sheets: list[str]
    cited: bool
    question: str
    derived: list[str]
    body: str
    path: Path
    notes: str = ""
    meta: dict = field(default_factory=dict)


@dataclass
class Planted:
    answer: str
    find: str
    replace: str
    kind: str
    note: str = ""
    line: int = 0


def parse_answer(path: Path, split: str) -> Answer:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{path}: no front matter (the first line must be ---)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ValueError(f"{path}: front matter is not closed by a --- line") from None
    meta = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{path}:{number}: expected 'key: <JSON value>'")
        try:
            meta[key.strip()] = json.loads(value.strip())
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: {key.strip()}: not JSON ({exc})") from None
    body = "\n".join(lines[end + 1 :]).strip("\n")
    missing = {"id", "sheets", "cited", "question", "derived"} - set(meta)
    if missing:
        raise ValueError(f"{path}: front matter lacks {sorted(missing)}")
    return Answer(
        id=meta["id"],
        split=split,
        sheets=list(meta["sheets"]),
        cited=bool(meta["cited"]),
        question=meta["question"],
        derived=list(meta["derived"]),
        body=body,
        path=path,
        notes=meta.get("notes", ""),
        meta=meta,
    )


def load_answers(split: str) -> list[Answer]:
    folder = HERE / split
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.glob("*.md") if p.name != "README.md")  # notes, not answers
    return [parse_answer(path, split) for path in paths]


def load_planted(split: str) -> list[Planted]:
    path = HERE / split / "planted.jsonl"
    if not path.exists():
        return []
    planted = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            record = json.loads(line)
            planted.append(
                Planted(
                    record["answer"],
                    record["find"],
                    record["replace"],
                    record["kind"],
                    record.get("note", ""),
                    number,
                )
            )
    return planted


def load_sheet(sheet_id: str) -> dict:
    return json.loads((SHEETS_DIR / f"{sheet_id}.json").read_text(encoding="utf-8"))


def sheet_facts(sheet_ids: list[str]) -> list:
    """The facts of one or more sheets (a later sheet's fact replaces an earlier one's id)."""
    from finagent.facts import FactLedger

    ledger = FactLedger()
    for sheet_id in sheet_ids:
        ledger.add(FactLedger.from_records(load_sheet(sheet_id)["facts"]))
    return list(ledger)


# --- the harness's own figure extractor (fixed: the denominator must not follow the verifier) ---

CITATION = re.compile(r"\[[^\[\]\n]*\]")
_MONTHS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
NOT_FIGURES = re.compile(
    "|".join(
        [
            r"\b\d{4}-\d{2}-\d{2}\b",
            r"\bFY\s?\d{2,4}\b",
            r"\bQ[1-4]\s?\d{4}\b",
            rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b(?:,\s*\d{{4}})?",
            rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b",
            r"\b(?:19|20)\d{2}\b(?![.,]\d|\s?%)",
            r"#\d+",
            r"(?<![\d.,$])\b\d{1,2}\s?[YMDW]\b",
            r"\b\d+[- ](?:day|week|month|year|yr)s?\b",
            r"^\s*\d+[.)]\s",
            r"\bS&P\s?500\b",
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)
FIGURE = re.compile(
    r"(?<![\w.])[-−+]?(?:US\$|\$|USD\s?)?[-−]?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s?(?:trillion|billion|million|thousand|tn|bn|mn|mm|[TBMK](?![A-Za-z])))?"
    r"(?P<unit>\s?(?:%|percent(?:age)?(?:\s?points?)?|pp\b|points?\b|pts\b|x\b|×|times\b"
    r"|bps\b|basis points))?",
    re.IGNORECASE,
)


@dataclass
class Span:
    text: str
    start: int
    end: int


def figures(text: str) -> list[Span]:
    """Every figure of ``text`` that states a value (see README: what the harness counts)."""
    masked = CITATION.sub(lambda m: " " * len(m[0]), text)
    masked = NOT_FIGURES.sub(lambda m: " " * len(m[0]), masked)
    found = []
    for match in FIGURE.finditer(masked):
        raw = match[0].rstrip()
        has_money = "$" in raw or "USD" in raw.upper()
        if not (has_money or match["scale"] or match["unit"] or "." in match["num"]):
            continue
        found.append(Span(raw, match.start(), match.start() + len(raw)))
    return found


def value_of(text: str) -> float | None:
    """A figure's value as written (scale applied, percent in percent), for 'nearest fact'."""
    match = FIGURE.search(text)
    if not match:
        return None
    value = float(match["num"].replace(",", ""))
    scale = (match["scale"] or "").strip().lower()
    value *= {
        "trillion": 1e12,
        "tn": 1e12,
        "t": 1e12,
        "billion": 1e9,
        "bn": 1e9,
        "b": 1e9,
        "million": 1e6,
        "mn": 1e6,
        "mm": 1e6,
        "m": 1e6,
        "thousand": 1e3,
        "k": 1e3,
    }.get(scale, 1.0)
    if re.match(r"\s*[-−]", text) or re.search(r"\$\s?[-−]", text):
        value = -value
    return value
