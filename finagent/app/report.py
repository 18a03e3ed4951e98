"""Reports written from fact sheets alone — the offline planner's "LLM".

It reads the tool messages exactly as a model would (the Markdown fact tables), picks leaders by
comparing the values shown, and copies every figure verbatim: it never computes a new number. As
the system prompt asks of a model, each figure in running text cites its fact id
(``41.8% [MSFT.operating_margin]``); table cells are cited by their row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEMO_NOTE = (
    "_Offline demo: written by rules from the fact sheet above, without an LLM. "
    "Set OPENAI_API_KEY for a real model._"
)


@dataclass
class Row:
    key: str
    label: str
    period: str
    cells: dict[str, str]  # entity -> display value


@dataclass
class Sheet:
    title: str = ""
    task: str = ""
    source: str = ""
    headers: list[str] = field(default_factory=list)
    rows: dict[str, Row] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    error: str | None = None

    def value(self, key: str, entity: str) -> float | None:
        row = self.rows.get(key)
        return parse_display(row.cells.get(entity, "")) if row else None

    def cell(self, key: str, entity: str) -> str | None:
        row = self.rows.get(key)
        text = row.cells.get(entity) if row else None
        return None if text in (None, "—", "n/a") else text

    def figure(self, key: str, entity: str) -> str | None:
        """The cell without its note (``17.5% (preferred …)`` -> ``17.5%``), for running text."""
        text = self.cell(key, entity)
        return text.split(" (")[0] if text else None

    def cited(self, key: str, entity: str) -> str | None:
        """The figure for running text, with its fact id: ``17.5% [JPM.roe]``."""
        figure = self.figure(key, entity)
        return f"{figure} [{entity}.{key}]" if figure else None


def parse_display(text: str) -> float | None:
    """Our own display format back to a number, for ordering only: $1.2B, 36.7%, 32.5x, #2."""
    match = re.match(r"\s*(-)?\$?#?(-)?([\d,]*\.?\d+)\s*([TBMK])?", text or "")
    if not match:
        return None
    number = float(match[3].replace(",", ""))
    number *= {"T": 1e12, "B": 1e9, "M": 1e6, "K": 1e3}.get(match[4] or "", 1)
    return -number if (match[1] or match[2]) else number


def parse_sheet(content: str) -> Sheet:
    sheet = Sheet()
    if content.startswith("Error:"):
        sheet.error = content[len("Error:") :].strip()
        return sheet
    columns: list[str] = []
    in_warnings = False
    for line in content.splitlines():
        if line.startswith("## "):
            sheet.title = line[3:].strip()
        elif line.startswith("Task: "):
            sheet.task = line[6:]
        elif line.startswith("Data: "):
            sheet.source = line[6:].split(". All figures")[0].strip()
        elif line.startswith("- ") and not in_warnings:
            sheet.headers.append(line[2:])
        elif line.startswith("Data warnings:"):
            in_warnings = True
        elif line.startswith("- ") and in_warnings:
            sheet.warnings.append(line[2:])
        elif line.startswith("| key |") or line.startswith("| id |"):
            columns = [c.strip() for c in line.strip("|").split("|")]
        elif line.startswith("|") and not line.startswith("|---") and columns:
            values = [c.strip() for c in line.strip("|").split("|")]
            if columns[0] == "key":
                entities = columns[4:]
                sheet.entities = entities
                sheet.rows[values[0]] = Row(
                    values[0], values[1], values[2], dict(zip(entities, values[4:]))
                )
            else:
                entity, _, key = values[0].partition(".")
                sheet.entities = sheet.entities or [entity]
                sheet.rows[key] = Row(key, values[1], values[3], {entity: values[2]})
    return sheet


