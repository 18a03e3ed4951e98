"""What people call a sector -> FMP's sector and industries ("banking", "chip makers", "pharma").

FMP (like Yahoo) has 11 sectors; most everyday words name industries inside them. The fallback
candidate list — when the screener is not in the plan, or offline — is the dated S&P 500 table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.snapshot import UniverseCompany, load_universe

SECTORS = (
    "Basic Materials",
    "Communication Services",
    "Consumer Cyclical",
    "Consumer Defensive",
    "Energy",
    "Financial Services",
    "Healthcare",
    "Industrials",
    "Real Estate",
    "Technology",
    "Utilities",
)
BANKS = ("Banks - Diversified", "Banks - Regional")
#: Industries valued like banks: no gross profit, EBITDA or current ratio in their statements.
BANK_LIKE = (*BANKS, "Capital Markets")


@dataclass(frozen=True)
class SectorChoice:
    sector: str
    industries: tuple[str, ...] = ()
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or (", ".join(self.industries) if self.industries else self.sector)


# word patterns -> (sector, industries, label); checked in order, first match wins
ALIASES: list[tuple[str, str, tuple[str, ...], str]] = [
    (r"regional banks?", "Financial Services", ("Banks - Regional",), "Regional banks"),
    (
        r"\bbank(s|ing)?\b|\blenders?\b",
        "Financial Services",
        BANK_LIKE,
        "Banks (incl. investment banks)",
    ),
    (
        r"investment bank|broker|capital markets|wall street",
        "Financial Services",
        ("Capital Markets",),
        "Capital markets",
    ),
    (
        r"insur",
        "Financial Services",
        (
            "Insurance - Diversified",
            "Insurance - Life",
            "Insurance - Property & Casualty",
            "Insurance - Specialty",
            "Insurance - Reinsurance",
            "Insurance Brokers",
        ),
        "Insurance",
    ),
    (r"payment|credit card|fintech", "Financial Services", ("Credit Services",), "Payments"),
    (r"asset manag", "Financial Services", ("Asset Management",), "Asset management"),
    (r"chip|semiconductor|semis\b|gpu", "Technology", ("Semiconductors",), "Semiconductors"),
    (
        r"chip equipment|semiconductor equipment|foundry tools",
        "Technology",
        ("Semiconductor Equipment & Materials",),
        "Semiconductor equipment",
    ),
    (
        r"software|saas|cloud",
        "Technology",
        ("Software - Infrastructure", "Software - Application"),
        "Software",
    ),
    (
        r"hardware|computers?\b|pc makers?",
        "Technology",
        ("Computer Hardware", "Consumer Electronics"),
        "Hardware",
    ),
    (
        r"networking|telecom equipment|communication equipment",
        "Technology",
        ("Communication Equipment",),
        "Communication equipment",
    ),
    (r"oil|gas\b|petroleum|drillers?", "Energy", (), "Energy"),
    (
        r"pharma|drug ?makers?|drugs?\b",
        "Healthcare",
        ("Drug Manufacturers - General", "Drug Manufacturers - Specialty & Generic"),
        "Pharmaceuticals",
    ),
    (r"biotech", "Healthcare", ("Biotechnology",), "Biotechnology"),
    (
        r"health insur|managed care|healthcare plans",
        "Healthcare",
        ("Healthcare Plans",),
        "Health insurers",
    ),
    (
        r"medical devices?|medtech",
        "Healthcare",
        ("Medical Devices", "Medical Instruments & Supplies"),
        "Medical devices",
    ),
    (
        r"internet|social media|search engines?|online advertising",
        "Communication Services",
        ("Internet Content & Information",),
        "Internet",
    ),
    (r"telecom|wireless carriers?", "Communication Services", ("Telecom Services",), "Telecom"),
    (
        r"media|entertainment|streaming",
        "Communication Services",
        ("Entertainment",),
        "Entertainment",
    ),
    (
        r"retail(ers)?\b|e-?commerce",
        "Consumer Cyclical",
        ("Internet Retail", "Specialty Retail", "Home Improvement Retail", "Apparel Retail"),
        "Retail",
    ),
    (
        r"car ?makers?|automakers?|autos?\b|electric vehicles?|\bevs?\b",
        "Consumer Cyclical",
        ("Auto Manufacturers",),
        "Automakers",
    ),
    (r"restaurants?", "Consumer Cyclical", ("Restaurants",), "Restaurants"),
    (r"airlines?", "Industrials", ("Airlines",), "Airlines"),
    (r"aerospace|defen[cs]e", "Industrials", ("Aerospace & Defense",), "Aerospace & defense"),
    (r"railroads?|rail\b", "Industrials", ("Railroads",), "Railroads"),
    (r"reits?\b|real estate|property", "Real Estate", (), "Real estate"),
    (r"utilit|electric utilities|power companies", "Utilities", (), "Utilities"),
    (
        r"beverages?|soft drinks?",
        "Consumer Defensive",
        ("Beverages - Non-Alcoholic", "Beverages - Brewers", "Beverages - Wineries & Distilleries"),
        "Beverages",
    ),
    (r"food|grocer|consumer staples|staples", "Consumer Defensive", (), "Consumer staples"),
    (r"chemicals?|materials|mining|miners|steel", "Basic Materials", (), "Basic materials"),
    (r"tech(nology)?\b|it sector", "Technology", (), "Technology"),
    (r"financials?|finance", "Financial Services", (), "Financial services"),
    (r"health ?care|medical", "Healthcare", (), "Healthcare"),
    (r"energy", "Energy", (), "Energy"),
    (r"communication|comms?", "Communication Services", (), "Communication services"),
    (r"industrials?|manufactur", "Industrials", (), "Industrials"),
    (r"consumer (discretionary|cyclical)", "Consumer Cyclical", (), "Consumer cyclical"),
]


def resolve_sector(sector: str, industry: str | None = None) -> SectorChoice:
    """Map free words (and an optional industry) to FMP's names; raises ValueError if unknown."""
    for name in SECTORS:
        if sector.strip().lower() == name.lower():
            return SectorChoice(name, _industries(name, industry))
    industry_names = {c.industry.lower(): c for c in load_universe()}
    for word in (industry, sector):  # an exact industry name, given as industry or as sector
        company = industry_names.get((word or "").strip().lower())
        if company is not None:
            return SectorChoice(company.sector, (company.industry,))
    text = f"{industry or ''} {sector}".lower()
    # "chip equipment" must win over "chip": the longer, more specific patterns go first
    for pattern, name, industries, label in sorted(ALIASES, key=lambda a: -len(a[0])):
        if re.search(pattern, text):
            return SectorChoice(name, industries, label)
    raise ValueError(
        f"Unknown sector '{sector}'. FMP's sectors are: {', '.join(SECTORS)}; "
        "industries such as banks, semiconductors, software or pharma work too."
    )


def _industries(sector: str, industry: str | None) -> tuple[str, ...]:
    if not industry:
        return ()
    try:
        choice = resolve_sector(industry)
    except ValueError:
        return (industry,)
    return choice.industries if choice.sector == sector else (industry,)


def universe_candidates(choice: SectorChoice) -> list[UniverseCompany]:
    """Companies of the dated list in the sector (and industries), largest first."""
    return [
        c
        for c in load_universe()
        if c.sector == choice.sector and (not choice.industries or c.industry in choice.industries)
    ]
