import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inovda.core.models import AuditEvent
from inovda.innovations import rules, services
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory, TagFactory
from tests.organizations.factories import GovernmentAffairFactory

pytestmark = pytest.mark.django_db


def test_create_records_the_event_with_what_was_set(alice, agency_a):
    theme = TagFactory(code="penanggulangan-kemiskinan", name="Penanggulangan kemiskinan")
    innovation = services.innovation_create(
        actor=alice,
        agency=agency_a,
        data={"name": "Lapor Sampah", "design_problem": "satu dua tiga", "themes": [theme]},
    )
    assert innovation.pemda == agency_a.pemda
    assert innovation.status == Innovation.Status.DRAFT
    assert innovation.design_word_count == 3
    event = AuditEvent.objects.get(subject_id=innovation.pk, verb="created")
    assert event.actor == alice
    assert event.changes["name"] == {"before": None, "after": "Lapor Sampah"}
    assert event.changes["themes"]["after"] == ["Penanggulangan kemiskinan"]


def test_operator_cannot_create_for_another_agency(alice, agency_b):
    with pytest.raises(PermissionDenied):
        services.innovation_create(actor=alice, agency=agency_b, data={"name": "X"})
    assert not Innovation.objects.exists()


def test_update_records_before_and_after(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, name="Lama")
    services.innovation_update(actor=alice, innovation=innovation, data={"name": "Baru"})
    event = AuditEvent.objects.get(subject_id=innovation.pk, verb="updated")
    assert event.changes == {"name": {"before": "Lama", "after": "Baru"}}


def test_update_without_change_writes_no_event(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, name="Sama")
    services.innovation_update(actor=alice, innovation=innovation, data={"name": "Sama"})
    assert not AuditEvent.objects.filter(verb="updated").exists()


def test_operator_cannot_move_innovation_to_another_agency(alice, agency_a, agency_b):
    innovation = InnovationFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        services.innovation_update(actor=alice, innovation=innovation, data={"agency": agency_b})


def test_other_agency_cannot_update(bob, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        services.innovation_update(actor=bob, innovation=innovation, data={"name": "Y"})


def test_submit_refuses_short_design_and_says_why(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, design_problem="terlalu pendek")
    with pytest.raises(ValidationError) as excinfo:
        services.innovation_submit(actor=alice, innovation=innovation)
    assert any("300" in message for message in excinfo.value.messages)
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.DRAFT
    assert innovation.design_problem == "terlalu pendek"


def test_submit_lists_every_missing_field(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    problems = rules.submission_problems(innovation)
    assert len(problems) == len(rules.REQUIRED_FOR_SUBMISSION) - 2 + 1  # name, stage set


def test_submit_exactly_300_words_passes(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True)
    services.innovation_submit(actor=alice, innovation=innovation)
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.SUBMITTED
    assert innovation.submitted_at is not None
    assert AuditEvent.objects.filter(subject_id=innovation.pk, verb="submitted").exists()


def test_design_minimum_is_a_setting(alice, agency_a, settings):
    settings.INOVDA = {**settings.INOVDA, "DESIGN_MIN_WORDS": 301}
    innovation = InnovationFactory(agency=agency_a, complete=True)
    with pytest.raises(ValidationError):
        services.innovation_submit(actor=alice, innovation=innovation)


def test_submitted_innovation_is_locked_for_the_operator(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True)
    services.innovation_submit(actor=alice, innovation=innovation)
    with pytest.raises(PermissionDenied):
        services.innovation_update(actor=alice, innovation=innovation, data={"name": "Z"})


def test_delete_only_drafts(alice, adam, agency_a):
    live = InnovationFactory(agency=agency_a, status=Innovation.Status.IMPLEMENTED)
    with pytest.raises(PermissionDenied):
        services.innovation_delete(actor=adam, innovation=live)
    draft = InnovationFactory(agency=agency_a)
    pk = draft.pk
    services.innovation_delete(actor=alice, innovation=draft)
    assert not Innovation.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(subject_id=pk, verb="deleted").exists()


def test_failed_update_leaves_no_event(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    with pytest.raises(ValidationError):
        services.innovation_update(
            actor=alice, innovation=innovation, data={"video_url": "not a url"}
        )
    assert not AuditEvent.objects.exists()


def test_m2m_affairs_are_audited(alice, agency_a):
    affair = GovernmentAffairFactory(code="1.02", name="Kesehatan")
    innovation = InnovationFactory(agency=agency_a)
    services.innovation_update(actor=alice, innovation=innovation, data={"other_affairs": [affair]})
    event = AuditEvent.objects.get(verb="updated")
    assert event.changes["other_affairs"]["after"] == ["1.02 Kesehatan"]
