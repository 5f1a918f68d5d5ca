"""Five-factor health per agency and per Pemda: gathers the inputs (factors.py), applies the
formulas (formulas.py), adds the self-assessed maturity and, for the weakest factor,
suggestions that link to the records behind the score."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from inovda.core.cache import cached
from inovda.innovations.access import innovations_for_user
from inovda.innovations.selectors import submission_ready_q

from . import access, conf, factors, formulas
from .models import AssessmentQuestion, BudgetLine, Factor, Risk, SelfAssessment

FACTORS = [f.value for f in Factor]
ALL = "all"  # the Pemda total instead of one agency


@dataclass
class Health:
    year: int
    scores: dict[str, formulas.FactorScore]
    maturity: dict[str, int | None] = field(default_factory=dict)

    @property
    def weakest(self) -> str | None:
        return formulas.weakest(self.scores)

    @property
    def has_data(self) -> bool:
        return any(s.has_data for s in self.scores.values())

    def rows(self):
        """(factor code, label, score, maturity) for tables and charts."""
        labels = dict(Factor.choices)
        return [(f, labels[f], self.scores[f].score, self.maturity.get(f)) for f in FACTORS]


def _inputs(pemda_id: int, year: int, today: datetime.date) -> dict:
    return {
        "innovators": factors.innovator_counts(pemda_id),
        "trained": factors.innovators_trained(pemda_id, year),
        "time_allotted": factors.innovators_with_time(pemda_id, year),
        "recognised": factors.innovators_recognised(pemda_id, year),
        "barriers": factors.barrier_outcomes(pemda_id, year, today),
        "running": factors.running_counts(pemda_id, year),
        "covered": factors.risk_coverage(pemda_id, year),
        "reviews": factors.risk_review_currency(pemda_id, year, today),
        "profile_complete": factors.profile_complete(pemda_id, year, today),
        "evidence_attached": factors.evidence_attached(pemda_id, year),
        "progress_current": factors.progress_current(pemda_id, year),
        "kpi_data": factors.kpi_data(pemda_id, year),
        "lessons_recorded": factors.lessons_recorded(pemda_id, year),
        "budget": factors.budget_totals(pemda_id, year),
        "funded": factors.funded_innovations(pemda_id, year),
        "turnaround": factors.reallocation_turnarounds(pemda_id, year),
    }


def _pick(values: dict | None, agency_id, zero):
    """The agency's value, or for ALL the sum over every agency; None stays None."""
    if values is None:
        return None
    if agency_id != ALL:
        return values.get(agency_id, zero)
    total = zero
    for value in values.values():
        if isinstance(zero, tuple):
            total = tuple(a + b for a, b in zip(total, value, strict=True))
        else:
            total = total + value
    return total


F4_NOTES: dict = {}  # every F4 input has its source (progress reports, KPIs, lessons)


def _scores(inputs: dict, agency_id, year: int, today: datetime.date) -> dict:
    weights = conf.get("HEALTH_WEIGHTS")
    innovators = _pick(inputs["innovators"], agency_id, 0)
    on_time, late = _pick(inputs["barriers"], agency_id, (0, 0))
    running = _pick(inputs["running"], agency_id, 0)
    reviews_due, reviews_on_time = _pick(inputs["reviews"], agency_id, (0, 0))
    allocated, realised = _pick(inputs["budget"], agency_id, (Decimal(0), Decimal(0)))
    notes = dict(F4_NOTES)
    if year != today.year:
        notes["profile_complete"] = _("measured for the current year only")
    return {
        "F1": formulas.f1_capability(
            innovators=innovators,
            trained=_pick(inputs["trained"], agency_id, 0),
            time_allotted=_pick(inputs["time_allotted"], agency_id, 0),
            recognised=_pick(inputs["recognised"], agency_id, 0),
            weights=weights["F1"],
        ),
        "F2": formulas.f2_barriers(on_time=on_time, late=late, weights=weights["F2"]),
        "F3": formulas.f3_risks(
            running=running,
            covered=_pick(inputs["covered"], agency_id, 0),
            reviews_due=reviews_due,
            reviews_on_time=reviews_on_time,
            weights=weights["F3"],
        ),
        "F4": formulas.f4_knowledge(
            running=running,
            counts={key: _pick(inputs[key], agency_id, 0) for key in formulas.F4_PARTS},
            weights=weights["F4"],
            notes=notes,
        ),
        "F5": formulas.f5_budget(
            allocated=allocated,
            realised=realised,
            running=running,
            funded=_pick(inputs["funded"], agency_id, 0),
            turnaround_days=_pick(inputs["turnaround"], agency_id, []),
            target_days=int(conf.get("REALLOCATION_TARGET_DAYS")),
            weights=weights["F5"],
        ),
    }


