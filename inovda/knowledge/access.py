"""Who may see and write knowledge records. Built on the foundation's helpers:

- events and library documents are shared with everyone who reads their Pemda;
  the Pemda admin and the innovation unit manage all of them, an operator those of own agency;
- lessons learned follow their innovation (visible exactly when it is); the innovation's own
  agency (operators, innovators), the Pemda admin and the innovation unit write them;
- a replication is visible with its origin innovation or to readers of the adopting Pemda;
  the origin's writers and the adopting agency (or its Pemda admin) manage it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from inovda.innovations.access import can_write_lessons, innovations_for_user
from inovda.innovations.models import Lesson
from inovda.organizations import access as org_access
from inovda.organizations.models import Agency, Role

from .models import ActionItem, Event, LibraryDocument, Replication

# Roles that curate the Pemda's knowledge (events, library, lessons) across agencies.
CURATORS = (Role.PEMDA_ADMIN, Role.INNOVATION_UNIT)


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _readable(user, field: str = "pemda_id") -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    return Q(**{f"{field}__in": org_access.readable_pemda_ids(user)})


def is_curator(user, pemda_id: int) -> bool:
    return org_access.has_role(user, pemda_id, *CURATORS)


def managed_agencies(user) -> QuerySet[Agency]:
    """Agencies for which the user may organise events and publish library documents."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.filter(is_active=True)
    curated = org_access.pemda_ids_with_role(user, *CURATORS)
    own = org_access.agency_ids_with_role(user, Role.OPERATOR)
    return Agency.objects.filter(Q(pemda_id__in=curated) | Q(id__in=own), is_active=True)


# Events ---------------------------------------------------------------------------------


def events_for_user(user) -> QuerySet[Event]:
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    return Event.objects.filter(_readable(user))


def event_for_user(user, pk) -> Event:
    return _get(events_for_user(user).select_related("pemda", "organiser"), pk)


def can_manage_event(user, event: Event) -> bool:
    return is_curator(user, event.pemda_id) or event.organiser_id in (
        org_access.agency_ids_with_role(user, Role.OPERATOR)
    )


def can_update_action(user, action: ActionItem) -> bool:
    return action.owner_id == user.pk or can_manage_event(user, action.event)


def actions_for_user(user) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(event__in=events_for_user(user))


# Lessons --------------------------------------------------------------------------------


def lessons_for_user(user) -> QuerySet[Lesson]:
    return Lesson.objects.filter(innovation__in=innovations_for_user(user).values("pk"))


def lesson_for_user(user, pk) -> Lesson:
    return _get(lessons_for_user(user).select_related("innovation__agency"), pk)


def can_write_about(user, innovation) -> bool:
    """Lessons and replications of an innovation: its agency, the Pemda's curators (the
    rule of the lessons' owner, `innovations.access.can_write_lessons`)."""
    return can_write_lessons(user, innovation)


# Library --------------------------------------------------------------------------------


def library_for_user(user) -> QuerySet[LibraryDocument]:
    if not getattr(user, "is_authenticated", False):
        return LibraryDocument.objects.none()
    return LibraryDocument.objects.filter(_readable(user))


def library_document_for_user(user, pk) -> LibraryDocument:
    return _get(library_for_user(user).select_related("pemda", "agency"), pk)


def can_manage_document(user, document: LibraryDocument) -> bool:
    return is_curator(user, document.pemda_id) or document.agency_id in (
        org_access.agency_ids_with_role(user, Role.OPERATOR)
    )


def can_publish(user) -> bool:
    return managed_agencies(user).exists()


# Replications ---------------------------------------------------------------------------


def replications_for_user(user) -> QuerySet[Replication]:
    if not getattr(user, "is_authenticated", False):
        return Replication.objects.none()
    if user.is_superuser:
        return Replication.objects.all()
    return Replication.objects.filter(
        Q(origin__in=innovations_for_user(user).values("pk")) | _readable(user, "adopter_pemda_id")
    )


def replication_for_user(user, pk) -> Replication:
    return _get(
        replications_for_user(user).select_related(
            "origin__pemda", "origin__agency", "adopter_pemda", "adopter_agency"
        ),
        pk,
    )


def can_manage_replication(user, replication: Replication) -> bool:
    if can_write_about(user, replication.origin):
        return True
    if org_access.has_role(user, replication.adopter_pemda_id, *CURATORS):
        return True
    return bool(
        replication.adopter_agency_id
        and org_access.agencies_user_can_create_for(user)
        .filter(pk=replication.adopter_agency_id)
        .exists()
    )
