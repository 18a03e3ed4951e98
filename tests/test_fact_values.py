"""How a fact's value is shown to the model, and read back."""

from __future__ import annotations

import re

from finagent.facts import format_value, shown_value


def test_shown_value_is_the_value_format_value_shows():
    """A model computes gaps from the prompt's values: shown_value must round as they read."""
    scale = {"T": 1e12, "B": 1e9, "M": 1e6, "K": 1e3, "": 1.0}
    for unit in ("USD", "USD/share", "%", "x", "ratio", "EUR", "days", "shares"):
        for value in (49_552_345_678.0, -26_515_432.1, 17.58283, 13.25, 0.04567, 1_234.5678):
            text = format_value(value, unit).replace("$", "")
            number = re.search(r"-?[\d,]*\.?\d+([TBMK]?)", text)
            assert number, text
            expected = float(number[0].rstrip("TBMK").replace(",", "")) * scale[number[1]]
            assert abs(shown_value(value, unit) - expected) <= 1e-9 * abs(expected), (unit, text)
