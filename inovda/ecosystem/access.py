"""Who may read and work the five-factor registers.

Read (lists and objects):
- operators and innovators: the records of their own agency;
- Pemda-wide roles (admin, verifier, change agent, innovation unit, leadership): every
  record of the Pemda, and at a province those of its kabupaten/kota (for the roles that
  read a province's members);
- a record on an innovation is never visible when the innovation itself is not (drafts);
- a *resolved* barrier is a precedent: anyone who can see its innovation reads it.

Write:
- barriers: raised by the innovation's agency (operators, innovators), the innovation unit
  and the Pemda admin; worked (owner, priority, escalation, resolution) by the innovation
  unit and the Pemda admin for the whole Pemda; the raising agency edits or withdraws its
  own open barriers; leadership comments (its answer to an escalation);
- risks: the innovation's agency (operators, innovators) and the Pemda admin;
- budget lines and reallocation requests: the agency's operators and the Pemda admin;
  approvals and tranche releases: the roles in setting BUDGET_APPROVER_ROLES;
- innovator profiles: the agency's operators, the innovation unit and the Pemda admin;
- self-assessment: an agency's operators for their agency; the unit and the Pemda admin
  for any agency and for the Pemda.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from inovda.innovations.access import innovations_for_user, visibility_q
from inovda.organizations import access
from inovda.organizations.models import AGENCY_ROLES, PEMDA_ROLES, STEERING_ROLES, Role

from . import conf
from .models import Barrier, BudgetLine, Innovator, Reallocation, Risk


def scope_q(user, prefix: str = "") -> Q:
    """Rows whose agency/Pemda the user's roles cover (not yet limited by innovation)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)  # everything; an empty Q() would vanish inside an OR
    q = Q(**{f"{prefix}agency_id__in": access.agency_ids_with_role(user, *AGENCY_ROLES)})
    q |= Q(**{f"{prefix}pemda_id__in": access.pemda_ids_with_role(user, *PEMDA_ROLES)})
    provinces = access.province_ids(user)
    if provinces:  # only then join the Pemda table
        q |= Q(**{f"{prefix}pemda__province_id__in": provinces})
    return q


def _on_visible_innovations(model, user) -> QuerySet:
    return model.objects.filter(scope_q(user), visibility_q(user, "innovation__"))


def barriers_for_user(user) -> QuerySet[Barrier]:
    """Barriers in the user's scope, plus resolved ones (precedents) on visible innovations."""
    return Barrier.objects.filter(
        (scope_q(user) | Q(status=Barrier.Status.RESOLVED)), visibility_q(user, "innovation__")
    )


def risks_for_user(user) -> QuerySet[Risk]:
    return _on_visible_innovations(Risk, user)


def budget_lines_for_user(user) -> QuerySet[BudgetLine]:
    return _on_visible_innovations(BudgetLine, user)


def reallocations_for_user(user) -> QuerySet[Reallocation]:
    return Reallocation.objects.filter(scope_q(user), from_line__in=budget_lines_for_user(user))


def mark_visible_sides(user, reallocations) -> list:
    """Set `from_visible` / `to_visible` on each reallocation: a page names only the sides
    (innovation and line) the user may read, never a draft's name through its budget."""
    items = list(reallocations)
    ids = {r.from_line.innovation_id for r in items} | {r.to_line.innovation_id for r in items}
    seen = set(innovations_for_user(user).filter(pk__in=ids).values_list("pk", flat=True))
    for item in items:
        item.from_visible = item.from_line.innovation_id in seen
        item.to_visible = item.to_line.innovation_id in seen
    return items


def innovators_for_user(user) -> QuerySet[Innovator]:
    return Innovator.objects.filter(scope_q(user))


def in_scope(user, obj) -> bool:
    """Whether the user reads the registers of `obj`'s agency (obj has agency_id, pemda_id)."""
    return reads_whole_pemda(user, obj.pemda_id) or _in_agency(user, obj.agency_id, *AGENCY_ROLES)


def get_for_user(queryset: QuerySet, pk):
    """The object if the user may read it; a 404 otherwise (never a leak)."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _in_agency(user, agency_id, *wanted) -> bool:
    return agency_id in access.agency_ids_with_role(user, *wanted)


# ------------------------------------------------------------------ barriers


def can_raise_barrier(user, innovation) -> bool:
    return _in_agency(user, innovation.agency_id, *AGENCY_ROLES) or access.has_role(
        user, innovation.pemda_id, *STEERING_ROLES
    )


def can_work_barrier(user, barrier: Barrier) -> bool:
    """Assign, prioritise, escalate, resolve, reopen: the innovation unit's queue."""
    return access.has_role(user, barrier.pemda_id, *STEERING_ROLES)


