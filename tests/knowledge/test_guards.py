"""Refusals of the knowledge services that no other test pins down, each with a test that
fails when its guard is removed (see `scripts/service_guards.py`)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inovda.innovations import services as innovation_services
from inovda.innovations.models import Innovation, Lesson
from inovda.knowledge import services
from inovda.knowledge.models import Event, LibraryDocument, Participant, Replication
from tests.innovations.factories import InnovationFactory
from tests.knowledge.factories import (
    EventFactory,
    LessonFactory,
    LibraryDocumentFactory,
    ReplicationFactory,
)

pytestmark = pytest.mark.django_db
S = Innovation.Status
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_an_event_is_not_moved_to_an_agency_one_does_not_manage(alice, agency_a, agency_b):
    event = EventFactory(organiser=agency_a)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=alice, event=event, data={"organiser": agency_b})
    event.refresh_from_db()
    assert event.organiser == agency_a


def test_an_event_is_deleted_only_by_its_managers(bob, agency_a):
    event = EventFactory(organiser=agency_a)
    with pytest.raises(PermissionDenied):
        services.event_delete(actor=bob, event=event)
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_participant_is_one_of_user_agency_or_guest(alice, agency_a):
    event = EventFactory(organiser=agency_a)
    with pytest.raises(ValidationError):
        services.participant_add(actor=alice, event=event, agency=agency_a, name="Tamu")
    with pytest.raises(ValidationError):
        services.participant_add(actor=alice, event=event)
    assert not Participant.objects.exists()


def test_an_agency_the_organiser_cannot_read_is_not_invited(alice, agency_a, other_agency):
    event = EventFactory(organiser=agency_a)
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=alice, event=event, agency=other_agency)
    assert not Participant.objects.exists()


@pytest.mark.parametrize("action", ["update", "delete"])
def test_lessons_are_changed_only_by_their_writers(bob, agency_a, action):
    lesson = LessonFactory(innovation=InnovationFactory(agency=agency_a, status=S.IMPLEMENTED))
    with pytest.raises(PermissionDenied):
        if action == "update":
            innovation_services.lesson_update(actor=bob, lesson=lesson, data={"title": "Diubah"})
        else:
            innovation_services.lesson_delete(actor=bob, lesson=lesson)
    lesson.refresh_from_db()
    assert not lesson.title.startswith("Diubah") and Lesson.objects.filter(pk=lesson.pk).exists()


def test_without_a_curator_role_a_document_names_its_agency(alice):
    with pytest.raises(PermissionDenied):
        services.library_document_create(
            actor=alice, data={"kind": "sop", "title": "SOP"}, upload=pdf()
        )
    assert not LibraryDocument.objects.exists()


@pytest.mark.parametrize("action", ["update", "move", "delete"])
def test_a_document_is_changed_only_by_its_managers(alice, bob, agency_a, agency_b, action):
    document = LibraryDocumentFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        if action == "update":
            services.library_document_update(actor=bob, document=document, data={"title": "X"})
        elif action == "move":
            services.library_document_update(
                actor=alice, document=document, data={"agency": agency_b}
            )
        else:
            services.library_document_delete(actor=bob, document=document)
    document.refresh_from_db()
    assert document.agency == agency_a and document.title != "X"


def test_the_adopting_agency_belongs_to_the_adopting_pemda(alice, agency_a, other_pemda, agency_b):
    origin = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    with pytest.raises(ValidationError):
        services.replication_create(
            actor=alice, origin=origin, adopter_pemda=other_pemda, adopter_agency=agency_b
        )
    assert not Replication.objects.exists()


def test_only_the_adopting_side_starts_a_draft_copy(alice, agency_a, other_pemda):
    origin = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    with pytest.raises(PermissionDenied):
        services.replication_create(
            actor=alice,
            origin=origin,
            adopter_pemda=other_pemda,
            adopter_unit_name="Dinkes Batu",
            make_draft=True,
        )
    assert not Replication.objects.exists()


@pytest.fixture
def replication(agency_a, agency_b):
    origin = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    return ReplicationFactory(origin=origin, adopter_agency=agency_b)


@pytest.mark.parametrize("action", ["update", "agreement", "delete"])
def test_a_replication_is_changed_only_by_its_managers(oscar, replication, action):
    with pytest.raises(PermissionDenied):
        if action == "update":
            services.replication_update(actor=oscar, replication=replication, data={"note": "X"})
        elif action == "agreement":
            services.replication_attach_agreement(
                actor=oscar, replication=replication, upload=pdf()
            )
        else:
            services.replication_delete(actor=oscar, replication=replication)
    assert Replication.objects.filter(pk=replication.pk, agreement_file="").exists()


def test_a_replication_links_a_visible_innovation_other_than_its_origin(
    bob, replication, other_agency
):
    hidden = InnovationFactory(agency=other_agency)
    with pytest.raises(PermissionDenied):
        services.replication_update(
            actor=bob, replication=replication, data={"adopted_innovation": hidden}
        )
    with pytest.raises(ValidationError):
        services.replication_update(
            actor=bob, replication=replication, data={"adopted_innovation": replication.origin}
        )
    replication.refresh_from_db()
    assert replication.adopted_innovation is None


def test_an_action_owner_changes_only_status_and_note(adam, bob, agency_a):
    event = EventFactory(organiser=agency_a)
    action = services.action_add(
        actor=adam,
        event=event,
        data={"title": "Tindak lanjut", "owner": bob, "due_date": datetime.date(2025, 11, 30)},
    )
    with pytest.raises(PermissionDenied):
        services.action_update(actor=bob, action=action, data={"title": "Diubah"})
    action.refresh_from_db()
    assert action.title == "Tindak lanjut"