# (key, higher is better) for the highlights, in reading order
HIGHLIGHTS = [
    ("revenue_growth", True),
    ("eps_growth", True),
    ("operating_margin", True),
    ("net_margin", True),
    ("roe", True),
    ("roic", True),
    ("fcf_margin", True),
    ("debt_to_equity", False),
    ("equity_to_assets", True),
    ("pe", False),
    ("ev_ebitda", False),
    ("pb", False),
    ("fcf_yield", True),
    ("return_1y", True),
    ("return_3y", True),
    ("return_5y", True),
    ("volatility_1y", False),
    ("max_drawdown", True),
]
TABLE_KEYS = [
    "market_cap",
    "revenue",
    "revenue_growth",
    "operating_margin",
    "net_margin",
    "roe",
    "equity_to_assets",
    "debt_to_equity",
    "fcf",
    "pe",
    "pb",
    "ev_ebitda",
    "fcf_yield",
    "return_1y",
    "return_3y",
    "volatility_1y",
    "max_drawdown",
    "target_consensus",
]


def _leader(sheet: Sheet, key: str, higher: bool, entities: list[str]) -> str | None:
    row = sheet.rows.get(key)
    scored = [(sheet.value(key, e), e) for e in entities if sheet.cell(key, e)]
    scored = [(v, e) for v, e in scored if v is not None]
    if row is None or len(scored) < 2:
        return None
    scored.sort(reverse=higher)
    parts = " vs ".join(f"{e} {sheet.cited(key, e)}{_note(sheet, key, e)}" for _, e in scored)
    word = "smallest" if key == "max_drawdown" else "highest" if higher else "lowest"
    best = [e for v, e in scored if sheet.cell(key, e) == sheet.cell(key, scored[0][1])]
    who = f"{' and '.join(best)} tied" if len(best) > 1 else f"{best[0]} {word}"
    return f"**{row.label.split(' (')[0]}** ({row.period}): {parts} — {who}."


def _note(sheet: Sheet, key: str, entity: str) -> str:
    """What a cell says after its figure (`` (peak 2023-07-18, trough …)``), kept after the id."""
    text, figure = sheet.cell(key, entity) or "", sheet.figure(key, entity) or ""
    return text[len(figure) :]


def _table(sheet: Sheet, entities: list[str], keys: list[str]) -> list[str]:
    lines = [
        "| Metric | Period | " + " | ".join(entities) + " |",
        "|---|---|" + "---|" * len(entities),
    ]
    for key in keys:
        row = sheet.rows.get(key)
        if row and any(sheet.cell(key, e) for e in entities):
            lines.append(
                f"| {row.label.split(' (')[0]} | {row.period} | "
                + " | ".join(sheet.cell(key, e) or "n/a" for e in entities)
                + " |"
            )
    return lines


def _comparison(sheet: Sheet) -> list[str]:
    entities = [e for e in sheet.entities if e != "median"]
    out = [f"### {sheet.title}", ""] + [f"- {h}" for h in sheet.headers] + [""]
    lines = [line for key, higher in HIGHLIGHTS if (line := _leader(sheet, key, higher, entities))]
    if lines:
        out += ["**Highlights**", "", *[f"- {line}" for line in lines]]
    else:
        out.append("Only one company has data, so there is nothing to compare side by side.")
    out += ["", "**Key figures**", ""] + _table(sheet, entities, TABLE_KEYS)
    return out


def _sector(sheet: Sheet) -> list[str]:
    entities = [e for e in sheet.entities if e != "median"]
    out = [
        f"### {sheet.title}",
        "",
        f"The {len(entities)} largest companies with data: " + ", ".join(entities) + ".",
        "",
        "**Rank #1 of the group** (best on performance; on valuation multiples, the cheapest — "
        "which is not the same as the best)",
        "",
    ]
    for key, row in sheet.rows.items():
        if key.startswith("rank_"):
            leaders = [e for e in entities if row.cells.get(e) == "#1"]
            base = key[len("rank_") :]
            median = sheet.cited(base, "median")
            best = ", ".join(f"{e} ({sheet.cited(base, e)})" for e in leaders)
            name = row.label.removeprefix("Rank: ").split(" (")[0]
            kind = "cheapest" if "cheapest" in row.label else "best"
            if leaders:
                out.append(
                    f"- **{name}**, {kind}: {best}"
                    + (f"; sector median {median}" if median else "")
                    + "."
                )
    columns = entities + (["median"] if "median" in sheet.entities else [])
    out += ["", "**Key figures**", ""] + _table(sheet, columns, TABLE_KEYS)
    return out


