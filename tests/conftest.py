"""Every test runs offline and hermetic: no keys from the environment, no .env from the working
directory, a private cache folder, and any real (non-loopback) request fails loudly."""

from __future__ import annotations

import pytest

from finagent.app.builder import ENV_NAMES
from finagent.testing import block_real_requests
from tools import set_default_client


@pytest.fixture(autouse=True)
def hermetic(tmp_path, monkeypatch):
    for name in ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FINAGENT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    set_default_client(None)
    with block_real_requests():
        yield
    set_default_client(None)
