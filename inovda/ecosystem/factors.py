"""The inputs of the five-factor formulas, one function per input, each per agency.

Every function takes a Pemda and a year and returns {agency_id: value}; innovator counts
may carry the key None (citizens without an agency), which only the Pemda total uses.
The formulas (formulas.py) never read the database; health.py joins the two.

Some inputs have a better source in another app that is not connected to them yet (an
`Input.provisional` text says which; the health method page shows it). Such an input
computes from what the ecosystem registers hold (and says so) or returns None, which the
formulas show as "no data" — never 0.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovda.core import attendance
from inovda.innovations.models import Attachment, Innovation, KpiValue, Lesson, ProgressReport
from inovda.innovations.selectors import submission_ready_q

from . import conf
from .models import (
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Recognition,
    Risk,
    RiskReview,
    TimeAllotment,
)


@dataclass(frozen=True)
class Input:
    key: str
    factor: str
    source: str
    provisional: str = ""  # a better source in another app, not connected yet


INPUTS = [
    Input("innovators", "F1", _("active innovator profiles (Inovda, F1 register)")),
    Input(
        "trained",
        "F1",
        _(
            "innovators with a training record dated in the year (F1 register) or who "
            "attended a bimtek or workshop event of the year (Knowledge)"
        ),
    ),
    Input("time_allotted", "F1", _("innovators with hours per week allotted for the year")),
    Input("recognised", "F1", _("innovators with a certificate, award or incentive in the window")),
    Input("barrier_outcomes", "F2", _("barriers raised in the year: on time vs late or overdue")),
    Input(
        "running", "F3–F5", _("innovations adopted, in trial or implemented, initiated by the year")
    ),
    Input("risk_coverage", "F3", _("running innovations with a risk identified by the year's end")),
    Input("review_currency", "F3", _("risk reviews due in the year: done by their due date")),
    Input(
        "profile_complete",
        "F4",
        _("running innovations whose profile meets the submission rules (today only)"),
    ),
    Input(
        "evidence_attached",
        "F4",
        _("running innovations with a document attached by the year's end"),
        _("will be the IID evidence completeness of the assessment app"),
    ),
    Input(
        "progress_current",
        "F4",
        _("running innovations with a progress report ending in the last semester"),
    ),
    Input(
        "kpi_data",
        "F4",
        _("running innovations whose progress reports of the year carry KPI values"),
    ),
    Input(
        "lessons_recorded",
        "F4",
        _("running innovations with a lesson learned (knowledge) by the year's end"),
    ),
    Input(
        "budget_totals",
        "F5",
        _(
            "budget lines of the fiscal year: allocated, and realised from the progress "
            "reports (one line a year) or as entered"
        ),
    ),
    Input("funded", "F5", _("running innovations with a budget line in the fiscal year")),
    Input(
        "turnaround",
        "F5",
        _("days from request to decision of reallocations requested in the year"),
    ),
]


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _counts(queryset, agency_path: str, distinct: str) -> dict:
    rows = queryset.values(agency_key=F(agency_path)).annotate(n=Count(distinct, distinct=True))
    return {row["agency_key"]: row["n"] for row in rows}


# ------------------------------------------------------------------ shared: running innovations


def running_q(year: int) -> Q:
    """Innovations adopted, in trial or implemented (setting ACTIVE_STATUSES), initiated
    in or before `year` (or without a year)."""
    return (Q(year__isnull=True) | Q(year__lte=year)) & Q(status__in=conf.get("ACTIVE_STATUSES"))


def running(pemda_id: int, year: int):
    return Innovation.objects.filter(running_q(year), pemda_id=pemda_id)


def running_counts(pemda_id: int, year: int) -> dict:
    return _counts(running(pemda_id, year), "agency_id", "id")


# ------------------------------------------------------------------ F1


def innovator_counts(pemda_id: int) -> dict:
    return _counts(Innovator.objects.filter(pemda_id=pemda_id, is_active=True), "agency_id", "id")


def trained_q(pemda_id: int, year: int) -> Q:
    """Innovators trained in `year`: a training record of the F1 register, or attendance
    at a bimtek/workshop event recorded in the knowledge app (inovda.core.attendance)."""
    return Q(trainings__held_on__year=year) | Q(
        user_id__in=attendance.trained_users(pemda_id, year)
    )


def innovators_trained(pemda_id: int, year: int) -> dict:
    """From the F1 training records and the attendance at training events."""
    qs = Innovator.objects.filter(trained_q(pemda_id, year), pemda_id=pemda_id, is_active=True)
    return _counts(qs, "agency_id", "id")


def innovators_with_time(pemda_id: int, year: int) -> dict:
    qs = TimeAllotment.objects.filter(
        innovator__pemda_id=pemda_id, innovator__is_active=True, year=year, hours_per_week__gt=0
    )
    return _counts(qs, "innovator__agency_id", "innovator_id")


def innovators_recognised(pemda_id: int, year: int) -> dict:
    window = int(conf.get("RECOGNITION_WINDOW_YEARS"))
    qs = Recognition.objects.filter(
        innovator__pemda_id=pemda_id,
        innovator__is_active=True,
        given_on__year__gt=year - window,
        given_on__year__lte=year,
    )
    return _counts(qs, "innovator__agency_id", "innovator_id")


# ------------------------------------------------------------------ F2


def barrier_outcomes(pemda_id: int, year: int, today: datetime.date) -> dict[int, tuple[int, int]]:
    """(on time, late) per agency over barriers raised in `year`: on time = resolved by the
    due date; late = resolved after it, or still open past it."""
    qs = Barrier.objects.filter(pemda_id=pemda_id, raised_on__year=year).exclude(
        status=Barrier.Status.WITHDRAWN
    )
    resolved = Q(status=Barrier.Status.RESOLVED)
    rows = qs.values("agency_id").annotate(
        on_time=Count("id", filter=resolved & Q(resolved_on__lte=F("due_on"))),
        late=Count("id", filter=resolved & Q(resolved_on__gt=F("due_on")))
        + Count("id", filter=~resolved & Q(due_on__lt=today)),
    )
    return {row["agency_id"]: (row["on_time"], row["late"]) for row in rows}


# ------------------------------------------------------------------ F3


def risk_coverage(pemda_id: int, year: int) -> dict:
    qs = Risk.objects.filter(
        innovation__in=running(pemda_id, year), identified_on__lte=year_end(year)
    )
    return _counts(qs, "agency_id", "innovation_id")


def risk_review_currency(
    pemda_id: int, year: int, today: datetime.date
) -> dict[int, tuple[int, int]]:
    """(reviews due, done on time) per agency: reviews whose due date fell in `year`, plus
    reviews of open risks that are due in `year` and already missed."""
    done = (
        RiskReview.objects.filter(risk__pemda_id=pemda_id, due_on__year=year)
        .values(agency_key=F("risk__agency_id"))
        .annotate(due=Count("id"), on_time=Count("id", filter=Q(reviewed_on__lte=F("due_on"))))
    )
    result = {row["agency_key"]: [row["due"], row["on_time"]] for row in done}
    missed = _counts(
        Risk.objects.filter(pemda_id=pemda_id, review_on__year=year, review_on__lt=today).exclude(
            status=Risk.Status.CLOSED
        ),
        "agency_id",
        "id",
    )
    for agency_id, n in missed.items():
        result.setdefault(agency_id, [0, 0])[0] += n
    return {agency_id: (due, on_time) for agency_id, (due, on_time) in result.items()}


# ------------------------------------------------------------------ F4


def profile_complete(pemda_id: int, year: int, today: datetime.date) -> dict | None:
    """Running innovations whose profile meets the submission rules. The registry keeps no
    history of profiles, so this is measured for the current year only (None otherwise)."""
    if year != today.year:
        return None
    return _counts(running(pemda_id, year).filter(submission_ready_q()), "agency_id", "id")


def evidence_attached(pemda_id: int, year: int) -> dict:
    """Innovations with any document attached by the year's end (not the IID evidence
    completeness of the assessment app)."""
    qs = Attachment.objects.filter(
        innovation__in=running(pemda_id, year), created_at__date__lte=year_end(year)
    )
    return _counts(qs, "innovation__agency_id", "innovation_id")


def reference_date(year: int) -> datetime.date:
    """The day a year's figures are measured at: its last day, or today for this year."""
    return min(year_end(year), timezone.localdate())