def _maturity(pemda_id: int, year: int) -> dict:
    """{agency_id or ALL: {factor: level}} from the year's self-assessments."""
    factor_of = dict(AssessmentQuestion.objects.values_list("code", "factor"))
    result = {}
    for assessment in SelfAssessment.objects.filter(pemda_id=pemda_id, year=year):
        key = assessment.agency_id or ALL
        result[key] = formulas.maturity(assessment.answers, factor_of)
    return result


def pemda_health(
    pemda_id: int, year: int, agency_ids=(), today: datetime.date | None = None
) -> tuple[Health, dict[int, Health]]:
    """The Pemda's health and that of each agency in `agency_ids` (cached per Pemda
    version: recomputed after any recorded change in the Pemda, see inovda.core.cache)."""
    today = today or timezone.localdate()
    return cached(
        pemda_id,
        ("health", year, today, tuple(agency_ids)),
        lambda: _pemda_health(pemda_id, year, agency_ids, today),
    )


def _pemda_health(pemda_id: int, year: int, agency_ids, today: datetime.date):
    inputs = _inputs(pemda_id, year, today)
    maturity = _maturity(pemda_id, year)
    total = Health(year, _scores(inputs, ALL, year, today), maturity.get(ALL, {}))
    agencies = {
        agency_id: Health(
            year, _scores(inputs, agency_id, year, today), maturity.get(agency_id, {})
        )
        for agency_id in agency_ids
    }
    return total, agencies


