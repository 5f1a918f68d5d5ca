"""Five-factor health: radar per Pemda and agency, trend, weakest factor, self-assessment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.organizations import access as org_access

from .. import access, conf, factors, formulas, health, selectors, services
from ..forms import SelfAssessmentForm
from ..models import AssessmentQuestion, Barrier, Factor, SelfAssessment
from .common import current_pemda, int_param, submit, year_param

SHORT = {
    "F1": gettext_lazy("F1 Innovators"),
    "F2": gettext_lazy("F2 Barriers"),
    "F3": gettext_lazy("F3 Risks"),
    "F4": gettext_lazy("F4 Knowledge"),
    "F5": gettext_lazy("F5 Budget"),
}


def _radar(item: health.Health) -> dict:
    return {
        "labels": [str(SHORT[f]) for f in health.FACTORS],
        "datasets": [
            {
                "label": str(_("Measured score (0–100)")),
                "data": [item.scores[f].score for f in health.FACTORS],
            },
            {
                "label": str(_("Self-assessed maturity × 20")),
                "data": [
                    item.maturity.get(f) * 20 if item.maturity.get(f) else None
                    for f in health.FACTORS
                ],
            },
        ],
    }


def _trend_chart(items: list[health.Health]) -> dict:
    return {
        "labels": [str(item.year) for item in items],
        "datasets": [
            {"label": str(SHORT[f]), "data": [item.scores[f].score for item in items]}
            for f in health.FACTORS
        ],
    }


@login_required
def health_overview(request):
    user = request.user
    pemda = current_pemda(request)
    year = year_param(request)
    agencies = list(access.health_agencies(user, pemda.pk).order_by("name"))
    total, per_agency = health.pemda_health(pemda.pk, year, [a.pk for a in agencies])
    show_all = request.GET.get("all") == "1"
    rows = [(agency, per_agency[agency.pk]) for agency in agencies]
    with_data = [(a, h) for a, h in rows if h.has_data]
    trend = health.trend(pemda.pk, known={year: total})
    context = {
        "pemda": pemda,
        "year": year,
        "years": selectors.years_back(),
        "total": total,
        "rows": rows if show_all else with_data,
        "hidden": len(rows) - len(with_data),
        "show_all": show_all,
        "short": SHORT,
        "factors": health.FACTORS,
        "radar": _radar(total),
        "trend": trend,
        "trend_chart": _trend_chart(trend),
        "reads_whole_pemda": access.reads_whole_pemda(user, pemda.pk),
    }
    return render(request, "ecosystem/health.html", context)


@login_required
def agency_health(request, pk):
    user = request.user
    agency = org_access.agencies_for_user(user).filter(pk=pk).first()
    if agency is None:
        raise Http404
    if not access.health_agencies(user, agency.pemda_id).filter(pk=pk).exists():
        raise PermissionDenied(_("You read the health of your own agency only."))
    year = year_param(request)
    total, per_agency = health.pemda_health(agency.pemda_id, year, [agency.pk])
    item = per_agency[agency.pk]
    weakest = item.weakest
    trend = health.trend(agency.pemda_id, agency.pk, known={year: item})
    context = {
        "agency": agency,
        "year": year,
        "years": selectors.years_back(),
        "item": item,
        "total": total,
        "short": SHORT,
        "factors": health.FACTORS,
        "labels": dict(Factor.choices),
        "weakest": weakest,
        "suggestions": health.suggestions(user, agency, weakest, year) if weakest else [],
        "radar": _radar(item),
        "trend": trend,
        "trend_chart": _trend_chart(trend),
    }
    return render(request, "ecosystem/agency_health.html", context)


@login_required
def health_method(request):
    from inovda.innovations.models import Innovation

    context = {
        "formulas": [
            (f, label, formulas.FORMULAS[f], sorted(conf.get("HEALTH_WEIGHTS")[f].items()))
            for f, label in Factor.choices
        ],
        "inputs": factors.INPUTS,
        "sla": [(label, conf.get("BARRIER_SLA_DAYS").get(k)) for k, label in Barrier.Kind.choices],
        "appetite": [
            (label, conf.get("RISK_APPETITE").get(k)) for k, label in Innovation.Stage.choices
        ],
        "levels": conf.get("RISK_LEVELS"),
        "target_days": conf.get("REALLOCATION_TARGET_DAYS"),
        "recognition_window": conf.get("RECOGNITION_WINDOW_YEARS"),
        "active": [dict(Innovation.Status.choices).get(s, s) for s in conf.get("ACTIVE_STATUSES")],
    }
    return render(request, "ecosystem/health_method.html", context)


# ------------------------------------------------------------------ self-assessment


def _factor_of():
    return dict(AssessmentQuestion.objects.filter(is_active=True).values_list("code", "factor"))


@login_required
def self_assessment_list(request):
    user = request.user
    pemda = current_pemda(request)
    year = year_param(request)
    readable = access.health_agencies(user, pemda.pk)
    factor_of = _factor_of()
    assessments = SelfAssessment.objects.filter(
        Q(agency__isnull=True) | Q(agency__in=readable), pemda=pemda, year=year
    )
    rows = [
        (a, formulas.maturity(a.answers, factor_of))
        for a in assessments.select_related("agency", "assessed_by").order_by("agency__name")
    ]
    context = {
        "pemda": pemda,
        "year": year,
        "years": selectors.years_back(),
        "rows": rows,
        "factors": health.FACTORS,
        "short": SHORT,
        "can_pemda": access.can_self_assess(user, pemda.pk),
        "agencies": access.agencies_user_manages(user, pemda.pk).order_by("name"),
    }
    return render(request, "ecosystem/self_assessment_list.html", context)


@login_required
def self_assessment_form(request, year):
    user = request.user
    pemda = current_pemda(request)
    if year > timezone.localdate().year or year < 2000:
        raise Http404
    agency_id = int_param(request, "agency")
    agency = None
    if agency_id:
        agency = org_access.agencies_for_user(user).filter(pk=agency_id, pemda=pemda).first()
        if agency is None:
            raise Http404
    access.require_self_assess(user, pemda.pk, agency.pk if agency else None)
    existing = SelfAssessment.objects.filter(pemda=pemda, agency=agency, year=year).first()
    questions = AssessmentQuestion.objects.filter(is_active=True)
    initial = {f"q_{code}": value for code, value in (existing.answers if existing else {}).items()}
    if existing:
        initial["note"] = existing.note
    form = SelfAssessmentForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.self_assessment_save(
            actor=user,
            pemda=pemda,
            agency=agency,
            year=year,
            answers=form.answers(),
            note=form.cleaned_data["note"],
        ),
        _("The self-assessment was saved."),
    ):
        return redirect(f"{reverse('ecosystem:self_assessment_list')}?year={year}")
    context = {
        "form": form,
        "year": year,
        "pemda": pemda,
        "agency": agency,
        "labels": dict(Factor.choices),
        "levels": [
            (1, _("1 — not at all / ad hoc")),
            (2, _("2 — a little / emerging")),
            (3, _("3 — partly / defined")),
            (4, _("4 — mostly / managed")),
            (5, _("5 — fully / embedded")),
        ],
    }
    return render(
        request, "ecosystem/self_assessment_form.html", context, status=400 if form.errors else 200
    )
