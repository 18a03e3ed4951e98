"""The product wiring: the ready-made agent, the offline planner and report writer, the
name→ticker index, the rich display, the CLI and chat, and the FMP-aware testing helpers.

The only package that knows the whole product: it imports the core (``finagent``), the data
layer (``tools``) and the analyses (``orchestrations``); nothing below imports it, except the
lazy import behind ``FunctionCallingAgent.from_env()``.
"""

from .builder import build_agent, data_source_label, snapshot_date

__all__ = ["build_agent", "data_source_label", "snapshot_date"]
