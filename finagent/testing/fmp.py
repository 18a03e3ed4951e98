"""FMP-aware testing helpers, under the testing kit's public name.

They live in the app layer (``finagent.app.fmp_testing``) because they know FMP; this module only
re-exports them so ``from finagent.testing.fmp import FMPStandIn, snapshot_client`` keeps working.
"""

from finagent.app.fmp_testing import FMPStandIn, error, main, snapshot_client

__all__ = ["FMPStandIn", "error", "main", "snapshot_client"]

if __name__ == "__main__":
    main()
