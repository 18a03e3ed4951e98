"""Atomic tools: typed functions over FMP's stable API (or the bundled offline snapshot).

from tools import get_quote, get_income_statements
quote = get_quote("AAPL")            # live with FMP_API_KEY, else the snapshot as of 2024-03-08
print(quote.price, quote.provenance.label)
"""

from .client import FMPClient, default_client, set_default_client
from .errors import (
    DataNotCoveredError,
    FMPAuthError,
    FMPConnectionError,
    FMPDeadlineError,
    FMPError,
    FMPQuotaExceededError,
    FMPRateLimitError,
    FMPResponseError,
    FMPServerError,
    FMPTimeoutError,
    InvalidParameterError,
    InvalidSymbolError,
    NotInRecordingError,
    NotInSnapshotError,
    PlanRestrictedError,
    RecordingError,
    UnknownSymbolError,
)
from .financials import (
    get_analyst_estimates,
    get_balance_sheets,
    get_cash_flows,
    get_income_statements,
    get_key_metrics,
    get_key_metrics_ttm,
    get_price_target_consensus,
    get_ratios,
    get_ratios_ttm,
)
from .market import (
    get_news,
    get_peers,
    get_price_history,
    get_profile,
    get_quote,
    get_sectors,
    screen_sector,
    search_symbols,
)
from .models import Records
from .provenance import Provenance
from .settings import FMP_ENV_NAMES, FMPSettings
from .symbols import normalize_symbol

#: Every atomic tool, in the order they are documented.
ATOMIC_TOOLS = (
    get_quote,
    get_profile,
    get_income_statements,
    get_balance_sheets,
    get_cash_flows,
    get_key_metrics,
    get_key_metrics_ttm,
    get_ratios,
    get_ratios_ttm,
    get_price_history,
    screen_sector,
    get_sectors,
    get_peers,
    get_news,
    get_analyst_estimates,
    get_price_target_consensus,
    search_symbols,
)

__all__ = [
    "ATOMIC_TOOLS",
    "FMP_ENV_NAMES",
    "DataNotCoveredError",
    "FMPAuthError",
    "FMPClient",
    "FMPConnectionError",
    "FMPDeadlineError",
    "FMPError",
    "FMPQuotaExceededError",
    "FMPRateLimitError",
    "FMPResponseError",
    "FMPServerError",
    "FMPSettings",
    "FMPTimeoutError",
    "InvalidParameterError",
    "InvalidSymbolError",
    "NotInRecordingError",
    "NotInSnapshotError",
    "PlanRestrictedError",
    "Provenance",
    "RecordingError",
    "Records",
    "UnknownSymbolError",
    "default_client",
    "get_analyst_estimates",
    "get_balance_sheets",
    "get_cash_flows",
    "get_income_statements",
    "get_key_metrics",
    "get_key_metrics_ttm",
    "get_news",
    "get_peers",
    "get_price_history",
    "get_price_target_consensus",
    "get_profile",
    "get_quote",
    "get_ratios",
    "get_ratios_ttm",
    "get_sectors",
    "normalize_symbol",
    "screen_sector",
    "search_symbols",
    "set_default_client",
]
