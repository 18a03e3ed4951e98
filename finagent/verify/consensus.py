"""Whom a line's figures are about when its words were read wrong: the one company whose facts
have the values of two or more of the line's unverified figures, more than any company has of
its verified ones.

The words pick each figure's company one at a time; when they pick the wrong one for a line
("It leads the sector ..." after a sentence naming four companies), every figure of the line
fails the same way, and all of them are one other company's values. A wrong figure, in contrast,
is one figure: a company swapped into one place of a line about another leaves the line's other
figures verified for that other company, and it is never two of the line's figures. So a line is
given to the company its figures agree on only when they agree on at least two, and more of them
than the words' companies keep.

Likewise a sentence that states a metric's median by one figure has the company's own value in
its other figure of that metric. Neither gives a figure a fact another figure of its line states
already: a line rarely says the same thing twice, and a wrong figure often repeats a true one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from ..facts import Fact
from .extract import Figure
from .metrics import matches
from .result import Result, _base
from .subject import _reference

#: the fewest unverified figures of a line one company must have the values of
AGREEING = 2


def agreed(
    answer: str,
    figures: Sequence[Figure],
    results: Sequence[tuple[str, list[str]]],
    facts: Sequence[Fact],
    matches: Callable[[Figure, Fact], bool],
    named: Callable[[str], set[str]],
) -> list[tuple[str, list[int], int]]:
    """The lines whose unverified figures may agree on a company: (that company, the indexes of
    its figures, the most verified figures any other company of the line keeps).

    ``results`` are the first reading's (status, fact ids) of each figure, in order; ``named``
    gives the companies a text names (the company agreed on must be named in the answer by the
    end of the line). Whether they do agree is for a second reading to say (``confirmed``)."""
    entity = {f.id: f.entity for f in facts}
    lines: dict[int, list[int]] = {}
    for index, figure in enumerate(figures):
        if not figure.citation and not figure.table:
            lines.setdefault(figure.line, []).append(index)
    text = answer.split("\n")
    found = []
    for number, members in lines.items():
        kept = Counter(entity[results[i][1][0]] for i in members if results[i][0] == "verified")
        values: dict[str, list[int]] = {}
        for i in members:
            if results[i][0] != "unverified":
                continue
            # (the median's facts too: no text names the median as a company, so it is never
            # a company the line agrees on)
            for owner in {f.entity for f in facts if matches(figures[i], f)}:
                values.setdefault(owner, []).append(i)
        said = named("\n".join(text[: number + 1]))
        for owner, members_of in values.items():
            most = max((n for who, n in kept.items() if who not in ("median", owner)), default=0)
            if owner in said and len(members_of) >= AGREEING and len(members_of) > most:
                found.append((owner, members_of, most))
    return found


def confirmed(
    groups: list[tuple[str, list[int], int]], verified: Callable[[int, str], bool]
) -> dict[int, str]:
    """Of ``groups``, the figures (by index) whose company their line agrees on: the one company
    of the line whose facts verify at least two of them, more than any other company keeps or
    verifies (``verified(index, company)``: the figure reads true as that company's)."""
    counted = [
        (owner, [i for i in members if verified(i, owner)], most) for owner, members, most in groups
    ]
    found: dict[int, str] = {}
    for owner, members, most in counted:
        # (a company that agrees with more of the same figures wins them; as many: neither)
        rivals = [len(m) for o, m, _ in counted if o != owner and set(m) & set(members)]
        if len(members) >= AGREEING and len(members) > max([most, *rivals]):
            found.update(dict.fromkeys(members, owner))
    return found


def medians_stated(
    figures: Sequence[Figure], results: Sequence[tuple[str, list[str]]], facts: Sequence[Fact]
) -> dict[int, set[str]]:
    """The unverified figures (by index) of a sentence whose other figures state a median, with
    the metrics of those medians: "its P/B of 2.7x is above the 2.4x median" states the median
    once, so the other figure of that metric is the company's own, however the words read."""
    by_id = {f.id: f for f in facts}
    stated: dict[tuple[int, str], set[str]] = {}
    for figure, (status, ids) in zip(figures, results):
        if status == "verified" and _reference(fact := by_id[ids[0]]) == "median":
            stated.setdefault((figure.start - len(figure.before), figure.sentence), set()).add(
                _base(fact)
            )
    return {
        index: stated[key]
        for index, (figure, (status, _)) in enumerate(zip(figures, results))
        if status == "unverified"
        and not figure.citation
        and (key := (figure.start - len(figure.before), figure.sentence)) in stated
    }


def reread(
    answer: str,
    figures: Sequence[Figure],
    results: list[Result],
    facts: Sequence[Fact],
    named: Callable[[str], set[str]],
    read: Callable[..., list[Result]],
) -> list[Result]:
    """``results`` with the figures its lines agree on, and those beside their metric's stated
    median, read again (``read(agreed_on=..., own=...)`` reads the answer's figures again, each
    given figure as that company's, or as its company's own)."""
    results = list(results)
    pairs = [(r.status, r.fact_ids) for r in results]

    def new(index: int, reading: list[Result], given: list[int]) -> bool:
        """The second reading verifies it with a fact no other figure of its line states, nor
        gets from that reading (``given``: the figures it reads again)."""
        ids = reading[index].fact_ids[:1]
        if reading[index].status != "verified" or not ids:
            return False
        return not any(
            j != index
            and figures[j].line == figures[index].line
            and (
                (pairs[j][0] == "verified" and pairs[j][1][:1] == ids)
                or (j in given and reading[j].fact_ids[:1] == ids)
            )
            for j in range(len(figures))
        )

    groups = agreed(answer, figures, pairs, facts, matches, named)
    readings: dict[str, tuple[list[Result], list[int]]] = {}  # figures read as a company's
    for owner in dict.fromkeys(owner for owner, _, _ in groups):
        members = [i for who, group, _ in groups if who == owner for i in group]
        agreed_on = {figures[i].start: {owner} for i in members}
        readings[owner] = (read(agreed_on=agreed_on), members)
    for index, owner in confirmed(groups, lambda i, owner: new(i, *readings[owner])).items():
        how = f"{owner}'s, as its line's other figures"
        results[index] = Result("verified", readings[owner][0][index].fact_ids, how)
    stated = medians_stated(figures, [(r.status, r.fact_ids) for r in results], facts)
    if stated:  # read again, each such figure as its company's own
        again = read(own={figures[i].start for i in stated})
        by_id = {f.id: f for f in facts}
        for index, metrics in stated.items():
            second = again[index]
            if new(index, again, list(stated)) and _base(by_id[second.fact_ids[0]]) in metrics:
                how = "its own, as its sentence states the median"
                results[index] = Result("verified", second.fact_ids, how)
    return results
