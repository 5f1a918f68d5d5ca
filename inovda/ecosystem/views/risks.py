"""F3: risk registers per innovation, heat maps per innovation, agency and Pemda."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core.audit import timeline
from inovda.innovations.access import innovation_for_user
from inovda.innovations.models import Innovation
from inovda.organizations import access as org_access
from inovda.organizations.figures import for_viewer as figures
from inovda.organizations.figures import paginate, query_without_page

from .. import access, conf, rules, selectors, services
from ..forms import RiskFilterForm, RiskForm, RiskReviewForm
from ..models import Risk
from .common import act, submit


def _rules_context():
    return {
        "appetite": conf.get("RISK_APPETITE"),
        "levels": conf.get("RISK_LEVELS"),
        "stage_labels": dict(Innovation.Stage.choices),
    }


def risk_filters(request) -> tuple[RiskFilterForm, selectors.RiskFilters, bool]:
    """The overview's filters from the query string (the page and its export use this)."""
    form = RiskFilterForm(request.GET or None, agencies=org_access.agencies_for_user(request.user))
    filters = selectors.RiskFilters()
    residual = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.RiskFilters(
            agency=data["agency"].pk if data["agency"] else None,
            overdue=data["overdue"],
            above_appetite=data["above_appetite"],
        )
        residual = data["residual"]
    return form, filters, residual


@login_required
def risk_overview(request):
    user = request.user
    form, filters, residual = risk_filters(request)
    risks = selectors.risk_list(user=user, filters=filters)
    context = {
        "form": form,
        "heat": figures(request, "heat", lambda: selectors.heat_map(risks, residual=residual)),
        "residual": residual,
        "summary": figures(
            request,
            "summary",
            lambda: selectors.risk_summary(
                selectors.risk_list(user=user, filters=selectors.RiskFilters(agency=filters.agency))
            ),
        ),
        "page": paginate(request, risks),
        "query": query_without_page(request),
        **_rules_context(),
    }
    return render(request, "ecosystem/risk_overview.html", context)


def _register_page(request, innovation, form=None, status=200):
    user = request.user
    can_manage = access.can_manage_risks(user, innovation)
    risks = selectors.risk_list(
        user=user, filters=selectors.RiskFilters(innovation=innovation.pk, status="all")
    )
    open_risks = risks.exclude(status=Risk.Status.CLOSED)
    if can_manage and form is None:
        form = RiskForm(pemda_id=innovation.pemda_id)
    context = {
        "innovation": innovation,
        "risks": risks,
        "heat": selectors.heat_map(open_risks),
        "heat_residual": selectors.heat_map(open_risks, residual=True),
        "summary": selectors.risk_summary(risks),
        "can_manage": can_manage,
        "form": form,
        "stage_appetite": rules.risk_appetite(innovation.stage, innovation.evidence_level),
        **_rules_context(),
    }
    return render(request, "ecosystem/innovation_risks.html", context, status=status)


@login_required
def innovation_risks(request, pk):
    innovation = innovation_for_user(request.user, pk)
    if request.method != "POST":
        if not access.in_scope(request.user, innovation):
            raise PermissionDenied(_("The risk register belongs to the innovation's agency."))
        return _register_page(request, innovation)
    access.require_manage_risks(request.user, innovation)
    form = RiskForm(request.POST, pemda_id=innovation.pemda_id)
    if submit(
        request,
        form,
        lambda data: services.risk_add(
            actor=request.user, innovation=innovation, data=form.service_data()
        ),
        _("The risk was registered."),
    ):
        return redirect("ecosystem:innovation_risks", pk=innovation.pk)
    return _register_page(request, innovation, form, status=400)


def _risk(request, pk) -> Risk:
    return access.get_for_user(
        selectors.with_ratings(access.risks_for_user(request.user)).select_related(
            "innovation", "agency", "owner"
        ),
        pk,
    )


def _detail(request, risk, review_form=None, status=200):
    can_manage = access.can_manage_risks(request.user, risk.innovation)
    context = {
        "risk": risk,
        "can_manage": can_manage and risk.status != Risk.Status.CLOSED,
        "review_form": review_form
        or RiskReviewForm(
            initial={
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "residual_likelihood": risk.residual_likelihood,
                "residual_impact": risk.residual_impact,
            }
        ),
        "reviews": risk.reviews.select_related("reviewed_by"),
        "timeline": timeline(risk)[:100],
        **_rules_context(),
    }
    return render(request, "ecosystem/risk_detail.html", context, status=status)


@login_required
def risk_detail(request, pk):
    return _detail(request, _risk(request, pk))


@login_required
def risk_edit(request, pk):
    risk = _risk(request, pk)
    access.require_manage_risks(request.user, risk.innovation)
    form = RiskForm(request.POST or None, instance=risk, pemda_id=risk.pemda_id)
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.risk_update(
            actor=request.user, risk=risk, data=form.service_data(), version=data.get("version")
        ),
        _("The risk was saved."),
    ):
        return redirect(risk)
    context = {"form": form, "risk": risk, "innovation": risk.innovation, **_rules_context()}
    return render(request, "ecosystem/risk_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def risk_review(request, pk):
    risk = _risk(request, pk)
    form = RiskReviewForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.risk_review(actor=request.user, risk=risk, **form.cleaned_data),
        _("The review was recorded."),
    ):
        return redirect(risk)
    return _detail(request, risk, form, status=400)


@login_required
@require_POST
def risk_close(request, pk):
    risk = _risk(request, pk)
    act(
        request,
        lambda: services.risk_close(
            actor=request.user, risk=risk, note=request.POST.get("note", "")
        ),
        _("The risk was closed."),
    )
    return redirect(risk)
