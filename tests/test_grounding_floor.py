"""The verifier's targets hold on the development sets of the grounding corpus (never the
holdouts, which are only measured, by hand, at the end): at most 2% of honest figures flagged
and at least 95% of planted errors caught with the correct value passing, for cited and uncited
answers separately. ``python eval/grounding/measure.py --set dev`` prints the same table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from finagent.verify import Verifier

MEASURE = Path(__file__).resolve().parents[1] / "eval" / "grounding" / "measure.py"


def load_measure():
    spec = importlib.util.spec_from_file_location("grounding_measure", MEASURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("grounding_measure", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


#: the development sets held to the targets (each tuned on after it was first measured)
TUNED = ["dev", *(f"dev{n}" for n in range(2, 25))]


@pytest.mark.parametrize("split", TUNED)
def test_the_targets_hold_on_the_development_sets(split):
    cells = load_measure().measure(split, Verifier(), False, [])
    for cited, cell in cells.items():
        style = "cited" if cited else "uncited"
        assert cell.figures > 200 and cell.planted >= 15, (split, style)
        assert cell.flagged <= 0.02 * cell.figures, f"{split} {style}: {cell.flagged} flagged"
        assert cell.caught >= 0.95 * cell.planted, f"{split} {style}: {cell.caught} caught"


def test_every_figure_points_at_its_own_text_in_the_answer():
    """The ⚠ marks and citation markers are placed by each figure's offsets: over every
    development answer (tables, lists, headings, citations), ``answer[start:end]`` is the
    figure's text."""
    measure = load_measure()
    checked = 0
    for split in TUNED:
        for answer in measure.load_answers(split):
            facts = measure.sheet_facts(answer.sheets)
            names = measure.sheet_names(answer.sheets)
            for figure in Verifier()(answer.body, facts, names=names).figures:
                assert answer.body[figure.start : figure.end] == figure.text, (answer.id, figure)
                assert figure.status in ("verified", "derived", "unverified")
                checked += 1
    assert checked > 4000
