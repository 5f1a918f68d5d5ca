"""Cards on the innovation page (via inovda.core.extensions): barriers, risks, budget."""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone

from . import access, rules, selectors
from .models import Barrier


def barriers_panel(request, innovation) -> dict | None:
    user = request.user
    barriers = (
        access.barriers_for_user(user)
        .filter(innovation=innovation)
        .exclude(status=Barrier.Status.WITHDRAWN)
        .select_related("owner")
        .order_by("-raised_on", "-id")
    )
    can_raise = access.can_raise_barrier(user, innovation)
    items = list(barriers[:6])
    if not can_raise and not items:
        return None
    return {
        "innovation": innovation,
        "barriers": items,
        "open": barriers.filter(status__in=rules.OPEN_BARRIER_STATUSES).count(),
        "can_raise": can_raise,
    }


def risks_panel(request, innovation) -> dict | None:
    user = request.user
    if not access.in_scope(user, innovation):
        return None
    risks = selectors.risk_list(user=user, filters=selectors.RiskFilters(innovation=innovation.pk))
    return {
        "innovation": innovation,
        "top": list(risks[:3]),
        "summary": selectors.risk_summary(risks),
        "appetite": rules.risk_appetite(innovation.stage, innovation.evidence_level),
        "can_manage": access.can_manage_risks(user, innovation),
    }


def budget_panel(request, innovation) -> dict | None:
    user = request.user
    if not access.in_scope(user, innovation):
        return None
    rows = (
        access.budget_lines_for_user(user)
        .filter(innovation=innovation)
        .values("fiscal_year")
        .annotate(allocated=Sum("allocated"), realised=Sum("realised"))
        .order_by("-fiscal_year")
    )
    years = [
        {**row, "rate": rules.realisation_rate(row["allocated"], row["realised"])}
        for row in rows[:4]
    ]
    return {
        "innovation": innovation,
        "years": years,
        "this_year": timezone.localdate().year,
        "can_manage": access.can_manage_budget(user, innovation),
    }
