"""The bundled offline snapshot: real data for 26 large US companies, point-in-time 2024-03-08.

See ``SOURCES.md`` next to this file for provenance and caveats. ``SnapshotTransport`` serves it
through the same interface as the live API; ``universe`` holds the dated S&P 500 company list.
"""

from .source import SNAPSHOT_AS_OF, SnapshotTransport, later_splits, snapshot_symbols
from .universe import UNIVERSE_AS_OF, UniverseCompany, load_universe

__all__ = [
    "SNAPSHOT_AS_OF",
    "UNIVERSE_AS_OF",
    "SnapshotTransport",
    "UniverseCompany",
    "later_splits",
    "load_universe",
    "snapshot_symbols",
]
