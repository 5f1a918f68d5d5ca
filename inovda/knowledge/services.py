"""Writes of the knowledge app. Each service checks access, changes the data, keeps the
search index current and records its audit event, all in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from inovda.core import audit, files, formats
from inovda.core.notifications import notify
from inovda.core.versioning import check_version
from inovda.innovations import evidence
from inovda.innovations import services as innovation_services
from inovda.innovations.access import innovations_for_user
from inovda.innovations.models import DESIGN_FIELDS, Innovation
from inovda.organizations import access as org_access
from inovda.organizations.models import STEERING_ROLES, Agency, LocalGovernment

from . import access
from .indexing import index_object, unindex
from .models import (
    ActionItem,
    Event,
    EventDocument,
    LibraryDocument,
    LibraryTag,
    LibraryVersion,
    Participant,
    Replication,
    SearchSynonym,
    Speaker,
    split_terms,
)

EVENT_FIELDS = [
    "kind",
    "title",
    "date",
    "end_date",
    "place",
    "online_link",
    "agenda",
    "minutes",
]
ACTION_FIELDS = ["title", "owner", "owner_agency", "due_date", "status", "innovation", "note"]
LIBRARY_FIELDS = ["kind", "title", "summary", "year", "affair", "agency", "themes"]
REPLICATION_FIELDS = [
    "adaptation",
    "adaptation_note",
    "agreement_kind",
    "agreement_number",
    "agreement_date",
    "status",
    "adopted_innovation",
]


# Events ---------------------------------------------------------------------------------


def _require_event_manager(actor, event: Event) -> None:
    access.require_manage_event(actor, event)


@transaction.atomic
def event_create(*, actor, organiser: Agency, data: dict[str, Any]) -> Event:
    if not access.managed_agencies(actor).filter(pk=organiser.pk).exists():
        raise PermissionDenied(_("You may not organise events for this agency."))
    event = Event(pemda_id=organiser.pemda_id, organiser=organiser, created_by=actor)
    data = {key: value for key, value in data.items() if key != "version"}  # a new record
    audit.model_update(instance=event, fields=EVENT_FIELDS, data=data, actor=actor, verb="created")
    index_object(event)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict[str, Any]) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_event_manager(actor, event)
    data = dict(data)
    check_version(event, data.pop("version", None))
    organiser = data.pop("organiser", None)
    if organiser is not None and organiser.pk != event.organiser_id:
        allowed = access.managed_agencies(actor).filter(pk=organiser.pk, pemda=event.pemda_id)
        if not allowed.exists():
            raise PermissionDenied(_("You may not move this event to that agency."))
        data["organiser"] = organiser
    audit.model_update(
        instance=event, fields=[*EVENT_FIELDS, "organiser"], data=data, actor=actor, verb="updated"
    )
    index_object(event)
    return event


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    _require_event_manager(actor, event)
    audit.record(actor=actor, verb="deleted", subject=event)
    for document in event.documents.all():
        files.discard(document.file)
    unindex(event)
    event.delete()


def _event_changed(actor, event: Event, verb: str, target: str, message: str = "") -> None:
    """Record a change inside the event and refresh its search row."""
    audit.record(actor=actor, verb=verb, subject=event, target=target, message=message)
    index_object(event)


@transaction.atomic
def speaker_add(*, actor, event: Event, name: str, affiliation: str = "", topic: str = ""):
    _require_event_manager(actor, event)
    speaker = Speaker(event=event, name=name, affiliation=affiliation, topic=topic)
    speaker.full_clean()
    speaker.save()
    _event_changed(actor, event, "speaker_added", speaker.name, topic)
    return speaker


@transaction.atomic
def speaker_remove(*, actor, speaker: Speaker) -> None:
    event = speaker.event
    _require_event_manager(actor, event)
    speaker.delete()
    _event_changed(actor, event, "speaker_removed", speaker.name)


@transaction.atomic
def participant_add(
    *,
    actor,
    event: Event,
    user=None,
    agency: Agency | None = None,
    name: str = "",
    attended: bool = False,
) -> Participant:
    _require_event_manager(actor, event)
    if sum(bool(x) for x in (user, agency, name.strip())) != 1:
        raise ValidationError(_("Choose one: a user, an agency or a guest's name."))
    if agency is not None and agency.pemda_id not in org_access.readable_pemda_ids(actor) | {
        event.pemda_id
    }:
        raise PermissionDenied(_("You may not invite this agency."))
    participant = Participant(
        event=event, user=user, agency=agency, name=name.strip(), attended=attended
    )
    participant.full_clean()
    participant.save()
    audit.record(actor=actor, verb="participant_added", subject=event, target=str(participant))
    return participant


@transaction.atomic
def participant_set_attendance(*, actor, participant: Participant, attended: bool) -> Participant:
    _require_event_manager(actor, participant.event)
    if participant.attended != attended:
        participant.attended = attended
        participant.save(update_fields=["attended"])
        audit.record(
            actor=actor,
            verb="attendance_changed",
            subject=participant.event,
            target=str(participant),
            changes={"attended": {"before": not attended, "after": attended}},
        )
    return participant


@transaction.atomic
def participant_remove(*, actor, participant: Participant) -> None:
    _require_event_manager(actor, participant.event)
    audit.record(
        actor=actor,
        verb="participant_removed",
        subject=participant.event,
        target=str(participant),
    )
    participant.delete()


def _check_action_links(actor, data: dict[str, Any]) -> None:
    innovation = data.get("innovation")
    if innovation is not None:
        access.require_visible_innovation(actor, innovation)


@transaction.atomic
def action_add(*, actor, event: Event, data: dict[str, Any]) -> ActionItem:
    _require_event_manager(actor, event)
    _check_action_links(actor, data)
    action = ActionItem(event=event)
    audit.model_update(instance=action, fields=ACTION_FIELDS, data=data)
    message = (
        _("due %(date)s") % {"date": formats.long_date(action.due_date)} if action.due_date else ""
    )
    _event_changed(actor, event, "action_added", action.title, message)
    _tell_owner(actor, action)
    return action


def _tell_owner(actor, action: ActionItem) -> None:
    """The owner of a follow-up action hears that it is theirs (not when they took it)."""
    from django.urls import reverse

    if action.owner_id is None:
        return
    if action.due_date:
        message = _("You own the follow-up action “%(title)s” of %(event)s, due %(date)s.")
    else:
        message = _("You own the follow-up action “%(title)s” of %(event)s.")
    notify(
        recipients=[action.owner],
        verb="action_assigned",
        message=message
        % {
            "title": action.title,
            "event": action.event,
            "date": formats.long_date(action.due_date),
        },
        link=reverse("knowledge:action_list") + "?only=mine",
        skip=actor,
    )


def action_overdue_reminders_send(today=None) -> int:
    """Tell each owner once that their open follow-up action is past its due date (the
    notification's key makes a second run the same day, or the next, a no-op)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone, translation

    from .selectors import overdue_q

    today = today or timezone.localdate()
    sent = 0
    link = reverse("knowledge:action_list") + "?only=mine"
    with translation.override(settings.LANGUAGE_CODE):
        overdue = ActionItem.objects.filter(overdue_q(today), owner__isnull=False)
        for action in overdue.select_related("owner", "event"):
            with transaction.atomic():
                sent += len(
                    notify(
                        recipients=[action.owner],
                        verb="action_overdue",
                        message=_(
                            "The follow-up action “%(title)s” of %(event)s is overdue since "
                            "%(date)s."
                        )
                        % {
                            "title": action.title,
                            "event": action.event,
                            "date": formats.long_date(action.due_date),
                        },
                        link=link,
                        key=f"action_overdue:{action.pk}:{action.due_date.isoformat()}",
                    )
                )
    return sent


@transaction.atomic
def action_update(*, actor, action: ActionItem, data: dict[str, Any]) -> ActionItem:
    action = ActionItem.objects.select_for_update().select_related("event").get(pk=action.pk)
    owner_before = action.owner_id
    if not access.can_update_action(actor, action):
        raise PermissionDenied(_("You may not change this action item."))
    if not access.can_manage_event(actor, action.event) and set(data) - {"status", "note"}:
        raise PermissionDenied(_("As its owner you may change only the status and the note."))
    _check_action_links(actor, data)
    changes = audit.model_update(
        instance=action,
        fields=ACTION_FIELDS,
        data=data,
        actor=actor,
        verb="action_updated",
        subject=action.event,
        target=data.get("title", action.title),
    )
    if changes:
        index_object(action.event)
    if action.owner_id != owner_before:
        _tell_owner(actor, action)
    return action


@transaction.atomic
def action_remove(*, actor, action: ActionItem) -> None:
    event = action.event
    _require_event_manager(actor, event)
    action.delete()
    _event_changed(actor, event, "action_removed", action.title)


@transaction.atomic
def event_document_add(*, actor, event: Event, upload, description: str = "") -> EventDocument:
    _require_event_manager(actor, event)
    document = EventDocument(event=event, description=description, uploaded_by=actor)
    kind = files.store(document, upload=upload, prefix="knowledge/events")
    document.save()
    audit.record(
        actor=actor,
        verb="document_added",
        subject=event,
        target=document.original_name,
        message=f"{kind.label}, {upload.size} B",
    )
    return document


@transaction.atomic
def event_document_remove(*, actor, document: EventDocument) -> None:
    _require_event_manager(actor, document.event)
    audit.record(
        actor=actor, verb="document_removed", subject=document.event, target=document.original_name
    )
    files.discard(document.file)
    document.delete()


# Library --------------------------------------------------------------------------------


def _tags(names: list[str]) -> list[LibraryTag]:
    return [LibraryTag.objects.get_or_create(name=name.strip()[:60])[0] for name in names if name]


def _library_pemda(actor, agency: Agency | None) -> LocalGovernment:
    if agency is not None:
        return agency.pemda
    curated = sorted(org_access.pemda_ids_with_role(actor, *STEERING_ROLES))
    if not curated:
        raise PermissionDenied(_("Choose the publishing agency."))
    return LocalGovernment.objects.get(pk=curated[0])


@transaction.atomic
def library_document_create(
    *, actor, data: dict[str, Any], upload, tags: list[str] = (), note: str = ""
) -> LibraryDocument:
    agency = data.get("agency")
    pemda = _library_pemda(actor, agency)
    if agency is not None:
        access.require_publish_for(actor, agency)
    document = LibraryDocument(pemda=pemda, created_by=actor)
    audit.model_update(
        instance=document, fields=LIBRARY_FIELDS, data=data, actor=actor, verb="created"
    )
    document.tags.set(_tags(list(tags)))
    version = LibraryVersion(document=document, number=1, note=note, uploaded_by=actor)
    files.store(version, upload=upload, prefix="knowledge/library")
    version.save()
    index_object(document)
    return document


@transaction.atomic
def library_document_update(
    *, actor, document: LibraryDocument, data: dict[str, Any], tags: list[str] | None = None
) -> LibraryDocument:
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    access.require_manage_document(actor, document)
    agency = data.get("agency")
    if agency is not None and agency.pk != document.agency_id:
        access.require_publish_for(actor, agency, document.pemda_id)
    if tags is not None:
        document.tags.set(_tags(tags))
    audit.model_update(
        instance=document, fields=LIBRARY_FIELDS, data=data, actor=actor, verb="updated"
    )
    index_object(document)
    return document


@transaction.atomic
def library_version_add(
    *, actor, document: LibraryDocument, upload, note: str = ""
) -> LibraryVersion:
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    access.require_manage_document(actor, document)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = LibraryVersion(document=document, number=number, note=note, uploaded_by=actor)
    files.store(version, upload=upload, prefix="knowledge/library")
    version.save()
    document.save(update_fields=["updated_at"])
    audit.record(
        actor=actor,
        verb="version_added",
        subject=document,
        target=f"v{number} · {version.original_name}",
        message=note,
    )
    index_object(document)
    return version


@transaction.atomic
def library_document_delete(*, actor, document: LibraryDocument) -> None:
    access.require_manage_document(actor, document)
    audit.record(actor=actor, verb="deleted", subject=document)
    for version in document.versions.all():
        files.discard(version.file)
    unindex(document)
    document.delete()


# Replication ----------------------------------------------------------------------------


def _draft_copy(*, actor, origin: Innovation, agency: Agency) -> Innovation:
    """A draft in the adopting agency, prefilled from the origin (the foundation's service)."""
    fields = ["form", "kind", "main_affair", "goals", "benefits", *DESIGN_FIELDS]
    data = {name: getattr(origin, name) for name in fields}
    origin_note = _("Replicated from: %(origin)s (%(pemda)s).") % {
        "origin": origin.name,
        "pemda": origin.pemda.name,
    }
    data.update(
        name=(_("%(name)s (replication)") % {"name": origin.name})[:255],
        initiator_kind=Innovation.InitiatorKind.AGENCY,
        initiator_name=agency.name,
        themes=list(origin.themes.all()),
        design_legal_basis="\n".join(filter(None, [origin.design_legal_basis, origin_note])),
    )
    return innovation_services.innovation_create(actor=actor, agency=agency, data=data)


@transaction.atomic
def replication_create(
    *,
    actor,
    origin: Innovation,
    adopter_pemda: LocalGovernment,
    adopter_agency: Agency | None = None,
    adopter_unit_name: str = "",
    data: dict[str, Any] | None = None,
    make_draft: bool = False,
) -> Replication:
    """Start a replication of `origin`: by the adopting agency ("replicate this") or, for an
    adopter outside this system, by the origin's own agency or curators."""
    if not innovations_for_user(actor).filter(pk=origin.pk).exists():
        raise PermissionDenied(_("You may not replicate this innovation."))
    if adopter_agency is not None and adopter_agency.pemda_id != adopter_pemda.pk:
        raise ValidationError(_("The adopting agency belongs to another Pemda."))
    adopter_side = (
        adopter_agency is not None
        and org_access.agencies_user_can_create_for(actor).filter(pk=adopter_agency.pk).exists()
    )
    if not adopter_side and not access.can_write_about(actor, origin):
        raise PermissionDenied(_("You may record replications only for your own agency."))
    if adopter_agency is not None and adopter_agency.pk == origin.agency_id:
        raise ValidationError(_("An innovation is not replicated into its own agency."))
    gate = "scale_up" if adopter_pemda.pk == origin.pemda_id else "replication_other_pemda"
    refusal = evidence.gate_problem(origin, gate)
    if refusal:
        raise ValidationError(refusal)
    replication = Replication(
        origin=origin,
        adopter_pemda=adopter_pemda,
        adopter_agency=adopter_agency,
        adopter_unit_name=adopter_unit_name,
        created_by=actor,
    )
    data = dict(data or {})
    if make_draft:
        if not adopter_side:
            raise PermissionDenied(_("Only the adopting agency can start a draft copy."))
        data["adopted_innovation"] = _draft_copy(actor=actor, origin=origin, agency=adopter_agency)
    audit.model_update(
        instance=replication,
        fields=REPLICATION_FIELDS,
        data=data,
        actor=actor,
        verb="created",
        pemda=origin.pemda,
    )
    return replication


@transaction.atomic
def replication_update(*, actor, replication: Replication, data: dict[str, Any]) -> Replication:
    replication = Replication.objects.select_for_update().get(pk=replication.pk)
    access.require_manage_replication(actor, replication)
    adopted = data.get("adopted_innovation")
    changes_link = "adopted_innovation" in data and (
        (adopted.pk if adopted else None) != replication.adopted_innovation_id
    )
    if changes_link and not access.is_adopter_side(actor, replication):
        raise PermissionDenied(_("Only the adopting side links its innovation."))
    if adopted is not None and adopted.pk != replication.adopted_innovation_id:
        access.require_visible_innovation(actor, adopted)
        if adopted.pk == replication.origin_id:
            raise ValidationError(_("An innovation cannot replicate itself."))
    audit.model_update(
        instance=replication,
        fields=REPLICATION_FIELDS,
        data=data,
        actor=actor,
        verb="updated",
        pemda=replication.origin.pemda,
    )
    if replication.status == Replication.Status.IMPLEMENTED:
        _propose_replicated(replication)
    return replication


def _propose_replicated(replication: Replication) -> None:
    """An adopter that implemented it is an independent replication: level 4 proposed on
    the origin (a person confirms it)."""
    innovation_services.evidence_propose(
        innovation=replication.origin,
        level=4,
        kind="replication",
        description=_("Implemented by %(adopter)s (replication #%(id)d).")
        % {"adopter": replication.adopter_label, "id": replication.pk},
    )


@transaction.atomic
def replication_attach_agreement(*, actor, replication: Replication, upload) -> Replication:
    access.require_manage_replication(actor, replication)
    files.discard(replication.agreement_file)
    files.store(
        replication,
        "agreement_file",
        upload=upload,
        prefix="knowledge/agreements",
        attrs={"original_name": "agreement_file_name", "content_type": "agreement_content_type"},
    )
    replication.save()
    audit.record(
        actor=actor,
        verb="document_added",
        subject=replication,
        target=replication.agreement_file_name,
        pemda=replication.origin.pemda,
    )
    return replication


@transaction.atomic
def replication_delete(*, actor, replication: Replication) -> None:
    access.require_manage_replication(actor, replication)
    audit.record(actor=actor, verb="deleted", subject=replication, pemda=replication.origin.pemda)
    files.discard(replication.agreement_file)
    replication.delete()


# Search thesaurus ------------------------------------------------------------------------


@transaction.atomic
def synonym_add(*, actor, terms: str, note: str = "") -> SearchSynonym:
    """A Pemda's own group of words with the same meaning (at least two)."""
    pemda_id = access.require_manage_thesaurus(actor)
    phrases = split_terms(terms)
    if len(phrases) < 2:
        raise ValidationError(
            _("Write at least two words or phrases with the same meaning, separated by commas.")
        )
    joined = ", ".join(phrases)
    if len(joined) > 500:
        raise ValidationError(_("The synonyms are too long (at most 500 characters)."))
    if SearchSynonym.objects.filter(pemda_id=pemda_id, terms__iexact=joined).exists():
        raise ValidationError(_("This group of synonyms already exists."))
    synonym = SearchSynonym.objects.create(
        pemda_id=pemda_id, terms=joined, note=note.strip()[:200], created_by=actor
    )
    audit.record(actor=actor, verb="synonym_added", subject=synonym, target=joined)
    return synonym


@transaction.atomic
def synonym_remove(*, actor, synonym: SearchSynonym) -> None:
    access.require_manage_thesaurus(actor, synonym.pemda_id or -1)
    audit.record(actor=actor, verb="synonym_removed", subject=synonym, target=synonym.terms)
    synonym.delete()