def progress_current(pemda_id: int, year: int) -> dict:
    """Running innovations with a progress report whose period ended within the last
    CURRENT_REPORT_DAYS (a semester: the longest cadence) before the reference date."""
    ref = reference_date(year)
    since = ref - datetime.timedelta(days=conf.get("CURRENT_REPORT_DAYS"))
    qs = ProgressReport.objects.filter(
        innovation__in=running(pemda_id, year), period_end__gt=since, period_end__lte=ref
    )
    return _counts(qs, "innovation__agency_id", "innovation_id")


def kpi_data(pemda_id: int, year: int) -> dict:
    """Running innovations whose progress reports of the year carry KPI values."""
    qs = KpiValue.objects.filter(
        report__innovation__in=running(pemda_id, year),
        report__period_end__year=year,
        report__period_end__lte=reference_date(year),
    )
    return _counts(qs, "report__innovation__agency_id", "report__innovation_id")


def lessons_recorded(pemda_id: int, year: int) -> dict:
    """Running innovations with a lesson learned (written on the knowledge pages or at a
    no-blame closure) recorded by the year's end."""
    qs = Lesson.objects.filter(
        innovation__in=running(pemda_id, year), created_at__date__lte=year_end(year)
    )
    return _counts(qs, "innovation__agency_id", "innovation_id")


# ------------------------------------------------------------------ F5


def budget_totals(pemda_id: int, year: int) -> dict[int, tuple[Decimal, Decimal]]:
    """(allocated, realised) per agency for the fiscal year.
    Realised is the amount entered on each line (not the progress reports' figures)."""
    rows = (
        BudgetLine.objects.filter(pemda_id=pemda_id, fiscal_year=year)
        .values("agency_id")
        .annotate(allocated=Sum("allocated"), realised=Sum("realised"))
    )
    return {
        row["agency_id"]: (row["allocated"] or Decimal(0), row["realised"] or Decimal(0))
        for row in rows
    }


def funded_innovations(pemda_id: int, year: int) -> dict:
    qs = BudgetLine.objects.filter(innovation__in=running(pemda_id, year), fiscal_year=year)
    return _counts(qs, "agency_id", "innovation_id")


def reallocation_turnarounds(pemda_id: int, year: int) -> dict[int, list[int]]:
    rows = Reallocation.objects.filter(
        pemda_id=pemda_id,
        requested_on__year=year,
        status__in=[Reallocation.Status.APPROVED, Reallocation.Status.REJECTED],
    ).values_list("agency_id", "requested_on", "decided_on")
    result: dict[int, list[int]] = defaultdict(list)
    for agency_id, requested, decided in rows:
        result[agency_id].append((decided - requested).days)
    return dict(result)
