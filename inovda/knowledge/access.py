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
from django.utils.translation import gettext as _

from inovda.innovations.access import can_write_lessons, innovations_for_user
from inovda.innovations.models import Innovation, Lesson
from inovda.organizations import access as org_access
from inovda.organizations.models import STEERING_ROLES, Agency, Role

from .models import ActionItem, Event, LibraryDocument, Replication


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _readable(user, field: str = "pemda_id") -> Q:
    if getattr(user, "is_superuser", False):
        return Q(pk__isnull=False)  # everything; an empty Q() would vanish inside an OR
    return Q(**{f"{field}__in": org_access.readable_pemda_ids(user)})


def is_curator(user, pemda_id: int) -> bool:
    return org_access.has_role(user, pemda_id, *STEERING_ROLES)


def managed_agencies(user) -> QuerySet[Agency]:
    """Agencies for which the user may organise events and publish library documents."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.filter(is_active=True)
    curated = org_access.pemda_ids_with_role(user, *STEERING_ROLES)
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
    # The adopting side sees the record only once the origin is no longer a draft: a
    # draft's name never reaches another agency or another Pemda through its replication.
    adopter_side = _readable(user, "adopter_pemda_id") & ~Q(origin__status=Innovation.Status.DRAFT)
    return Replication.objects.filter(
        Q(origin__in=innovations_for_user(user).values("pk")) | adopter_side
    )


def replication_for_user(user, pk) -> Replication:
    return _get(
        replications_for_user(user).select_related(
            "origin__pemda", "origin__agency", "adopter_pemda", "adopter_agency"
        ),
        pk,
    )


def can_manage_replication(user, replication: Replication) -> bool:
    return can_write_about(user, replication.origin) or is_adopter_side(user, replication)


def is_adopter_side(user, replication: Replication) -> bool:
    """The adopting Pemda's curators or the adopting agency: they link the adopter's
    innovation; the origin's side does not touch it."""
    if getattr(user, "is_superuser", False):
        return True
    if org_access.has_role(user, replication.adopter_pemda_id, *STEERING_ROLES):
        return True
    return bool(
        replication.adopter_agency_id
        and org_access.agencies_user_can_create_for(user)
        .filter(pk=replication.adopter_agency_id)
        .exists()
    )


# One refusal per rule: views and services call these ----------------------------------


def require_manage_event(user, event: Event) -> None:
    org_access.require(can_manage_event(user, event), _("You may not change this event."))


def require_write_about(user, innovation) -> None:
    org_access.require(
        can_write_about(user, innovation), _("You may not write lessons about this innovation.")
    )


def require_publish_for(user, agency: Agency, pemda_id: int | None = None) -> None:
    """Publish a library document for `agency` (within `pemda_id` when moving one)."""
    allowed = managed_agencies(user).filter(pk=agency.pk)
    if pemda_id is not None:
        allowed = allowed.filter(pemda=pemda_id)
    org_access.require(allowed.exists(), _("You may not publish for this agency."))


def require_visible_innovation(user, innovation) -> None:
    """Link an innovation (to an action item or a replication) only when one can read it."""
    visible = innovations_for_user(user).filter(pk=innovation.pk).exists()
    org_access.require(visible, _("You may not link this innovation."))


def require_manage_document(user, document: LibraryDocument) -> None:
    org_access.require(can_manage_document(user, document), _("You may not change this document."))


def require_manage_replication(user, replication: Replication) -> None:
    org_access.require(
        can_manage_replication(user, replication), _("You may not change this replication.")
    )


def thesaurus_pemda_id(user) -> int | None:
    """The Pemda whose search synonyms `user` manages: the home Pemda, for its admin."""
    pemda_id = org_access.home_pemda_id(user)
    if pemda_id and org_access.has_role(user, pemda_id, Role.PEMDA_ADMIN):
        return pemda_id
    return None


def require_manage_thesaurus(user, pemda_id: int | None = None) -> int:
    """The Pemda admin manages the Pemda's own search synonyms (not the national ones)."""
    own = thesaurus_pemda_id(user)
    allowed = own is not None and (pemda_id is None or pemda_id == own)
    org_access.require(allowed, _("Only the Pemda admin manages the Pemda's search synonyms."))
    return own
