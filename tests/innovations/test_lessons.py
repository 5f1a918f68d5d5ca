"""Lessons learned: one model owned by innovations, written by its services (the knowledge
form and the discontinue step), read by the knowledge panel, the watchlist and F4."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inovda.core.models import AuditEvent
from inovda.ecosystem import factors
from inovda.innovations import selectors, services
from inovda.innovations.models import Innovation, Lesson
from inovda.knowledge.models import SearchDocument
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("alice", True),
        ("ivan", True),
        ("adam", True),
        ("una", True),
        ("bob", False),
        ("vera", False),
        ("lina", False),
    ],
)
def test_who_may_write_a_lesson(cast, agency_a, who, allowed):
    innovation = InnovationFactory(agency=agency_a, status=S.DISCONTINUED)
    data = {"title": "Mengapa berhenti", "lessons": "Anggaran tidak berlanjut."}
    if allowed:
        lesson = services.lesson_create(actor=cast[who], innovation=innovation, data=data)
        assert (
            AuditEvent.objects.get(subject_id=lesson.pk, verb="created").pemda == innovation.pemda
        )
    else:
        with pytest.raises(PermissionDenied):
            services.lesson_create(actor=cast[who], innovation=innovation, data=data)


def test_discontinued_innovation_requires_a_lesson(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, status=S.DISCONTINUED)
    running = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    assert selectors.lesson_missing(innovation)
    assert not selectors.lesson_missing(running)
    services.lesson_create(actor=alice, innovation=innovation, data={"title": "T", "lessons": "L"})
    assert not selectors.lesson_missing(innovation)


def test_lesson_requires_its_lessons(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    with pytest.raises(ValidationError):
        services.lesson_create(actor=alice, innovation=innovation, data={"title": "T"})


CLOSURE = {
    "reason": "Aplikasi tidak didukung lagi",
    "results": "12.000 warga terlayani",
    "challenges_and_failures": "Server tidak dipelihara",
    "conditions_for_success": "Anggaran pemeliharaan tahunan",
    "lessons": "Rencanakan pemeliharaan Zzqclosure sejak awal",
}


def test_a_closure_with_lessons_leaves_no_lesson_missing_anywhere(
    client, alice, adam, agency_a, django_capture_on_commit_callbacks
):
    innovation = InnovationFactory(
        agency=agency_a,
        status=S.IMPLEMENTED,
        stage=Innovation.Stage.IMPLEMENTATION,
        year=datetime.date.today().year - 1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_transition(
            actor=alice, innovation=innovation, name="discontinue", data=CLOSURE
        )
    innovation.refresh_from_db()
    lesson = innovation.lessons.get()
    assert lesson.occasion == Lesson.Occasion.DISCONTINUATION
    assert AuditEvent.objects.filter(verb="created", subject_id=lesson.pk).exists()
    assert not selectors.lesson_missing(innovation)

    client.force_login(alice)
    client.cookies["django_language"] = "en"
    page = client.get(innovation.get_absolute_url()).content.decode()
    assert 'id="lessons"' in page and lesson.title in page  # the knowledge panel lists it
    assert "a lesson learned is required" not in page
    assert "No-blame closure: lessons" in page  # the lifecycle card shows the same lesson
    watchlist = client.get(reverse("innovations:watchlist")).content.decode()
    assert innovation.name in watchlist and "closed, lessons recorded" in watchlist

    # the search index holds it (written by the knowledge app through the hook)
    assert SearchDocument.objects.filter(doc_type="lesson", object_id=lesson.pk).exists()
    search = client.get(reverse("knowledge:search"), {"q": "Zzqclosure"}).content.decode()
    assert reverse("knowledge:lesson_detail", args=[lesson.pk]) in search

    # F4 reads the same table: once the innovation runs again, its closure lesson counts
    services.innovation_transition(
        actor=adam, innovation=innovation, name="resume", data={"reason": "Dilanjutkan"}
    )
    year = datetime.date.today().year
    assert factors.lessons_recorded(innovation.pemda_id, year) == {agency_a.pk: 1}


def test_a_deleted_lesson_leaves_the_index(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, status=S.DISCONTINUED)
    lesson = services.lesson_create(
        actor=alice, innovation=innovation, data={"title": "T", "lessons": "L"}
    )
    assert SearchDocument.objects.filter(doc_type="lesson", object_id=lesson.pk).exists()
    services.lesson_delete(actor=alice, lesson=lesson)
    assert not SearchDocument.objects.filter(doc_type="lesson", object_id=lesson.pk).exists()
