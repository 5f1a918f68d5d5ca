"""Problems are read by everyone with a membership in the Pemda (404 elsewhere); the
Pemda admin and the innovation unit keep the bank; an agency's operators may also link
their own innovations to a problem."""

from __future__ import annotations

from django.http import Http404

from inovda.innovations.access import roles_for
from inovda.organizations import access as org
from inovda.organizations.models import Role

from .models import Challenge, Problem

KEEPERS = (Role.PEMDA_ADMIN, Role.INNOVATION_UNIT)


def can_keep(user, pemda_id: int) -> bool:
    return org.has_role(user, pemda_id, *KEEPERS)


def problems_for_user(user):
    if not getattr(user, "is_authenticated", False):
        return Problem.objects.none()
    if user.is_superuser:
        return Problem.objects.all()
    return Problem.objects.filter(pemda_id__in=org.readable_pemda_ids(user))


def problem_for_user(user, pk) -> Problem:
    try:
        return problems_for_user(user).select_related("owner", "pemda").get(pk=pk)
    except (Problem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def challenges_for_user(user):
    return Challenge.objects.filter(problem__in=problems_for_user(user))


def can_link(user, problem: Problem, innovation) -> bool:
    if innovation.pemda_id != problem.pemda_id:
        return False
    return can_keep(user, problem.pemda_id) or bool(
        roles_for(user, innovation) & {Role.OPERATOR, Role.PEMDA_ADMIN}
    )
