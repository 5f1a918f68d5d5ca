"""Reads of the problem bank, always from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from inovda.innovations.access import innovations_for_user
from inovda.innovations.models import Innovation, Kpi, KpiValue

from .access import problems_for_user
from .models import Challenge, Place, Problem, ProblemLink


def problem_list(*, user, origin: str = "", priority: str = "", q: str = ""):
    problems = (
        problems_for_user(user)
        .select_related("owner")
        .annotate(n_innovations=Count("links", distinct=True))
    )
    if origin:
        problems = problems.filter(origin=origin)
    if priority:
        problems = problems.filter(priority=priority)
    if q:
        problems = problems.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return problems


def priority_without_innovation(*, user):
    """High-priority open problems that no innovation addresses yet."""
    return (
        problems_for_user(user)
        .filter(priority=Problem.Priority.HIGH, status=Problem.Status.OPEN)
        .exclude(Exists(ProblemLink.objects.filter(problem=OuterRef("pk"))))
        .select_related("owner")
    )


def innovations_without_problem(*, user):
    """Visible, non-draft innovations linked to no stated problem."""
    return (
        innovations_for_user(user)
        .exclude(status=Innovation.Status.DRAFT)
        .exclude(Exists(ProblemLink.objects.filter(innovation=OuterRef("pk"))))
        .select_related("agency")
        .order_by("agency__name", "name")
    )


@dataclass
class PlaceCount:
    place: Place
    problems: int


def poverty_by_kelurahan(*, user, pemda) -> list[PlaceCount]:
    """Every kelurahan of the Pemda with its count of open poverty-related problems."""
    visible = problems_for_user(user).filter(
        pemda=pemda, poverty_related=True, status=Problem.Status.OPEN
    )
    kelurahan = (
        Place.objects.filter(pemda=pemda, level=Place.Level.KELURAHAN)
        .select_related("parent")
        .annotate(n=Count("problems", filter=Q(problems__in=visible), distinct=True))
        .order_by("code")
    )
    return [PlaceCount(place=p, problems=p.n) for p in kelurahan]


def choropleth(rows: list[PlaceCount]) -> list[dict]:
    """Kecamatan columns of kelurahan cells, each with a shade 0–4 by its count."""
    top = max((r.problems for r in rows), default=0)
    columns: dict[str, dict] = {}
    for r in rows:
        col = columns.setdefault(
            r.place.parent.code if r.place.parent else "",
            {"kecamatan": r.place.parent, "cells": []},
        )
        shade = 0 if not r.problems else 1 + round(3 * (r.problems - 1) / max(top - 1, 1))
        col["cells"].append({"place": r.place, "count": r.problems, "shade": shade})
    return list(columns.values())


def results_of(problem: Problem, user) -> list[dict]:
    """The linked innovations the user may see, with their KPIs (baseline → latest)."""
    innovations = innovations_for_user(user).filter(problem_links__problem=problem)
    out = []
    for innovation in innovations.select_related("agency"):
        kpis = []
        for kpi in Kpi.objects.filter(innovation=innovation):
            latest = KpiValue.objects.filter(kpi=kpi).order_by("-report__period_end").first()
            kpis.append({"kpi": kpi, "latest": latest})
        out.append({"innovation": innovation, "kpis": kpis})
    return out


def open_public_challenges(*, pemda_id: int | None = None):
    """Challenges whose call is open to people outside the Pemda's agencies (community,
    universities, everyone) and whose deadline has not passed: the public side lists them
    and citizens answer them with a proposal. Only the call is public, not the problem's
    internal record."""
    qs = Challenge.objects.filter(deadline__gte=timezone.localdate()).exclude(
        audience=Challenge.Audience.AGENCIES
    )
    if pemda_id:
        qs = qs.filter(problem__pemda_id=pemda_id)
    return qs.select_related("problem__pemda").order_by("deadline", "pk")
