"""Events and the JSON-lines trace."""

from __future__ import annotations

import pytest

from finagent import ConfigurationError, JsonlTrace


def test_an_unwritable_trace_file_fails_at_once(tmp_path):
    with pytest.raises(ConfigurationError, match="Cannot write the trace file"):
        JsonlTrace(tmp_path / "missing" / "folder" / "trace.jsonl")
