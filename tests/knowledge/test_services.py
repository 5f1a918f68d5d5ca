"""Services and selectors: access, audit, overdue flags, IID 20 and 31 evidence, lineage."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.knowledge import selectors, services
from inovda.knowledge.models import ActionItem, Event, Replication
from tests.innovations.factories import InnovationFactory
from tests.knowledge.factories import ActionItemFactory, EventFactory, ReplicationFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name="notulen.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fgd(actor, organiser, **data):
    base = {"kind": "fgd", "title": "FGD Ekosistem Inovasi", "date": datetime.date(2023, 10, 12)}
    return services.event_create(actor=actor, organiser=organiser, data={**base, **data})


# Events -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("alice", True),
        ("adam", True),
        ("una", True),
        ("ivan", False),
        ("bob", False),
        ("lina", False),
        ("vera", False),
        ("oscar", False),
    ],
)
def test_who_may_organise_an_event_for_agency_a(cast, agency_a, who, allowed):
    if allowed:
        event = fgd(cast[who], agency_a)
        assert event.pemda == agency_a.pemda
        assert AuditEvent.objects.filter(subject_id=event.pk, verb="created").exists()
    else:
        with pytest.raises(PermissionDenied):
            fgd(cast[who], agency_a)


def test_speakers_participants_actions_and_documents_are_audited(adam, alice, agency_a, agency_b):
    event = fgd(adam, agency_a)
    services.speaker_add(actor=adam, event=event, name="Dr. Ratna", affiliation="UB")
    services.participant_add(actor=adam, event=event, agency=agency_b, attended=True)
    services.participant_add(actor=adam, event=event, user=alice)
    with pytest.raises(ValidationError):
        services.participant_add(actor=adam, event=event, user=alice, name="Tamu")
    services.action_add(actor=adam, event=event, data={"title": "Bentuk unit hambatan"})
    services.event_document_add(actor=adam, event=event, upload=pdf())
    verbs = list(
        AuditEvent.objects.filter(subject_id=event.pk).order_by("id").values_list("verb", flat=True)
    )
    assert verbs == [
        "created",
        "speaker_added",
        "participant_added",
        "participant_added",
        "action_added",
        "document_added",
    ]
    with pytest.raises(ValidationError):
        services.event_document_add(
            actor=adam, event=event, upload=SimpleUploadedFile("x.pdf", b"MZ not a pdf")
        )


def test_other_agency_cannot_change_the_event(alice, bob, agency_a):
    event = fgd(alice, agency_a)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=bob, event=event, data={"title": "X"})
    with pytest.raises(PermissionDenied):
        services.speaker_add(actor=bob, event=event, name="X")


def test_action_owner_may_update_status_only(adam, bob, agency_a, agency_b):
    event = fgd(adam, agency_a)
    action = services.action_add(
        actor=adam, event=event, data={"title": "Kirim data", "owner": bob}
    )
    services.action_update(actor=bob, action=action, data={"status": "done", "note": "Terkirim"})
    action.refresh_from_db()
    assert action.status == "done"
    with pytest.raises(PermissionDenied):
        services.action_update(actor=bob, action=action, data={"title": "Lain"})


def test_action_cannot_link_an_innovation_the_organiser_cannot_see(alice, agency_a, agency_b):
    event = fgd(alice, agency_a)
    hidden = InnovationFactory(agency=agency_b)  # a draft of agency B
    with pytest.raises(PermissionDenied):
        services.action_add(actor=alice, event=event, data={"title": "X", "innovation": hidden})


@settings(max_examples=40, deadline=None)
@given(
    due=st.one_of(st.none(), st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))),
    status=st.sampled_from(ActionItem.Status.values),
    today=st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1)),
)
def test_overdue_rule(due, status, today):
    action = ActionItem(due_date=due, status=status)
    expected = due is not None and due < today and status in ("open", "in_progress")
    assert action.is_overdue(today) is expected


def test_overdue_list_matches_the_flag(alice, agency_a):
    event = EventFactory(organiser=agency_a)
    today = datetime.date(2025, 12, 1)
    late = ActionItemFactory(event=event, due_date=datetime.date(2025, 11, 1))
    ActionItemFactory(event=event, due_date=datetime.date(2025, 11, 1), status="done")
    ActionItemFactory(event=event, due_date=datetime.date(2025, 12, 31))
    listed = list(selectors.action_list(user=alice, only="overdue", today=today))
    assert listed == [late]


def test_attendance_feeds_training_records_and_indicator_20(adam, alice, agency_a, agency_b):
    innovation = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    today = datetime.date(2026, 6, 1)
    bimtek = fgd(
        adam, agency_b, kind="bimtek", title="Bimtek Proposal", date=datetime.date(2025, 3, 1)
    )
    services.participant_add(actor=adam, event=bimtek, user=alice, attended=True)
    invited_only = fgd(adam, agency_b, kind="bimtek", title="Tidak hadir", date=today)
    services.participant_add(actor=adam, event=invited_only, agency=agency_a)
    old = fgd(adam, agency_b, kind="bimtek", title="Lama", date=datetime.date(2022, 5, 1))
    services.participant_add(actor=adam, event=old, agency=agency_a, attended=True)
    briefing = fgd(adam, agency_a, kind="briefing", title="Briefing", date=today)
    services.participant_add(actor=adam, event=briefing, agency=agency_a, attended=True)
    linked = fgd(adam, agency_b, kind="fgd", title="FGD", date=datetime.date(2024, 2, 1))
    services.action_add(actor=adam, event=linked, data={"title": "T", "innovation": innovation})

    evidence = selectors.bimtek_evidence(innovation, today=today)
    assert [e.title for e in evidence.items] == ["Bimtek Proposal", "FGD"]
    assert evidence.count == 2 and evidence.window == (2024, 2026)
    assert "2024" in evidence.rule
    records = selectors.attendance(pemda_id=agency_a.pemda_id, kinds=["bimtek"])
    assert {(p.event.title, str(p)) for p in records} == {
        ("Bimtek Proposal", alice.get_full_name()),
        ("Lama", str(agency_a)),
    }


# Library ----------------------------------------------------------------------------------


def test_library_versions_and_tags(alice, bob, agency_a):
    document = services.library_document_create(
        actor=alice,
        data={"kind": "sop", "title": "SOP Pengaduan", "agency": agency_a},
        upload=pdf("sop-v1.pdf"),
        tags=["pengaduan", " layanan "],
    )
    version = services.library_version_add(
        actor=alice, document=document, upload=pdf("sop-v2.pdf"), note="Batas waktu 3 hari"
    )
    assert version.number == 2 and document.current_version == version
    assert sorted(t.name for t in document.tags.all()) == ["layanan", "pengaduan"]
    with pytest.raises(PermissionDenied):
        services.library_version_add(actor=bob, document=document, upload=pdf())
    with pytest.raises(PermissionDenied):
        services.library_document_create(
            actor=bob, data={"kind": "sop", "title": "X", "agency": agency_a}, upload=pdf()
        )


def test_curator_publishes_without_an_agency(adam, pemda):
    document = services.library_document_create(
        actor=adam, data={"kind": "regulation", "title": "Perwali Inovasi"}, upload=pdf()
    )
    assert document.pemda == pemda and document.agency is None


# Replication ------------------------------------------------------------------------------


def test_replicate_this_starts_a_record_and_a_draft(bob, agency_a, agency_b):
    origin = InnovationFactory(
        agency=agency_a, status=S.IMPLEMENTED, name="Posyandu Digital", goals="Balita sehat."
    )
    replication = services.replication_create(
        actor=bob,
        origin=origin,
        adopter_pemda=agency_b.pemda,
        adopter_agency=agency_b,
        data={"adaptation": "adapted"},
        make_draft=True,
    )
    draft = replication.adopted_innovation
    assert draft.agency == agency_b and draft.status == S.DRAFT and draft.goals == "Balita sehat."
    assert "Posyandu Digital" in draft.name and "Posyandu Digital" in draft.design_legal_basis
    assert replication.status == Replication.Status.PLANNED
    assert AuditEvent.objects.filter(verb="created", subject_id=replication.pk).exists()


def test_replication_rules(alice, bob, oscar, agency_a, agency_b, other_pemda):
    origin = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    with pytest.raises(PermissionDenied):  # another Pemda cannot see the origin
        services.replication_create(actor=oscar, origin=origin, adopter_pemda=other_pemda)
    with pytest.raises(PermissionDenied):  # bob is neither the origin nor the adopter
        services.replication_create(actor=bob, origin=origin, adopter_pemda=other_pemda)
    with pytest.raises(ValidationError):
        services.replication_create(
            actor=alice, origin=origin, adopter_pemda=agency_a.pemda, adopter_agency=agency_a
        )
    external = services.replication_create(
        actor=alice, origin=origin, adopter_pemda=other_pemda, adopter_unit_name="Dinkes Batu"
    )
    assert external.other_region


def test_indicator_31_counts_distinct_other_regions(agency_a, other_pemda, province):
    origin = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    third = type(other_pemda).objects.create(
        code="35.07", name="Kabupaten Malang", kind="kabupaten"
    )
    ReplicationFactory(origin=origin, adopter_pemda=other_pemda, status="implemented")
    ReplicationFactory(origin=origin, adopter_pemda=other_pemda, status="agreed")
    ReplicationFactory(origin=origin, adopter_pemda=third, status="planned")
    ReplicationFactory(origin=origin, adopter_pemda=agency_a.pemda, status="implemented")
    evidence = selectors.replication_evidence(origin)
    assert evidence.count == 1  # Kota Batu once; planned and same-Pemda do not count
    assert len(evidence.items) == 2


def test_lineage_tree_hides_what_the_user_cannot_see(alice, bob, agency_a, agency_b, other_pemda):
    root = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED, name="Asal")
    child = InnovationFactory(agency=agency_b, name="Draf Tiruan Dinkes")  # a draft of B
    ReplicationFactory(
        origin=root, adopter_pemda=agency_b.pemda, adopter_agency=agency_b, adopted_innovation=child
    )
    ReplicationFactory(origin=child, adopter_pemda=other_pemda, adopter_unit_name="Dinkes Batu")
    tree = selectors.lineage(user=alice, innovation=root)
    assert tree.label == "Asal" and tree.current
    [middle] = tree.children
    assert middle.innovation is None and middle.label == str(agency_b)  # bob's draft: hidden
    assert middle.children[0].label == "Dinkes Batu"
    seen_by_bob = selectors.lineage(user=bob, innovation=child)
    assert seen_by_bob.label == "Asal" and seen_by_bob.children[0].current
    assert seen_by_bob.children[0].label == "Draf Tiruan Dinkes"


def test_event_kinds_for_indicator_20_are_settings(settings, adam, agency_a):
    settings.INOVDA_KNOWLEDGE = {"IID20_EVENT_KINDS": ["briefing"], "IID20_WINDOW_YEARS": 1}
    innovation = InnovationFactory(agency=agency_a)
    event = EventFactory(
        organiser=agency_a, kind=Event.Kind.BRIEFING, date=datetime.date(2026, 1, 5)
    )
    services.participant_add(actor=adam, event=event, agency=agency_a, attended=True)
    evidence = selectors.bimtek_evidence(innovation, today=datetime.date(2026, 3, 1))
    assert evidence.items == [event] and evidence.window == (2026, 2026)
