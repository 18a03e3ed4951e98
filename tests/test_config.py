"""Settings: bad values are one clear error naming the environment variable."""

from __future__ import annotations

import pytest

from finagent import ConfigurationError
from finagent.config import Settings
from tools.settings import FMPSettings


@pytest.mark.parametrize("value", ["abc", "0"])
def test_bad_settings_are_configuration_errors(monkeypatch, value):
    monkeypatch.setenv("FMP_CALLS_PER_MINUTE", value)
    with pytest.raises(ConfigurationError, match="FMP_CALLS_PER_MINUTE"):
        FMPSettings.load()


def test_bad_core_settings_name_their_variable(monkeypatch):
    monkeypatch.setenv("FINAGENT_MODEL", "")  # empty falls through to the default
    assert Settings.load().model == "gpt-4.1-mini"


def test_the_data_layer_reads_its_own_names(monkeypatch):
    monkeypatch.setenv("FMP_API_KEY", "fmp-test-key-123")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    fmp, llm = FMPSettings.load(), Settings.load()
    assert fmp.fmp_api_key.get_secret_value() == "fmp-test-key-123"
    assert llm.openai_api_key.get_secret_value() == "sk-test-not-a-real-key"
    assert "fmp-test-key" not in repr(fmp) and not hasattr(llm, "fmp_api_key")
