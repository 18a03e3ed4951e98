"""The product wiring: the ready-made agent, the offline planner and report writer, the
name→ticker index, the rich display, the CLI and chat, and the FMP-aware testing helpers.

The only package that knows the whole product: it imports the core (``finagent``), the data
layer (``tools``) and the analyses (``orchestrations``); nothing below imports it, except the
lazy import behind ``FunctionCallingAgent.from_env()``.
"""

from typing import Any

__all__ = ["build_agent", "data_source_label", "snapshot_date"]


def __getattr__(name: str) -> Any:  # the CLI's --version and --help need none of the wiring
    if name in __all__:
        from . import builder

        return getattr(builder, name)
    raise AttributeError(f"module 'finagent.app' has no attribute {name!r}")
