"""Orchestrations: many atomic-tool results turned into one small, exact, labelled fact sheet.

from orchestrations import CompanyComparison, SectorAnalysis, CompanySnapshot
result = CompanyComparison().run(symbols=["MSFT", "GOOGL"], time_horizon="3 years")
print(result.prompt())         # what the model reads
result.to_records()            # the facts as plain dicts
"""

from .atomic import atomic_tools
from .base import AnalysisError, AnalysisResult, GatherDeadlineError, Orchestration
from .comparison import CompanyComparison
from .sector import SectorAnalysis
from .snapshot import CompanySnapshot

#: The orchestrations offered to the agent by default.
ORCHESTRATIONS = (CompanyComparison, SectorAnalysis, CompanySnapshot)

__all__ = [
    "ORCHESTRATIONS",
    "AnalysisError",
    "AnalysisResult",
    "CompanyComparison",
    "CompanySnapshot",
    "GatherDeadlineError",
    "Orchestration",
    "SectorAnalysis",
    "atomic_tools",
]
