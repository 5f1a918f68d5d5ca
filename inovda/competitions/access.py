"""Who may see and run competitions.

- the Pemda admin and the innovation unit run their Pemda's competitions;
- everyone with a membership in the Pemda reads the competition and, once published,
  its results; entries are read by the runners, by the entry's own agency and by the
  reviewers assigned to them (blind where chosen);
- operators and innovators submit entries for their own agency's innovations;
- a reviewer is a user added to one competition; they score only what they are given.
Outside one's Pemda everything is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from inovda.innovations.access import roles_for
from inovda.organizations import access as org
from inovda.organizations.models import Role

from .models import Assignment, Competition, Entry

RUNNERS = (Role.PEMDA_ADMIN, Role.INNOVATION_UNIT)


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_run(user, pemda_id: int) -> bool:
    return org.has_role(user, pemda_id, *RUNNERS)


def runs_any(user) -> bool:
    return bool(org.pemda_ids_with_role(user, *RUNNERS)) or user.is_superuser


def competitions_for_user(user) -> QuerySet[Competition]:
    if not getattr(user, "is_authenticated", False):
        return Competition.objects.none()
    if user.is_superuser:
        return Competition.objects.all()
    return Competition.objects.filter(
        Q(pemda_id__in=org.readable_pemda_ids(user)) | Q(reviewers__user=user)
    ).distinct()


def competition_for_user(user, pk) -> Competition:
    return _get(competitions_for_user(user).select_related("pemda"), pk)


def entries_for_user(user) -> QuerySet[Entry]:
    if not getattr(user, "is_authenticated", False):
        return Entry.objects.none()
    if user.is_superuser:
        return Entry.objects.all()
    return Entry.objects.filter(
        Q(competition__pemda_id__in=org.pemda_ids_with_role(user, *RUNNERS))
        | Q(innovation__agency_id__in=org.agency_ids_with_role(user, Role.OPERATOR, Role.INNOVATOR))
        | Q(assignments__reviewer__user=user)
        | Q(
            competition__published_at__isnull=False,
            competition__pemda_id__in=org.readable_pemda_ids(user),
            status=Entry.Status.SUBMITTED,
        )
    ).distinct()


def entry_for_user(user, pk) -> Entry:
    return _get(
        entries_for_user(user).select_related(
            "competition__pemda", "category", "innovation__agency"
        ),
        pk,
    )


def can_enter(user, innovation) -> bool:
    """Submit an entry for this innovation (its own agency's team, or the Pemda admin)."""
    return bool(roles_for(user, innovation) & {Role.PEMDA_ADMIN, Role.OPERATOR, Role.INNOVATOR})


def can_edit_entry(user, entry: Entry) -> bool:
    return (
        entry.status == Entry.Status.DRAFT
        and entry.competition.phase in ("registration", "submission")
        and can_enter(user, entry.innovation)
    )


def assignment_for_user(user, pk) -> Assignment:
    """An assignment of the user's own (reviewers act only on what they were given)."""
    return _get(
        Assignment.objects.filter(reviewer__user=user).select_related(
            "entry__competition__pemda", "entry__innovation__agency", "reviewer"
        ),
        pk,
    )


def sees_identity(user, entry: Entry) -> bool:
    """Blind scoring hides the agency and the innovator from reviewers (not from runners)."""
    if not entry.competition.blind or can_run(user, entry.competition.pemda_id):
        return True
    return not entry.assignments.filter(reviewer__user=user).exists()