def trend_years(today: datetime.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    n = int(conf.get("HEALTH_TREND_YEARS"))
    return list(range(today.year - n + 1, today.year + 1))


def trend(
    pemda_id: int, agency_id=None, today: datetime.date | None = None, known: dict | None = None
) -> list[Health]:
    """Health per year (oldest first) of the Pemda, or of one agency; `known` holds years
    already computed by the caller ({year: Health})."""
    result = []
    for year in trend_years(today):
        if known and year in known:
            result.append(known[year])
            continue
        total, agencies = pemda_health(
            pemda_id, year, [agency_id] if agency_id else [], today=today
        )
        result.append(agencies[agency_id] if agency_id else total)
    return result


# ------------------------------------------------------------------ suggestions


@dataclass
class Suggestion:
    text: str
    url: str
    records: list[tuple[str, str]]


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def suggestions(user, agency, factor: str, year: int) -> list[Suggestion]:
    """Concrete next steps for `factor` in `agency`, each linking to the records behind it."""
    n = int(conf.get("SUGGESTION_RECORDS"))
    build = {"F1": _f1, "F2": _f2, "F3": _f3, "F4": _f4, "F5": _f5}[factor]
    return [s for s in build(user, agency, year, n) if s.records]


def _records(queryset, n):
    return [(str(obj), obj.get_absolute_url()) for obj in queryset[:n]]


def _f1(user, agency, year, n):
    innovators = access.innovators_for_user(user).filter(agency=agency, is_active=True)
    untrained = innovators.exclude(factors.trained_q(agency.pemda_id, year))
    no_time = innovators.exclude(allotments__year=year, allotments__hours_per_week__gt=0)
    window = int(conf.get("RECOGNITION_WINDOW_YEARS"))
    unrecognised = innovators.exclude(
        recognitions__given_on__year__gt=year - window, recognitions__given_on__year__lte=year
    )
    link = _url("ecosystem:innovator_list", agency=agency.pk)
    return [
        Suggestion(
            _("%(n)d innovators had no training in %(year)d: plan a bimtek or workshop.")
            % {"n": untrained.count(), "year": year},
            link,
            _records(untrained, n),
        ),
        Suggestion(
            _("%(n)d innovators have no time allotted for %(year)d: record their assignment.")
            % {"n": no_time.count(), "year": year},
            link,
            _records(no_time, n),
        ),
        Suggestion(
            _("%(n)d innovators were not recognised recently: consider a certificate or incentive.")
            % {"n": unrecognised.count()},
            link,
            _records(unrecognised, n),
        ),
    ]


def _f2(user, agency, year, n):
    today = timezone.localdate()
    barriers = access.barriers_for_user(user).filter(agency=agency)
    overdue = barriers.filter(
        status__in=["open", "in_progress", "escalated"], due_on__lt=today
    ).order_by("due_on")
    unowned = barriers.filter(status="open", owner__isnull=True)
    return [
        Suggestion(
            _("%(n)d barriers are past their SLA: resolve or escalate them.")
            % {"n": overdue.count()},
            _url("ecosystem:barrier_list", agency=agency.pk, overdue=1),
            _records(overdue, n),
        ),
        Suggestion(
            _("%(n)d new barriers have no owner yet.") % {"n": unowned.count()},
            _url("ecosystem:barrier_list", agency=agency.pk, status="open"),
            _records(unowned, n),
        ),
    ]


def _innovation_records(queryset, n, url_name=None):
    return [
        (inn.name, reverse(url_name, args=[inn.pk]) if url_name else inn.get_absolute_url())
        for inn in queryset[:n]
    ]


def _running_for(user, agency, year):
    return innovations_for_user(user).filter(factors.running_q(year), agency=agency)


def _f3(user, agency, year, n):
    running = _running_for(user, agency, year)
    # Which of the visible running innovations have risks: their ids alone, never shown.
    uncovered = running.exclude(
        pk__in=Risk.objects.filter(agency=agency).values("innovation_id")
    ).order_by("name")
    today = timezone.localdate()
    overdue = (
        access.risks_for_user(user)
        .filter(agency=agency, review_on__lt=today)
        .exclude(status="closed")
        .order_by("review_on")
    )
    return [
        Suggestion(
            _("%(n)d running innovations have no risk register: register their main risks.")
            % {"n": uncovered.count()},
            _url("ecosystem:risk_overview", agency=agency.pk),
            _innovation_records(uncovered, n, "ecosystem:innovation_risks"),
        ),
        Suggestion(
            _("%(n)d risk reviews are overdue: review them.") % {"n": overdue.count()},
            _url("ecosystem:risk_overview", agency=agency.pk, overdue=1),
            _records(overdue.select_related("innovation"), n),
        ),
    ]


def _f4(user, agency, year, n):
    running = _running_for(user, agency, year).order_by("name")
    incomplete = running.exclude(submission_ready_q())
    no_files = running.annotate(files=Count("attachments")).filter(files=0)
    return [
        Suggestion(
            _("%(n)d running innovations have an incomplete profile.") % {"n": incomplete.count()},
            _url("innovations:list", agency=agency.pk),
            _innovation_records(incomplete, n),
        ),
        Suggestion(
            _("%(n)d running innovations have no evidence attached.") % {"n": no_files.count()},
            _url("innovations:list", agency=agency.pk),
            [(inn.name, inn.get_absolute_url() + "#attachments") for inn in no_files[:n]],
        ),
    ]


def _f5(user, agency, year, n):
    running = _running_for(user, agency, year)
    lines = access.budget_lines_for_user(user).filter(agency=agency, fiscal_year=year)
    unfunded = running.exclude(
        pk__in=BudgetLine.objects.filter(agency=agency, fiscal_year=year).values("innovation_id")
    ).order_by("name")
    pending = access.reallocations_for_user(user).filter(agency=agency, status="pending")
    low = [
        line
        for line in lines.select_related("innovation")
        if line.realisation_rate is not None and line.realisation_rate < 0.5
    ]
    return [
        Suggestion(
            _("%(n)d running innovations have no budget line for %(year)d.")
            % {"n": unfunded.count(), "year": year},
            _url("ecosystem:budget_overview", agency=agency.pk, year=year),
            _innovation_records(unfunded, n, "ecosystem:innovation_budget"),
        ),
        Suggestion(
            _("%(n)d budget lines have realised less than half: update or reallocate.")
            % {"n": len(low)},
            _url("ecosystem:budget_overview", agency=agency.pk, year=year),
            [
                (
                    f"{line.innovation.name}: {line.description}",
                    reverse("ecosystem:innovation_budget", args=[line.innovation_id]),
                )
                for line in low[:n]
            ],
        ),
        Suggestion(
            _("%(n)d reallocation requests wait for a decision.") % {"n": pending.count()},
            _url("ecosystem:reallocation_list", status="pending"),
            [
                (str(r), _url("ecosystem:reallocation_list", status="pending"))
                for r in pending.select_related("from_line", "to_line")[:n]
            ],
        ),
    ]
