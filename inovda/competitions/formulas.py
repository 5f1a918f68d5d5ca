"""The competition's arithmetic, free of the database so it can be property-tested.

- rubric total of one review: the weighted mean of its levels (1–5) times 20, so 0–100
  (level 5 on every criterion is 100, level 1 everywhere is 20);
- an entry's score: the mean of its counted reviews (scored, not excluded by moderation);
- spread per entry: population standard deviation and range of its review totals;
- reviewer bias: the mean of (review total − that entry's mean) over the reviewer's
  entries; negative is harsh, positive lenient;
- ranking per category: higher score first; a tie (equal to 2 decimals) is broken by the
  mean level on the criteria in order of weight (heaviest first, then rubric order); still
  equal → the same rank, said so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

POINTS_PER_LEVEL = 20


def rubric_total(levels: Mapping[int, int], weights: Mapping[int, Decimal | float]) -> float | None:
    """0–100 from one reviewer's levels; None until every weighted criterion has a level."""
    weighted = {key: float(w) for key, w in weights.items() if float(w) > 0}
    if not weighted or any(key not in levels for key in weighted):
        return None
    total_weight = sum(weighted.values())
    mean = sum(levels[key] * w for key, w in weighted.items()) / total_weight
    return round(mean * POINTS_PER_LEVEL, 4)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def spread(values: Sequence[float]) -> tuple[float, float] | None:
    """(population standard deviation, range) of the totals; None without values."""
    if not values:
        return None
    m = sum(values) / len(values)
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / len(values))
    return sd, max(values) - min(values)


@dataclass(frozen=True)
class Bias:
    reviewer: int
    mean_deviation: float
    entries: int


def reviewer_bias(reviews: Iterable[tuple[int, int, float]]) -> dict[int, Bias]:
    """`reviews` are (reviewer, entry, total); entries reviewed once tell nothing and are
    left out (their deviation is 0 by construction)."""
    reviews = list(reviews)
    by_entry: dict[int, list[float]] = defaultdict(list)
    for _reviewer, entry, total in reviews:
        by_entry[entry].append(total)
    deviations: dict[int, list[float]] = defaultdict(list)
    for reviewer, entry, total in reviews:
        totals = by_entry[entry]
        if len(totals) > 1:
            deviations[reviewer].append(total - sum(totals) / len(totals))
    return {
        r: Bias(reviewer=r, mean_deviation=sum(d) / len(d), entries=len(d))
        for r, d in deviations.items()
    }


def bias_label(bias: Bias, *, points: float, min_entries: int) -> str:
    if bias.entries < min_entries:
        return ""
    if bias.mean_deviation <= -points:
        return "harsh"
    if bias.mean_deviation >= points:
        return "lenient"
    return ""


@dataclass
class Ranked:
    entry: int
    score: float
    criteria: tuple[float, ...]  # mean level per criterion, heaviest first
    rank: int = 0
    tie_note: str = ""
    tied_with: list[int] = field(default_factory=list)
    decided_by: int | None = None  # index of the criterion that broke a tie


def _key(item: Ranked) -> tuple:
    return (round(item.score, 2), *(round(c, 2) for c in item.criteria))


def rank(items: Iterable[Ranked]) -> list[Ranked]:
    """Order and number the entries of one category (see the module's rule).

    `tied_with` lists entries with the same rounded score; `decided_by` says which
    criterion separated an entry from the one ranked just above it on the same score.
    """
    ordered = sorted(items, key=lambda i: (tuple(-k for k in _key(i)), i.entry))
    previous: Ranked | None = None
    for position, item in enumerate(ordered, start=1):
        same_score = [o.entry for o in ordered if o is not item and _key(o)[0] == _key(item)[0]]
        item.tied_with = same_score
        if previous is not None and _key(previous) == _key(item):
            item.rank = previous.rank
        else:
            item.rank = position
        if (
            previous is not None
            and _key(previous)[0] == _key(item)[0]
            and item.rank != previous.rank
        ):
            for index, (a, b) in enumerate(zip(_key(previous)[1:], _key(item)[1:], strict=True)):
                if a != b:
                    item.decided_by = index
                    break
        previous = item
    return ordered
