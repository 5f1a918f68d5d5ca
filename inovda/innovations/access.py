"""Innovation access rules, on the object and on every list queryset.

- operators and innovators: everything of their own agency (drafts included) and the
  non-draft innovations of the other agencies of their Pemda; they edit their own agency's
  innovations while those are drafts or returned for revision;
- Pemda admin (Bapperida/BRIDA): everything of the Pemda, edits all of it;
- verifier, change agent, innovation unit, leadership: every non-draft innovation of the
  Pemda (and, at a province, of its kabupaten/kota), read-only here;
- nobody sees another Pemda's records unless a membership grants it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from inovda.organizations import access
from inovda.organizations.models import AGENCY_ROLES, STEERING_ROLES, Role

from .models import Innovation

require = access.require

EDITABLE_BY_AGENCY = frozenset({Innovation.Status.DRAFT, Innovation.Status.NEEDS_REVISION})


def visibility_q(user, prefix: str = "") -> Q:
    """The filter that limits any innovation queryset to what `user` may read. With
    `prefix="innovation__"` it filters rows about an innovation through their join, which
    the database resolves row by row instead of building the set of every visible
    innovation first (the cost of that set grows with the Pemda)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(**{f"{prefix}pk__isnull": False})  # an empty Q() would vanish inside an OR
    whole = access.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    q = Q(**{f"{prefix}pemda_id__in": whole})
    q |= Q(**{f"{prefix}agency_id__in": access.agency_ids_with_role(user, *AGENCY_ROLES)})
    published = access.readable_pemda_ids(user) - whole  # an admin's Pemda is covered above
    if published:
        q |= Q(**{f"{prefix}pemda_id__in": published}) & ~Q(
            **{f"{prefix}status": Innovation.Status.DRAFT}
        )
    return q


def innovations_for_user(user) -> QuerySet[Innovation]:
    return Innovation.objects.filter(visibility_q(user))


def innovation_bound(user) -> Q:
    """Rows about an innovation (an `innovation` foreign key): visible exactly when the
    innovation is. Search-index rows of innovations, lessons and barriers share it."""
    return Q(innovation__in=innovations_for_user(user).values("pk"))


def innovation_for_user(user, pk) -> Innovation:
    """The innovation if `user` may read it; a 404 otherwise (never a leak)."""
    try:
        return (
            innovations_for_user(user).select_related("pemda", "agency", "main_affair").get(pk=pk)
        )
    except (Innovation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_edit(user, innovation: Innovation) -> bool:
    if access.has_role(user, innovation.pemda_id, Role.PEMDA_ADMIN):
        return True
    return (
        innovation.agency_id in access.agency_ids_with_role(user, *AGENCY_ROLES)
        and innovation.status in EDITABLE_BY_AGENCY
    )


def can_delete(user, innovation: Innovation) -> bool:
    """Only drafts are deleted; anything submitted stays on record."""
    return innovation.status == Innovation.Status.DRAFT and can_edit(user, innovation)


def can_create(user) -> bool:
    return access.agencies_user_can_create_for(user).exists()


def roles_for(user, innovation: Innovation) -> set[str]:
    """The roles `user` holds for this innovation: Pemda roles in its Pemda, agency roles
    in its agency (an operator of another agency holds none here)."""
    if getattr(user, "is_superuser", False):
        return set(Role)
    held = {
        r for r in Role if r not in AGENCY_ROLES and access.has_role(user, innovation.pemda_id, r)
    }
    own = {r for r in AGENCY_ROLES if innovation.agency_id in access.agency_ids_with_role(user, r)}
    return held | own


def can_report(user, innovation: Innovation) -> bool:
    """Write progress reports, KPIs, sponsor confirmations and answers to reviews."""
    return bool(roles_for(user, innovation) & {Role.PEMDA_ADMIN, Role.OPERATOR, Role.INNOVATOR})


def can_steer(user, innovation: Innovation) -> bool:
    """Override health, assign change agents, run feasibility reviews."""
    return bool(roles_for(user, innovation) & STEERING_ROLES)


def can_write_lessons(user, innovation: Innovation) -> bool:
    """Lessons learned (and replications): the innovation's own agency, the Pemda admin
    and the innovation unit."""
    writers = {Role.PEMDA_ADMIN, Role.INNOVATION_UNIT, *AGENCY_ROLES}
    return bool(roles_for(user, innovation) & writers)


def can_plan_revival(user, innovation: Innovation) -> bool:
    return bool(roles_for(user, innovation) & (STEERING_ROLES | {Role.OPERATOR}))


def is_assigned_agent(user, innovation: Innovation) -> bool:
    return innovation.agent_assignments.filter(agent_id=user.pk, ended_at=None).exists()


def role_names(roles) -> str:
    return ", ".join(str(Role(r).label) for r in sorted(roles))


# One refusal per rule: views, services and the API call these; each says why once.


def require_create(user) -> None:
    require(can_create(user), _("Your role does not register innovations."))


def require_create_for(user, agency) -> None:
    allowed = access.agencies_user_can_create_for(user).filter(pk=agency.pk).exists()
    require(allowed, _("You may not register innovations for this agency."))


def require_edit(user, innovation: Innovation) -> None:
    require(can_edit(user, innovation), _("You may not change this innovation."))


def require_delete(user, innovation: Innovation) -> None:
    require(can_delete(user, innovation), _("Only drafts can be deleted, by their own agency."))


def require_report(user, innovation: Innovation) -> None:
    require(
        can_report(user, innovation), _("Only the agency's team or the Pemda admin may do this.")
    )


def require_steer(user, innovation: Innovation) -> None:
    require(
        can_steer(user, innovation), _("Only the Pemda admin or the innovation unit may do this.")
    )


def require_plan_revival(user, innovation: Innovation) -> None:
    require(
        can_plan_revival(user, innovation),
        _("Only the Pemda admin, the innovation unit or the agency's operator plan a revival."),
    )


def require_assigned_agent(user, innovation: Innovation) -> None:
    require(
        is_assigned_agent(user, innovation),
        _("Only a change agent assigned to this innovation reviews it."),
    )


def require_write_lessons(user, innovation: Innovation) -> None:
    require(
        can_write_lessons(user, innovation), _("You may not write lessons about this innovation.")
    )


def require_step(user, innovation: Innovation, transition) -> None:
    """A lifecycle step is refused to anyone without one of the roles on its row."""
    require(
        bool(roles_for(user, innovation) & transition.roles),
        _("Only %(roles)s may do “%(step)s” for this innovation.")
        % {"roles": role_names(transition.roles), "step": transition.label},
    )
