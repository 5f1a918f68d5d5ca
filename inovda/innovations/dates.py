"""Dates that cannot be true, refused once for the form, the API and the import.

`innovation_date_problems` is read by `Innovation.clean()` (hence by the profile form, by
every service that saves through `audit.model_update`, by the lifecycle steps and by the
bulk service the importer calls) and by the importer's preview; the progress report and
the legal instruments of the lifecycle steps ask `report_period_problems` and
`instrument_date_problems`. docs/domain.md ("Dates") lists the rules.
"""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def innovation_date_problems(
    *,
    today: datetime.date,
    year: int | None = None,
    trial_start: datetime.date | None = None,
    trial_end: datetime.date | None = None,
    trial_actual_start: datetime.date | None = None,
    trial_actual_end: datetime.date | None = None,
    implementation_start: datetime.date | None = None,
) -> dict[str, str]:
    """Every impossible date of an innovation, `{field: message}` (empty when all hold)."""
    problems: dict[str, str] = {}
    if trial_start and trial_end and trial_end < trial_start:
        problems["trial_end"] = _("The trial cannot end before it starts.")
    if trial_actual_start and trial_actual_start > today:
        problems["trial_actual_start"] = _("The actual trial start cannot be in the future.")
    if trial_actual_end and trial_actual_end > today:
        problems["trial_actual_end"] = _("The actual end of the trial cannot be in the future.")
    elif trial_actual_start and trial_actual_end and trial_actual_end < trial_actual_start:
        problems["trial_actual_end"] = _("The trial cannot end before it started.")
    if implementation_start:
        began = trial_actual_start or trial_start
        if implementation_start > today:
            problems["implementation_start"] = _(
                "The implementation start cannot be in the future."
            )
        elif trial_actual_end and implementation_start < trial_actual_end:
            problems["implementation_start"] = _(
                "Implementation cannot start before the trial ended (%(date)s)."
            ) % {"date": _day(trial_actual_end)}
        elif began and implementation_start < began:
            problems["implementation_start"] = _(
                "Implementation cannot start before the trial (%(date)s)."
            ) % {"date": _day(began)}
    return problems


def report_period_problems(
    *,
    today: datetime.date,
    period_start: datetime.date,
    period_end: datetime.date,
    trial_began: datetime.date | None,
) -> list[str]:
    """A progress report's period: not in the future, not before the trial began."""
    problems = []
    if period_start > today:
        problems.append(_("A period that has not started cannot be reported yet."))
    if trial_began and period_end < trial_began:
        problems.append(
            _("This period ended before the trial started (%(date)s).")
            % {"date": _day(trial_began)}
        )
    return problems


def instrument_date_problems(*, today: datetime.date, issued_on: datetime.date | None) -> list[str]:
    """The SK/Perkada/Perda of an adoption or implementation step is signed already."""
    if issued_on and issued_on > today:
        return [
            _("The instrument's date (%(date)s) cannot be in the future.")
            % {"date": _day(issued_on)}
        ]
    return []
