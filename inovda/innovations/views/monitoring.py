"""Monitoring pages: progress reports, KPIs, sponsor, health override, change agents,
revival plans and the watchlist."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import spending
from inovda.core.params import query_int
from inovda.organizations import access as org_access
from inovda.organizations.models import Role

from .. import access, conf, selectors, services
from ..forms import (
    AgentAssignForm,
    AgentReviewForm,
    AnswerForm,
    KpiForm,
    OverrideForm,
    ProgressReportForm,
    RevivalActionForm,
    RevivalPlanForm,
    SponsorForm,
)
from ..models import AgentAssignment, AgentReview, Kpi, RevivalAction, RevivalPlan
from .common import form_page

__all__ = [
    "progress_report_new",
    "progress_report_detail",
    "kpi_edit",
    "cadence_set",
    "sponsor_confirm",
    "health_override",
    "health_override_clear",
    "agent_assign",
    "agent_unassign",
    "agent_review_new",
    "agent_review_answer",
    "revival_plan_new",
    "revival_action_new",
    "revival_action_done",
    "revival_plan_close",
    "watchlist",
]


def _reporter_innovation(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    access.require_report(request.user, innovation)
    return innovation


@login_required
def progress_report_new(request, pk):
    innovation = _reporter_innovation(request, pk)
    schedule = selectors.report_schedule(innovation)
    expected = schedule["period"].start.isoformat() if schedule else None
    periods = selectors.reportable_periods(innovation)
    form = ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        periods=periods,
        kpis=innovation.kpis.all(),
        lines=spending.lines_for(
            innovation.pk, {datetime.date.fromisoformat(value).year for value, _label in periods}
        ),
        initial={"period": expected},  # the period expected next, overdue or not
    )

    return form_page(
        request,
        innovation,
        form,
        title=_("New progress report"),
        save=lambda data: services.progress_report_submit(
            actor=request.user,
            innovation=innovation,
            period_start=datetime.date.fromisoformat(data["period"]),
            activities=data["activities"],
            kpi_values=form.kpi_values(),
            beneficiaries=data["beneficiaries"],
            budget_allocated=data["budget_allocated"],
            budget_realised=data["budget_realised"],
            budget_line=data.get("budget_line"),
            obstacles=data["obstacles"],
            evidence=data["evidence"],
        ),
        anchor="#reports",
        template="innovations/report_form.html",
        extra={"schedule": schedule},
        done=_("The progress report was submitted."),
    )


@login_required
def progress_report_detail(request, pk, report_pk):
    innovation = access.innovation_for_user(request.user, pk)
    report = get_object_or_404(
        innovation.progress_reports.select_related("submitted_by"), pk=report_pk
    )
    return render(
        request,
        "innovations/report_detail.html",
        {
            "innovation": innovation,
            "report": report,
            "values": report.values.select_related("kpi"),
            "evidence": report.evidence.all(),
            "label": selectors.period_label(report, innovation),
        },
    )


@login_required
def kpi_edit(request, pk, kpi_pk=None):
    innovation = _reporter_innovation(request, pk)
    kpi = get_object_or_404(Kpi, pk=kpi_pk, innovation=innovation) if kpi_pk else None
    initial = {f: getattr(kpi, f) for f in services.KPI_FIELDS} if kpi else {}
    form = KpiForm(request.POST or None, initial=initial)
    return form_page(
        request,
        innovation,
        form,
        title=_("Edit indicator") if kpi else _("New indicator"),
        intro=_(
            "An indicator (KPI) has a baseline and a target. Reports give its value each "
            "period; attainment is 0 at the baseline and 1 at the target."
        ),
        save=lambda data: services.kpi_save(
            actor=request.user, innovation=innovation, kpi=kpi, data=data
        ),
        anchor="#reports",
    )


@login_required
@require_POST
def cadence_set(request, pk):
    innovation = _reporter_innovation(request, pk)
    try:
        services.cadence_set(
            actor=request.user, innovation=innovation, cadence=request.POST.get("cadence", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report cadence was saved."))
    return redirect(f"{innovation.get_absolute_url()}#reports")


@login_required
def sponsor_confirm(request, pk):
    innovation = _reporter_innovation(request, pk)
    form = SponsorForm(request.POST or None, initial={"confirmed_on": timezone.localdate()})
    return form_page(
        request,
        innovation,
        form,
        title=_("Sponsor's confirmation of continuation"),
        intro=_(
            "The sponsor (head of the agency or the regional head) confirms that the "
            "innovation continues. Health counts a confirmation for %(days)d days."
        )
        % {"days": conf.get("SPONSOR_RECONFIRM_DAYS")},
        save=lambda data: services.sponsor_confirm(
            actor=request.user, innovation=innovation, **data
        ),
        anchor="#health",
    )


@login_required
def health_override(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    access.require_steer(request.user, innovation)
    form = OverrideForm(request.POST or None)
    return form_page(
        request,
        innovation,
        form,
        title=_("Override the health status"),
        intro=_(
            "The rules keep running and stay visible; the override is shown as such, with "
            "your name and reason, until it lapses or is cleared."
        ),
        save=lambda data: services.health_override_set(
            actor=request.user, innovation=innovation, **data
        ),
        anchor="#health",
    )


@login_required
@require_POST
def health_override_clear(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    services.health_override_clear(actor=request.user, innovation=innovation)
    messages.success(request, _("The override was cleared; the rules decide again."))
    return redirect(f"{innovation.get_absolute_url()}#health")


def _agents(innovation):
    return (
        get_user_model()
        .objects.filter(
            memberships__pemda_id=innovation.pemda_id, memberships__role=Role.CHANGE_AGENT
        )
        .distinct()
    )


@login_required
@require_POST
def agent_assign(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    form = AgentAssignForm(request.POST, agents=_agents(innovation))
    if form.is_valid():
        try:
            services.agent_assign(
                actor=request.user, innovation=innovation, agent=form.cleaned_data["agent"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The change agent was assigned."))
    else:
        messages.error(request, _("Choose a change agent of this Pemda."))
    return redirect(f"{innovation.get_absolute_url()}#agents")


@login_required
@require_POST
def agent_unassign(request, pk, assignment_pk):
    innovation = access.innovation_for_user(request.user, pk)
    assignment = get_object_or_404(AgentAssignment, pk=assignment_pk, innovation=innovation)
    services.agent_unassign(actor=request.user, assignment=assignment)
    return redirect(f"{innovation.get_absolute_url()}#agents")


@login_required
def agent_review_new(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    access.require_assigned_agent(request.user, innovation)
    form = AgentReviewForm(request.POST or None)
    return form_page(
        request,
        innovation,
        form,
        title=_("Change-agent review"),
        save=lambda data: services.agent_review_write(
            actor=request.user, innovation=innovation, **data
        ),
        anchor="#agents",
    )


@login_required
def agent_review_answer(request, pk, review_pk):
    innovation = _reporter_innovation(request, pk)
    review = get_object_or_404(AgentReview, pk=review_pk, innovation=innovation)
    form = AnswerForm(request.POST or None, initial={"response": review.response})
    return form_page(
        request,
        innovation,
        form,
        title=_("Answer the change agent"),
        intro=review.recommendations,
        save=lambda data: services.agent_review_answer(
            actor=request.user, review=review, response=data["response"]
        ),
        anchor="#agents",
    )


def _planner_innovation(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    access.require_plan_revival(request.user, innovation)
    return innovation


@login_required
def revival_plan_new(request, pk):
    innovation = _planner_innovation(request, pk)
    form = RevivalPlanForm(request.POST or None)
    return form_page(
        request,
        innovation,
        form,
        title=_("Revival plan"),
        intro=_(
            "Say why the innovation stalled; then add the actions that will revive it, each "
            "with its owner and due date."
        ),
        save=lambda data: services.revival_plan_create(
            actor=request.user, innovation=innovation, diagnosis=data["diagnosis"]
        ),
        anchor="#revival",
    )


def _pemda_members(innovation):
    return (
        get_user_model()
        .objects.filter(memberships__pemda_id=innovation.pemda_id)
        .distinct()
        .order_by("first_name", "username")
    )


@login_required
def revival_action_new(request, pk, plan_pk):
    innovation = _planner_innovation(request, pk)
    plan = get_object_or_404(RevivalPlan, pk=plan_pk, innovation=innovation)
    form = RevivalActionForm(request.POST or None, owners=_pemda_members(innovation))
    return form_page(
        request,
        innovation,
        form,
        title=_("Revival action"),
        intro=plan.diagnosis,
        save=lambda data: services.revival_action_add(actor=request.user, plan=plan, **data),
        anchor="#revival",
    )


@login_required
@require_POST
def revival_action_done(request, pk, action_pk):
    innovation = access.innovation_for_user(request.user, pk)
    action = get_object_or_404(RevivalAction, pk=action_pk, plan__innovation=innovation)
    services.revival_action_done(actor=request.user, action=action)
    return redirect(f"{innovation.get_absolute_url()}#revival")


@login_required
@require_POST
def revival_plan_close(request, pk, plan_pk):
    innovation = access.innovation_for_user(request.user, pk)
    plan = get_object_or_404(RevivalPlan, pk=plan_pk, innovation=innovation)
    try:
        services.revival_plan_close(
            actor=request.user, plan=plan, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{innovation.get_absolute_url()}#revival")


@login_required
def watchlist(request):
    user = request.user
    agencies = org_access.agencies_for_user(user).order_by("name")
    own = org_access.agency_ids_with_role(user, *org_access.AGENCY_ROLES)
    agency = query_int(request.GET.get("agency"))
    if agency is None and "agency" not in request.GET and len(own) == 1:
        agency = next(iter(own))
    today = timezone.localdate()
    rows = []
    health = request.GET.get("health", "")
    health = health if health in selectors.WATCHLIST_HEALTH else ""
    for innovation in selectors.watchlist(user=user, agency=agency, health=health):
        plans = list(innovation.revival_plans.all())
        open_plan = next((p for p in plans if p.status == RevivalPlan.Status.OPEN), None)
        actions = list(open_plan.actions.all()) if open_plan else []
        rows.append(
            {
                "innovation": innovation,
                "reason": selectors.health_reason(innovation),
                "days_since_report": (today - innovation.last_report).days
                if innovation.last_report
                else None,
                "owner": innovation.owner or innovation.created_by,
                "plan": open_plan,
                "actions_done": sum(1 for a in actions if a.done_on),
                "actions": len(actions),
                "actions_late": sum(1 for a in actions if not a.done_on and a.due_on < today),
                "closed": not selectors.lesson_missing(innovation, list(innovation.lessons.all())),
            }
        )
    summary = selectors.health_by_agency(user=user)
    shown = [row for row in summary if not agency or row["agency_id"] == agency]
    totals = {h: sum(row.get(h, 0) for row in shown) for h in selectors.HEALTH_BUCKETS}
    return render(
        request,
        "innovations/watchlist.html",
        {
            "rows": rows,
            "summary": summary,
            "totals": totals,
            "agencies": agencies,
            "agency": agency,
            "health": health,
        },
    )