def can_edit_barrier(user, barrier: Barrier) -> bool:
    if can_work_barrier(user, barrier):
        return barrier.status != Barrier.Status.WITHDRAWN
    return barrier.is_open and _in_agency(user, barrier.agency_id, *AGENCY_ROLES)


def can_comment_barrier(user, barrier: Barrier) -> bool:
    return can_edit_barrier(user, barrier) or access.has_role(
        user, barrier.pemda_id, Role.LEADERSHIP
    )


def works_barrier_queue(user) -> bool:
    return access.has_any_role(user, STEERING_ROLES)


# ------------------------------------------------------------------ risks and budget


def can_manage_risks(user, innovation) -> bool:
    return _in_agency(user, innovation.agency_id, *AGENCY_ROLES) or access.has_role(
        user, innovation.pemda_id, Role.PEMDA_ADMIN
    )


def can_manage_budget(user, innovation) -> bool:
    return _in_agency(user, innovation.agency_id, Role.OPERATOR) or access.has_role(
        user, innovation.pemda_id, Role.PEMDA_ADMIN
    )


def can_approve_budget(user, pemda_id) -> bool:
    return access.has_role(user, pemda_id, *conf.get("BUDGET_APPROVER_ROLES"))


# ------------------------------------------------------------------ innovators, self-assessment


def can_manage_innovators(user, pemda_id, agency_id=None) -> bool:
    if access.has_role(user, pemda_id, *STEERING_ROLES):
        return True
    return agency_id is not None and _in_agency(user, agency_id, Role.OPERATOR)


def agencies_user_manages(user, pemda_id=None):
    """Agencies whose innovator profiles and self-assessment the user may keep."""
    agencies = access.agencies_for_user(user).filter(is_active=True)
    if getattr(user, "is_superuser", False):
        return agencies
    pemdas = access.pemda_ids_with_role(user, *STEERING_ROLES)
    own = access.agency_ids_with_role(user, Role.OPERATOR)
    agencies = agencies.filter(Q(pemda_id__in=pemdas) | Q(id__in=own))
    return agencies.filter(pemda_id=pemda_id) if pemda_id else agencies


def can_self_assess(user, pemda_id, agency_id=None) -> bool:
    return can_manage_innovators(user, pemda_id, agency_id)


# ------------------------------------------------------------------ health


def health_agencies(user, pemda_id):
    """Agencies whose health the user reads: all of the Pemda for Pemda-wide roles,
    one's own agencies for operators and innovators."""
    agencies = access.agencies_for_user(user).filter(pemda_id=pemda_id, is_active=True)
    if getattr(user, "is_superuser", False) or pemda_id in _pemda_wide_ids(user):
        return agencies
    return agencies.filter(id__in=access.agency_ids_with_role(user, *AGENCY_ROLES))


def _pemda_wide_ids(user) -> set[int]:
    return access.pemda_ids_with_role(user, *PEMDA_ROLES) | access.province_member_ids(user)


def reads_whole_pemda(user, pemda_id) -> bool:
    return getattr(user, "is_superuser", False) or pemda_id in _pemda_wide_ids(user)


# ------------------------------------------------------------------ refusals (one per rule)

require = access.require


def require_raise_barrier(user, innovation) -> None:
    require(
        can_raise_barrier(user, innovation), _("You may not raise barriers on this innovation.")
    )


def require_edit_barrier(user, barrier: Barrier) -> None:
    require(can_edit_barrier(user, barrier), _("You may not change this barrier."))


def require_work_barrier(user, barrier: Barrier) -> None:
    require(can_work_barrier(user, barrier), _("Only the innovation unit works the barrier queue."))


def require_manage_risks(user, innovation) -> None:
    require(
        can_manage_risks(user, innovation),
        _("You may not keep the risk register of this innovation."),
    )


def require_manage_budget(user, innovation) -> None:
    require(
        can_manage_budget(user, innovation), _("You may not keep the budget of this innovation.")
    )


def require_approve_budget(user, pemda_id) -> None:
    require(
        can_approve_budget(user, pemda_id),
        _("You may not decide on reallocations or release tranches."),
    )


def require_manage_innovators(user, pemda_id, agency_id=None) -> None:
    require(
        can_manage_innovators(user, pemda_id, agency_id),
        _("You may not keep innovator profiles here."),
    )


def require_self_assess(user, pemda_id, agency_id=None) -> None:
    require(
        can_self_assess(user, pemda_id, agency_id), _("You may not fill in this self-assessment.")
    )
