"""Reporting periods: calendar months, quarters or semesters (pure functions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MONTHS = {"monthly": 1, "quarterly": 3, "semester": 6}
# Nominal length in days, for "how many periods" arithmetic and display.
CADENCE_DAYS = {"monthly": 30, "quarterly": 91, "semester": 182}


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date

    def label(self, cadence: str) -> str:
        if cadence == "monthly":
            return f"{self.start:%m/%Y}"
        if cadence == "quarterly":
            return f"TW {(self.start.month - 1) // 3 + 1}/{self.start.year}"
        return f"S{(self.start.month - 1) // 6 + 1}/{self.start.year}"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_containing(day: datetime.date, cadence: str) -> Period:
    step = MONTHS[cadence]
    start = datetime.date(day.year, (day.month - 1) // step * step + 1, 1)
    return Period(start, _add_months(start, step) - datetime.timedelta(days=1))


def next_period(period: Period, cadence: str) -> Period:
    return period_containing(period.end + datetime.timedelta(days=1), cadence)


def due_date(period: Period, grace_days: int) -> datetime.date:
    return period.end + datetime.timedelta(days=grace_days)


def periods_between(first: datetime.date, last: datetime.date, cadence: str) -> list[Period]:
    """Every period from the one containing `first` to the one containing `last`."""
    out = []
    period = period_containing(first, cadence)
    while period.start <= last:
        out.append(period)
        period = next_period(period, cadence)
    return out


def next_expected(
    last_end: datetime.date | None, implementation_start: datetime.date | None, cadence: str
) -> Period | None:
    """The first period not covered by a report (reports are expected from implementation)."""
    if last_end is None and implementation_start is None:
        return None
    covered = last_end or implementation_start - datetime.timedelta(days=1)
    return period_containing(covered + datetime.timedelta(days=1), cadence)
