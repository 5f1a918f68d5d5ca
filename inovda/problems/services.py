"""Writes of the problem bank: one audit event per state change, same transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inovda.core import audit

from . import access
from .models import Challenge, Indicator, Problem, ProblemLink

FIELDS = ["title", "description", "owner", "origin", "origin_reference", "priority"]
FIELDS += ["poverty_related", "affected_groups", "status"]


def _keep_check(actor, pemda_id: int) -> None:
    if not access.can_keep(actor, pemda_id):
        raise PermissionDenied(
            _("Only the Pemda admin or the innovation unit keep the problem bank.")
        )


@transaction.atomic
def problem_save(*, actor, pemda, data: dict[str, Any], problem: Problem | None = None) -> Problem:
    _keep_check(actor, pemda.pk)
    owner = data.get("owner")
    if owner is not None and owner.pemda_id != pemda.pk:
        raise ValidationError({"owner": _("The agency belongs to another Pemda.")})
    places = data.get("places")
    if places is not None and any(p.pemda_id != pemda.pk for p in places):
        raise ValidationError({"places": _("A place belongs to another Pemda.")})
    creating = problem is None
    problem = problem or Problem(pemda=pemda)
    before = audit.snapshot(problem, FIELDS + ["places"]) if not creating else {}
    for name in FIELDS:
        if name in data:
            setattr(problem, name, data[name])
    problem.full_clean()
    problem.save()
    if places is not None:
        problem.places.set(places)
    after = audit.snapshot(problem, FIELDS + ["places"])
    audit.record(
        actor=actor,
        verb="created" if creating else "updated",
        subject=problem,
        changes={} if creating else audit.diff(before, after),
    )
    return problem


@transaction.atomic
def indicator_add(*, actor, problem: Problem, data: dict[str, Any]) -> Indicator:
    _keep_check(actor, problem.pemda_id)
    indicator = Indicator(problem=problem, **data)
    indicator.full_clean()
    indicator.save()
    audit.record(
        actor=actor,
        verb="problem_indicator_added",
        subject=problem,
        target=f"{indicator.name}: {indicator.baseline} {indicator.unit}",
    )
    return indicator


@transaction.atomic
def link_add(*, actor, problem: Problem, innovation, note: str = "") -> ProblemLink:
    if not access.can_link(actor, problem, innovation):
        raise PermissionDenied(_("You may not link this innovation to this problem."))
    if problem.links.filter(innovation=innovation).exists():
        raise ValidationError(_("This innovation is already linked."))
    link = ProblemLink.objects.create(
        problem=problem, innovation=innovation, note=note, created_by=actor
    )
    audit.record(actor=actor, verb="problem_linked", subject=problem, target=innovation.name)
    return link


@transaction.atomic
def link_remove(*, actor, link: ProblemLink) -> None:
    if not access.can_link(actor, link.problem, link.innovation):
        raise PermissionDenied(_("You may not unlink this innovation."))
    audit.record(
        actor=actor, verb="problem_unlinked", subject=link.problem, target=link.innovation.name
    )
    link.delete()


@transaction.atomic
def challenge_open(*, actor, problem: Problem, data: dict[str, Any]) -> Challenge:
    _keep_check(actor, problem.pemda_id)
    challenge = Challenge(problem=problem, **data)
    challenge.full_clean()
    challenge.save()
    audit.record(actor=actor, verb="challenge_opened", subject=problem, target=challenge.title)
    return challenge