def _snapshot(sheet: Sheet) -> list[str]:
    entity = sheet.entities[0] if sheet.entities else ""
    out = [f"### {sheet.title}", ""] + [f"- {h}" for h in sheet.headers] + [""]

    def line(key: str) -> str | None:
        row, value = sheet.rows.get(key), sheet.cited(key, entity)
        if not (row and value):
            return None
        return f"- {row.label}: **{value}**{_note(sheet, key, entity)} ({row.period})"

    sections = [
        (
            "Valuation",
            [
                "pe",
                "pe_hist_avg",
                "pe_vs_hist",
                "peer_median_pe",
                "peg",
                "ps",
                "peer_median_ps",
                "ev_ebitda",
                "peer_median_ev_ebitda",
                "pb",
                "peer_median_pb",
                "ptbv",
                "peer_median_ptbv",
                "fcf_yield",
                "dividend_yield",
                "payout_ratio",
            ],
        ),
        (
            "Growth and profitability",
            [
                "revenue",
                "revenue_growth",
                "revenue_cagr_2y",
                "revenue_cagr_3y",
                "revenue_cagr_4y",
                "eps_growth",
                "eps_cagr_2y",
                "eps_cagr_3y",
                "eps_cagr_4y",
                "gross_margin",
                "operating_margin",
                "net_margin",
                "fcf_margin",
                "roe",
                "rotce",
                "roa",
                "roic",
            ],
        ),
        (
            "Balance sheet",
            [
                "cash",
                "cash_sti",
                "total_debt",
                "net_debt",
                "equity",
                "common_equity",
                "debt_to_equity",
                "net_debt_ebitda",
                "current_ratio",
                "interest_coverage",
                "equity_to_assets",
                "fcf",
                "fcf_after_sbc",
                "buybacks",
                "diluted_shares_change",
            ],
        ),
        (
            "Price performance and risk",
            [
                "price",
                "price_as_traded",
                "market_cap",
                "return_1y",
                "return_3y",
                "return_5y",
                "return_cagr_5y",
                "volatility_1y",
                "max_drawdown",
                "vs_sma200",
                "range_position",
                "target_consensus",
                "target_upside",
            ],
        ),
    ]
    if "health of the balance sheet" in sheet.task:
        sections.insert(0, sections.pop(2))
    for title, keys in sections:
        lines = [text for key in keys if (text := line(key))]
        if lines:
            out += [f"**{title}**", "", *lines, ""]
    return out


#: a figure a question may ask for by name -> its metric id (most specific first)
ASKED = [
    (r"free cash flow margin|fcf margin", "fcf_margin"),
    (r"free cash flow yield|fcf yield", "fcf_yield"),
    (r"free cash flow|\bfcf\b", "fcf"),
    (r"dividend yield|\bdividends?\b", "dividend_yield"),
    (r"payout", "payout_ratio"),
    (r"\bpeg\b", "peg"),
    (r"\bp/?e\b|price.to.earnings|earnings multiple|\bcheap|\bexpensive", "pe"),
    (r"\bp/?b\b|price.to.book", "pb"),
    (r"ev/ebitda|ev to ebitda", "ev_ebitda"),
    (r"gross margin", "gross_margin"),
    (r"operating margin", "operating_margin"),
    (r"net margin|profit margin", "net_margin"),
    (r"\brotce\b", "rotce"),
    (r"\broe\b|return on equity", "roe"),
    (r"\broa\b|return on assets", "roa"),
    (r"\broic\b|return on invested capital", "roic"),
    (r"revenue growth|sales growth", "revenue_growth"),
    (r"\brevenue\b|\bsales\b", "revenue"),
    (r"debt.to.equity|\bd/e\b", "debt_to_equity"),
    (r"net debt", "net_debt"),
    (r"market cap", "market_cap"),
    (r"buybacks?|repurchases?", "buybacks"),
]


