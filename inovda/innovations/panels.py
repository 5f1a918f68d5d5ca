"""The innovation page's lifecycle, health, reports, change-agent and revival cards,
registered through `inovda.core.extensions.innovation_panel` like any other app's."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from inovda.core.extensions import InnovationPanel, innovation_panel
from inovda.organizations.models import Role

from . import access, conf, lifecycle, selectors
from .forms import (
    AgentAssignForm,
    OverrideForm,
    PanelMemberForm,
    RecommendationForm,
)
from .models import Innovation, Lesson, RevivalPlan

S = Innovation.Status


def _stepper(innovation):
    """The lifecycle's milestones (read from the transition table), done or current."""
    here = lifecycle.milestone_index(innovation.discontinued_from or innovation.status)
    return [
        {
            "label": label,
            "current": here is not None and i == here,
            "done": here is not None and i < here,
        }
        for i, label in enumerate(lifecycle.MILESTONES)
    ]


def lifecycle_context(request, innovation):
    user = request.user
    review = innovation.reviews.prefetch_related("members__user").first()
    steer = access.can_steer(user, innovation)
    return {
        "innovation": innovation,
        "stepper": _stepper(innovation),
        "steps": lifecycle.available(user, innovation),
        "review": review,
        "review_open": review is not None and review.decided_at is None,
        "review_late": review is not None
        and review.decided_at is None
        and (timezone.now() - review.created_at).days > conf.get("REVIEW_DUE_DAYS"),
        "can_steer": steer,
        "member_form": PanelMemberForm(
            users=get_user_model()
            .objects.filter(memberships__pemda_id=innovation.pemda_id)
            .exclude(memberships__role__in=[Role.OPERATOR, Role.INNOVATOR])
            .distinct()
        )
        if steer
        else None,
        "recommendation_form": RecommendationForm(),
        "user_id": user.pk,
        "instruments": innovation.instruments.select_related("document"),
        "can_report": access.can_report(user, innovation),
        "min_panel": conf.get("REVIEW_MIN_PANEL"),
        "lessons": innovation.lessons.filter(occasion=Lesson.Occasion.DISCONTINUATION).first()
        if innovation.status == S.DISCONTINUED
        else None,
    }


def health_context(request, innovation):
    return {
        "innovation": innovation,
        "view": selectors.health_view(innovation),
        "can_steer": access.can_steer(request.user, innovation),
        "can_report": access.can_report(request.user, innovation),
        "override_form": OverrideForm(),
        "sponsor": innovation.sponsor_confirmations.first(),
        "applies": innovation.status in (S.IMPLEMENTED, S.DISCONTINUED),
    }


def reports_context(request, innovation):
    if innovation.status not in (S.TRIAL, S.IMPLEMENTED, S.DISCONTINUED):
        return None
    reports = list(innovation.progress_reports.select_related("submitted_by")[:40])
    for report in reports:
        report.label = selectors.period_label(report, innovation)
    chart = [
        {"label": r.label, "attainment": r.kpi_attainment}
        for r in reversed(reports)
        if r.kpi_attainment is not None
    ]
    return {
        "innovation": innovation,
        "reports": reports,
        "kpis": innovation.kpis.all(),
        "schedule": selectors.report_schedule(innovation),
        "can_report": access.can_report(request.user, innovation)
        and innovation.status in (S.TRIAL, S.IMPLEMENTED),
        "cadences": Innovation.Cadence.choices,
        "chart": chart,
    }


def agents_context(request, innovation):
    if innovation.status == S.DRAFT:
        return None
    from .access import is_assigned_agent

    user = request.user
    steer = access.can_steer(user, innovation)
    agents = (
        get_user_model()
        .objects.filter(
            memberships__pemda_id=innovation.pemda_id, memberships__role=Role.CHANGE_AGENT
        )
        .distinct()
    )
    return {
        "innovation": innovation,
        "assignments": innovation.agent_assignments.filter(ended_at=None).select_related("agent"),
        "reviews": innovation.agent_reviews.select_related("agent", "responded_by"),
        "can_steer": steer,
        "assign_form": AgentAssignForm(agents=agents) if steer else None,
        "is_agent": is_assigned_agent(user, innovation),
        "can_answer": access.can_report(user, innovation),
    }


def revival_context(request, innovation):
    plans = list(innovation.revival_plans.prefetch_related("actions__owner"))
    stagnant = innovation.health == Innovation.Health.STAGNANT
    if not plans and not stagnant:
        return None
    return {
        "innovation": innovation,
        "plans": plans,
        "has_open": any(p.status == RevivalPlan.Status.OPEN for p in plans),
        "stagnant": stagnant,
        "can_plan": access.can_plan_revival(request.user, innovation),
        "today": timezone.localdate(),
        "user_id": request.user.pk,
    }


def evidence_context(request, innovation) -> dict:
    from .models import EvidenceClaim

    user = request.user
    return {
        "innovation": innovation,
        "claims": list(innovation.evidence_claims.select_related("proposed_by", "assessed_by")[:8]),
        "levels": EvidenceClaim.Level.choices,
        "kinds": EvidenceClaim.Kind.choices,
        "can_claim": access.can_report(user, innovation) or access.can_steer(user, innovation),
        "can_assess": access.can_steer(user, innovation),
        "label": EvidenceClaim.Level(innovation.evidence_level).label
        if innovation.evidence_level
        else "",
    }


def register() -> None:
    T = "innovations/panels/"
    innovation_panel(InnovationPanel(T + "evidence.html", evidence_context, order=6, column="side"))
    innovation_panel(InnovationPanel(T + "lifecycle.html", lifecycle_context, order=10))
    innovation_panel(InnovationPanel(T + "revival.html", revival_context, order=15, lazy=True))
    innovation_panel(InnovationPanel(T + "reports.html", reports_context, order=20, lazy=True))
    innovation_panel(InnovationPanel(T + "agents.html", agents_context, order=30, lazy=True))
    innovation_panel(
        InnovationPanel(T + "health.html", health_context, order=5, column="side", lazy=True)
    )
