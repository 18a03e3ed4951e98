"""The decision for a figure that cites fact ids (``41.8% [MSFT.operating_margin]``,
``[MSFT.pe / GOOGL.pe]``)."""

from __future__ import annotations

import re
from typing import Any

from . import citations
from .derived import bounded as _bounded
from .entities import MEDIAN
from .extract import _BRACKETS, Figure
from .metrics import fact_window, fact_year, fiscal_years, matches, text_windows
from .periods import _own_part, earlier_window
from .result import COMPARED, Result, _base, _show
from .subject import HISTORY, _reference

#: the ways of deciding whom a figure is about that no other name in the sentence overrides
STRONG = ("before it", "next to it", "table", "with the figure before", "fronted")


def check_cited(
    checker: Any,
    figure: Figure,
    cited: citations.Citation,
    who: set[str],
    reference: str,
    how: str = "",
) -> Result:
    """A figure that cites fact ids, checked against exactly those facts: the value, and the
    company, fiscal year, window and reference (own, median, history) its text names."""
    missing = [i for i in cited.ids if i not in checker.by_id]
    if missing:
        return Result("unverified", [], f"cites {', '.join(missing)}: no such fact")
    facts = [checker.by_id[i] for i in cited.ids]
    ids = [f.id for f in facts]
    if cited.derived and cited.ops:
        value = citations.evaluate(cited, checker.by_id)
        if value is None:
            return Result("unverified", ids, "the cited facts do not compute")
        slack = 0.06 * len(facts) if cited.ops[0] in "-+" else abs(value) * 0.012
        values = [(value, slack)]
        shown = citations.evaluate(cited, checker.by_id, shown=True)
        if shown is not None:  # computed from the prompt's rounded values
            values.append((shown, 0.0 if cited.ops[0] in "-+" else abs(shown) * 0.012))
        if figure.kind == "percent" and cited.ops == ["/"]:
            # "42% higher [A / B]", "52% below [A / B]": the ratio as a relative difference
            values += [((value - 1) * 100, 1.2 * abs(value)), (value * 100, 1.2 * abs(value))]
        if not any(
            abs(abs(figure.value) - abs(v)) <= figure.tolerance + room
            or (figure.bound and _bounded(figure, abs(v)))
            for v, room in values
        ):
            operand = _operand(figure, facts, [v for v, _ in values], who)
            if operand is not None:
                return Result("verified", [operand.id])
            return Result("unverified", ids, f"the cited facts give {value:.4g}", _show(facts))
        if who and not {f.entity for f in facts} & (who | {"median"}):
            return Result(
                "unverified", ids, "the cited facts are about other companies", _show(facts)
            )
        return Result("derived", ids, f"{figure.citation} = {value:.4g}")
    good = [f for f in facts if matches(figure, f)]
    if not good:
        return Result("unverified", ids, f"the cited fact is {_show(facts)}", _show(facts))
    fact = good[0]
    # the clause up to the next figure ("21.5% [A.return_1y] (9.8% over six months)": no 6M)
    if figure.local:  # ("over three" after "over one year": the unit of the one before)
        windows = text_windows(_own_part(figure), figure.before)
    else:
        windows = text_windows(figure.sentence)
    if figure.table:
        windows = text_windows(figure.context)
    elif not windows and fact.metric.startswith("return"):  # "Over the past year A is up
        windows = earlier_window(figure)  # 9.5% [..] while B is down 4.0% [B.return_1y]"

    def swapped(why: str) -> Result:
        return Result("unverified", ids, why, _show(facts))

    if (
        who
        and fact.entity not in who
        and fact.entity != "median"
        and (how in STRONG or fact.entity not in checker.named(figure.sentence))
    ):
        return swapped(f"cites {fact.entity} but the text is about {', '.join(sorted(who))}")
    years = fiscal_years(figure.local[0] if figure.local else figure.sentence)
    if years and fact_year(fact) and fact_year(fact) not in years:
        return swapped(
            f"cites FY{fact_year(fact)} but the text says FY{', FY'.join(sorted(years))}"
        )
    if windows and fact_window(fact) and fact_window(fact) not in windows:
        said_windows = ", ".join(sorted(windows))
        return swapped(f"cites a {fact_window(fact)} figure but the text says {said_windows}")
    cited_ref = _reference(fact)
    if cited_ref and cited_ref != reference and not figure.table:
        said = MEDIAN if cited_ref == "median" else HISTORY
        # (in the words, not in a citation: "29.6x [median.pe]" names no median)
        words = _BRACKETS.sub(" ", figure.sentence)
        if not (said.search(words) or COMPARED.search(figure.before[-30:])):
            return swapped(f"cites a {cited_ref} figure as the company's own")
    # (a premium over the average, or a year-end value it averages, is no own figure)
    if reference and not cited_ref and "_vs_" not in fact.metric and not fact_year(fact):
        same = [
            f
            for f in checker.facts
            if _reference(f) == reference and matches(figure, f) and _base(f) == _base(fact)
        ]
        if not same:
            return Result(
                "unverified",
                ids,
                f"cites the company's own figure as the {reference}",
                _show(facts),
            )
    return Result("verified", [fact.id])


def _operand(figure: Figure, facts: list[Any], values: list[float], who: set[str]) -> Any:
    """The cited fact the figure is, when the citation is of a figure its sentence states
    before it ("about 2.7 times AMD's $22.68B [NVDA.revenue / AMD.revenue]": the ratio's,
    written after its operand), else None."""
    own = [f for f in facts if matches(figure, f) and (not who or f.entity in who)]
    if not own:
        return None
    for number in re.findall(r"\d+(?:\.\d+)?", _BRACKETS.sub(" ", figure.before)):
        step = 0.5 * 10 ** -len(number.partition(".")[2])
        if any(abs(float(number) - abs(v)) <= step + 1e-9 for v in values):
            return own[0]
    return None