NAMES = {
    "fcf": "free cash flow",
    "fcf_margin": "free cash flow margin",
    "fcf_yield": "free cash flow yield",
    "pe": "P/E",
    "pb": "P/B",
    "roe": "ROE",
    "rotce": "ROTCE",
    "roa": "ROA",
    "roic": "ROIC",
    "peg": "PEG",
    "ev_ebitda": "EV/EBITDA",
    "debt_to_equity": "debt / equity",
}


def asked_metric(question: str) -> str | None:
    """The one figure a question asks for ("What's Apple's free cash flow margin?"), if any."""
    for pattern, key in ASKED:
        if re.search(pattern, question, re.IGNORECASE):
            return key
    return None


def _lead(sheet: Sheet, key: str) -> str:
    """The answer to a one-figure question, in one line, before the supporting table."""
    entities = [e for e in sheet.entities if e != "median"]
    row = sheet.rows.get(key)
    found = [f"{e} {sheet.cited(key, e)}" for e in entities if row and sheet.cell(key, e)]
    name = NAMES.get(key, key.replace("_", " "))
    if not found:
        return (
            f"**The data has no {name} for {', '.join(entities)}**; what it has is below "
            "(the caveats say why a figure is missing or not meaningful)."
        )
    label = row.label.split(" (")[0] if row else name
    return f"**{label} ({row.period if row else ''}): {'; '.join(found)}.**"


def _sector_lead(sheet: Sheet, key: str) -> str:
    """ "Which pharma company looks cheapest?": the group's #1 on the figure asked for."""
    rank = sheet.rows.get(f"rank_{key}")
    entities = [e for e in sheet.entities if e != "median"]
    leaders = [e for e in entities if rank and rank.cells.get(e) == "#1"]
    name = NAMES.get(key, key.replace("_", " "))
    if not leaders:
        return f"**The data ranks no {name} for this group**; what it has is below."
    kind = "cheapest" if "cheapest" in rank.label else "best"  # type: ignore[union-attr]
    who = ", ".join(f"{e} ({sheet.cited(key, e)})" for e in leaders)
    median = sheet.cited(key, "median")
    tail = f"; group median {median}" if median else ""
    return f"**{name[:1].upper() + name[1:]}, {kind} of the {len(entities)}: {who}{tail}.**"


def write_report(contents: list[str], question: str = "") -> str:
    """One Markdown report from the tool results of a turn; a question that asks for one figure
    gets it first, in one line (or a plain "the data has no …")."""
    parts: list[str] = []
    sources: list[str] = []
    key = asked_metric(question)
    for content in contents:
        sheet = parse_sheet(content)
        if key and not sheet.error and sheet.title.startswith("Sector analysis"):
            parts += [_sector_lead(sheet, key), ""]
        elif key and not sheet.error:
            parts += [_lead(sheet, key), ""]
        if sheet.error:
            parts.append(f"I could not get that data: {sheet.error}")
            continue
        if sheet.title.startswith("Sector analysis"):
            parts += _sector(sheet)
        elif sheet.title.startswith("Company snapshot"):
            parts += _snapshot(sheet)
        elif sheet.rows:
            parts += _comparison(sheet)
        if sheet.warnings:
            parts += ["", "**Caveats**", ""] + [f"- {w}" for w in sheet.warnings]
        parts.append("")
        if sheet.source and sheet.source not in sources:
            sources.append(sheet.source)
    if sources:
        parts.append(f"Data: {'; '.join(sources)}. Not investment advice.")
    else:
        parts.append("Not investment advice.")
    parts += ["", DEMO_NOTE]
    return "\n".join(parts).strip()
