"""Reads of the innovation registry: every list starts from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from inovda.core.audit import timeline

from .access import innovations_for_user
from .models import Innovation

SORTS = {
    "updated": "-updated_at",
    "name": "name",
    "-name": "-name",
    "year": "year",
    "-year": "-year",
    "agency": "agency__name",
}


@dataclass
class InnovationFilters:
    q: str = ""
    agency: int | None = None
    stage: str = ""
    status: str = ""
    form: str = ""
    affair: int | None = None
    theme: int | None = None
    year: int | None = None
    pemda: int | None = None
    sort: str = "updated"


def innovation_list(*, user, filters: InnovationFilters | None = None) -> QuerySet[Innovation]:
    f = filters or InnovationFilters()
    qs = innovations_for_user(user).select_related("agency", "pemda", "main_affair")
    if f.q:
        for word in f.q.split()[:8]:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(agency__name__icontains=word)
                | Q(agency__short_name__icontains=word)
                | Q(initiator_name__icontains=word)
                | Q(goals__icontains=word)
            )
    if f.pemda:
        qs = qs.filter(pemda_id=f.pemda)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.form:
        qs = qs.filter(form=f.form)
    if f.affair:
        qs = qs.filter(Q(main_affair_id=f.affair) | Q(other_affairs__id=f.affair)).distinct()
    if f.theme:
        qs = qs.filter(themes__id=f.theme)
    if f.year:
        qs = qs.filter(year=f.year)
    return qs.order_by(SORTS.get(f.sort, "-updated_at"), "-id")


def innovation_years(*, user) -> list[int]:
    years = innovations_for_user(user).exclude(year=None).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def innovation_timeline(innovation: Innovation):
    return timeline(innovation)


def innovation_counts_by_status(*, user) -> dict[str, int]:
    rows = innovations_for_user(user).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def innovation_team(innovation: Innovation) -> list:
    """Who answers for the innovation: its person in charge and its agency's operators and
    innovators (the recipients of reminders and decisions)."""
    from django.contrib.auth import get_user_model

    from inovda.organizations.models import AGENCY_ROLES

    users = get_user_model().objects.filter(
        Q(memberships__agency_id=innovation.agency_id, memberships__role__in=AGENCY_ROLES)
        | Q(pk=innovation.owner_id)
    )
    return list(users.distinct())


def pemda_staff(innovation: Innovation, *roles: str) -> list:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        memberships__pemda_id=innovation.pemda_id, memberships__role__in=roles
    )
    return list(users.distinct())
