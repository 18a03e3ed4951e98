"""Build the bundled offline snapshot from ../shared (a developer tool; nothing reads ../shared
at run time).

Usage: python scripts/build_snapshot.py [SHARED_DIR]

What it does, and why:
- keeps the snapshot point-in-time as of the last price bar (2024-03-08): statement rows whose
  period ends (or, where known, were filed) after that day are dropped;
- drops the long company descriptions (third-party text) and keeps the facts;
- stores prices column-wise and gzips everything, so the package stays small.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

AS_OF = "2024-03-08"
STATEMENTS = ("income-statement", "balance-sheet-statement", "cash-flow-statement")
SP500_FIELDS = ("symbol", "name", "sector", "industry", "exchange", "price", "marketCap")
PRICE_FIELDS = ("date", "open", "high", "low", "close", "volume", "adjClose")
OUT = Path(__file__).resolve().parents[1] / "tools" / "snapshot" / "data"


def known_on_as_of(row: dict) -> bool:
    """A statement row is kept only if its period ended, and where known was filed, by AS_OF."""
    return row["date"] <= AS_OF and (row.get("filingDate") or "") <= AS_OF


def build_company(src: Path, symbol: str) -> dict:
    profile = json.loads((src / "profile" / f"{symbol}.json").read_text())[0]
    profile.pop("description", None)
    company: dict = {"profile": profile}
    for kind in STATEMENTS:
        rows = json.loads((src / kind / f"{symbol}.json").read_text())
        company[kind] = [row for row in rows if known_on_as_of(row)]
    bars = json.loads((src / "historical-price-eod__full" / f"{symbol}.json").read_text())
    bars = [bar for bar in bars if bar["date"] <= AS_OF]
    company["prices"] = {field: [bar[field] for bar in bars] for field in PRICE_FIELDS}
    return company


def write_gz(path: Path, payload: bytes) -> None:
    # mtime=0 keeps rebuilds byte-identical, so git only sees real data changes.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(payload)


def main(shared: Path) -> None:
    src = shared / "fmp-snapshot"
    OUT.mkdir(parents=True, exist_ok=True)
    symbols = sorted(p.stem for p in (src / "profile").glob("*.json"))
    for symbol in symbols:
        data = json.dumps(build_company(src, symbol), separators=(",", ":"))
        write_gz(OUT / f"{symbol}.json.gz", data.encode())
    with open(shared / "sp500-sectors-2024-03-06.csv", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if row["sector"]]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SP500_FIELDS)
    writer.writerows([row[field] for field in SP500_FIELDS] for row in rows)
    write_gz(OUT / "sp500-2024-03-06.csv.gz", buf.getvalue().encode())
    manifest = {
        "as_of": AS_OF,
        "profile_as_of": "2024-03-06",
        "universe_as_of": "2024-03-06",
        "symbols": symbols,
        "note": "Point-in-time: statement periods ending after the as-of date are left out.",
        # splits after the as-of date that the bundled prices and EPS are already adjusted for
        # (shared/fmp-snapshot/SOURCES.md: NVDA's prices were divided by 10 to match)
        "splits_after_as_of": {"NVDA": [{"date": "2024-06-10", "ratio": 10}]},
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(symbols)} companies and {len(rows)} S&P 500 rows to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared")
