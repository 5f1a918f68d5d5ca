"""Spending lines: the budget lines a progress report's spending may be booked on.

The registry keeps progress reports (innovations) and the budget register (ecosystem) apart:
a report names the line it spends by id, and the app that keeps the lines registers a
source that lists them and checks the choice, without either app importing the other.

    from inovda.core import spending

    spending.register(lambda innovation_id, years: {2026: [SpendingLine(7, "APBD · ...")]})

`source(innovation_id, years)` returns {fiscal year: [SpendingLine, ...]} for the
innovation's lines of those years (one query). A report of a year with one line spends it
(chosen automatically); with several, the reporter chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SpendingLine:
    id: int
    label: Any
    year: int


_SOURCES: list[Callable[[int, list[int]], dict[int, list[SpendingLine]]]] = []


def register(source: Callable[[int, list[int]], dict[int, list[SpendingLine]]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def lines_for(innovation_id: int, years: Iterable[int]) -> dict[int, list[SpendingLine]]:
    """The innovation's spending lines per fiscal year, for `years` (a year with no line is
    missing)."""
    years = sorted(set(years))
    out: dict[int, list[SpendingLine]] = {}
    if not years:
        return out
    for source in _SOURCES:
        for year, lines in source(innovation_id, years).items():
            out.setdefault(year, []).extend(lines)
    return out
