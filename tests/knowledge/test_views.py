"""Pages: status and access for every role of the cast; typed work kept on error."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inovda.innovations.models import Innovation
from inovda.knowledge import services
from inovda.knowledge.models import ActionItem, Event, LibraryDocument, Replication
from tests.innovations.factories import InnovationFactory
from tests.knowledge.factories import (
    ActionItemFactory,
    EventFactory,
    IndexedInnovationFactory,
    LessonFactory,
    ReplicationFactory,
)

pytestmark = pytest.mark.django_db
S = Innovation.Status
ROLES = ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina", "oscar"]
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(agency_a, agency_b):
    live = IndexedInnovationFactory(agency=agency_a, name="Posyandu Digital", status=S.IMPLEMENTED)
    draft = IndexedInnovationFactory(agency=agency_a, name="Draf Rahasia Kominfo")
    event = EventFactory(organiser=agency_a, title="FGD Ekosistem Inovasi")
    ActionItemFactory(event=event, title="Tindak lanjut rahasia", innovation=draft)
    lesson = LessonFactory(innovation=live, title="Pelajaran Posyandu")
    secret_lesson = LessonFactory(innovation=draft, title="Pelajaran Draf")
    return {
        "live": live,
        "draft": draft,
        "event": event,
        "lesson": lesson,
        "secret_lesson": secret_lesson,
    }


def test_anonymous_is_sent_to_login(client, world):
    for url in [
        reverse("knowledge:search"),
        reverse("knowledge:event_list"),
        world["event"].get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ROLES)
def test_every_role_gets_the_lists(cast, login, world, who):
    client = login(cast[who])
    for name in [
        "search",
        "event_list",
        "action_list",
        "lesson_list",
        "library_list",
        "replication_list",
    ]:
        assert client.get(reverse(f"knowledge:{name}")).status_code == 200, name
    found = client.get(reverse("knowledge:search"), {"q": "posyandu"}).content.decode()
    assert ("<mark>Posyandu</mark> Digital" in found) is (who != "oscar")


@pytest.mark.parametrize(
    "who,event,lesson,secret",
    [
        ("alice", 200, 200, 200),
        ("ivan", 200, 200, 200),
        ("adam", 200, 200, 200),
        ("bob", 200, 200, 404),
        ("vera", 200, 200, 404),
        ("carl", 200, 200, 404),
        ("una", 200, 200, 404),
        ("lina", 200, 200, 404),
        ("oscar", 404, 404, 404),
    ],
)
def test_detail_pages_by_role(cast, login, world, who, event, lesson, secret):
    client = login(cast[who])
    assert client.get(world["event"].get_absolute_url()).status_code == event
    lesson_url = reverse("knowledge:lesson_detail", args=[world["lesson"].pk])
    secret_url = reverse("knowledge:lesson_detail", args=[world["secret_lesson"].pk])
    assert client.get(lesson_url).status_code == lesson
    assert client.get(secret_url).status_code == secret


def test_event_page_does_not_name_a_hidden_innovation(login, bob, world):
    page = login(bob).get(world["event"].get_absolute_url()).content.decode()
    assert "Tindak lanjut rahasia" in page
    assert "Draf Rahasia Kominfo" not in page


@pytest.mark.parametrize(
    "who,status",
    [
        ("alice", 200),
        ("adam", 200),
        ("una", 200),
        ("bob", 200),
        ("ivan", 403),
        ("vera", 403),
        ("carl", 403),
        ("lina", 403),
        ("oscar", 200),
    ],
)
def test_event_create_page_by_role(cast, login, world, who, status):
    assert login(cast[who]).get(reverse("knowledge:event_create")).status_code == status


@pytest.mark.parametrize(
    "who,status",
    [("alice", 200), ("adam", 200), ("una", 200), ("bob", 403), ("lina", 403), ("oscar", 404)],
)
def test_event_edit_page_by_role(cast, login, world, who, status):
    url = reverse("knowledge:event_edit", args=[world["event"].pk])
    assert login(cast[who]).get(url).status_code == status


def test_record_an_fgd_with_an_action_item(login, alice, agency_a, world):
    client = login(alice)
    response = client.post(
        reverse("knowledge:event_create"),
        {
            "kind": "fgd",
            "title": "FGD Pengembangan Ekosistem Inovasi",
            "organiser": agency_a.pk,
            "date": "2023-10-12",
            "place": "Balai Kota Malang",
            "minutes": "Perlu unit khusus.",
        },
    )
    event = Event.objects.get(title="FGD Pengembangan Ekosistem Inovasi")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    response = client.post(
        reverse("knowledge:action_add", args=[event.pk]),
        {
            "title": "Susun SK unit hambatan",
            "innovation": world["live"].pk,
            "due_date": "2023-11-30",
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get(title="Susun SK unit hambatan")
    assert action.innovation == world["live"]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Susun SK unit hambatan" in page and "Terlambat" in page  # overdue, in Indonesian
    found = client.get(reverse("knowledge:search"), {"q": "ekosistem"}).content.decode()
    assert "<mark>Ekosistem</mark>" in found


def test_invalid_event_form_keeps_what_was_typed(login, alice, agency_a):
    response = login(alice).post(
        reverse("knowledge:event_create"),
        {
            "kind": "fgd",
            "title": "FGD Tanpa Tanggal",
            "organiser": agency_a.pk,
            "minutes": "Catatan panjang yang tidak boleh hilang",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "FGD Tanpa Tanggal" in page and "Catatan panjang yang tidak boleh hilang" in page


def test_other_agency_cannot_post_to_the_event(login, bob, world):
    event = world["event"]
    client = login(bob)
    response = client.post(reverse("knowledge:speaker_add", args=[event.pk]), {"name": "X"})
    assert response.status_code == 403
    response = client.post(reverse("knowledge:action_add", args=[event.pk]), {"title": "X"})
    assert response.status_code == 403


def test_lesson_create_and_edit_pages(login, alice, bob, world):
    url = reverse("knowledge:lesson_create", args=[world["live"].pk])
    assert login(bob).get(url).status_code == 403
    client = login(alice)
    response = client.post(url, {"title": "Pelajaran Baru", "occasion": "review"})
    assert response.status_code == 400 and "Pelajaran Baru" in response.content.decode()
    response = client.post(url, {"title": "Pelajaran Baru", "occasion": "review", "lessons": "L"})
    assert response.status_code == 302
    detail = client.get(world["live"].get_absolute_url()).content.decode()
    assert "Pelajaran Baru" in detail and 'id="lessons"' in detail


def test_discontinued_innovation_page_asks_for_a_lesson(login, alice, agency_a):
    closed = InnovationFactory(agency=agency_a, status=S.DISCONTINUED)
    page = login(alice).get(closed.get_absolute_url()).content.decode()
    assert reverse("knowledge:lesson_create", args=[closed.pk]) in page
    assert "no-blame" in page or "tanpa menyalahkan" in page


def test_library_publish_download_and_access(login, alice, oscar, agency_a):
    client = login(alice)
    response = client.post(
        reverse("knowledge:library_create"),
        {
            "kind": "template",
            "title": "Templat Proposal Inovasi",
            "agency": agency_a.pk,
            "tag_names": "proposal, templat",
            "file": SimpleUploadedFile("templat.pdf", PDF, content_type="application/pdf"),
        },
    )
    document = LibraryDocument.objects.get(title="Templat Proposal Inovasi")
    assert response.status_code == 302
    version = document.current_version
    download = client.get(reverse("knowledge:library_version_download", args=[version.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    other = login(oscar)
    assert other.get(document.get_absolute_url()).status_code == 404
    url = reverse("knowledge:library_version_download", args=[version.pk])
    assert other.get(url).status_code == 404


def test_library_bad_file_keeps_the_form(login, alice, agency_a):
    response = login(alice).post(
        reverse("knowledge:library_create"),
        {
            "kind": "sop",
            "title": "SOP Tanpa Berkas Sah",
            "agency": agency_a.pk,
            "file": SimpleUploadedFile("sop.pdf", b"not a pdf at all"),
        },
    )
    assert response.status_code == 400
    assert "SOP Tanpa Berkas Sah" in response.content.decode()
    assert not LibraryDocument.objects.exists()


def test_replicate_this_from_the_page(login, bob, agency_b, world):
    client = login(bob)
    url = reverse("knowledge:replication_create", args=[world["live"].pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "adopter_agency": agency_b.pk,
            "adaptation": "adapted",
            "status": "planned",
            "make_draft": "on",
        },
    )
    replication = Replication.objects.get()
    assert response.status_code == 302 and replication.adopter_agency == agency_b
    assert replication.adopted_innovation.agency == agency_b
    lineage = client.get(reverse("knowledge:lineage", args=[world["live"].pk])).content.decode()
    assert "Posyandu Digital" in lineage and "lineage-current" in lineage


@pytest.mark.parametrize(
    "who,status",
    [("alice", 200), ("bob", 200), ("adam", 200), ("vera", 403), ("lina", 403), ("oscar", 404)],
)
def test_replication_create_page_by_role(cast, login, world, who, status):
    url = reverse("knowledge:replication_create", args=[world["live"].pk])
    assert login(cast[who]).get(url).status_code == status


def test_replication_agreement_upload_and_download(login, alice, other_pemda, world):
    replication = ReplicationFactory(origin=world["live"], adopter_pemda=other_pemda)
    client = login(alice)
    url = reverse("knowledge:replication_agreement", args=[replication.pk])
    assert client.get(url).status_code == 404  # nothing attached yet
    upload = SimpleUploadedFile("pks.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"file": upload}).status_code == 302
    assert client.get(url).status_code == 200
    assert login(alice).get(replication.get_absolute_url()).status_code == 200


def test_action_list_flags_overdue(login, alice, agency_a):
    event = EventFactory(organiser=agency_a)
    ActionItemFactory(event=event, title="Sudah lewat", due_date=datetime.date(2020, 1, 1))
    page = login(alice).get(reverse("knowledge:action_list"), {"only": "overdue"}).content
    assert "Sudah lewat" in page.decode()


def test_owner_updates_the_status_of_an_action(login, bob, agency_a):
    event = EventFactory(organiser=agency_a)
    action = ActionItemFactory(event=event, owner=bob)
    response = login(bob).post(
        reverse("knowledge:action_update", args=[action.pk]), {f"a{action.pk}-status": "done"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


@pytest.mark.parametrize(
    "target, lands",
    [
        ("/knowledge/actions/?only=overdue", "/knowledge/actions/?only=overdue"),
        ("https://evil.example/", None),
        ("//evil.example/x", None),
    ],
)
def test_action_update_returns_only_to_this_site(login, bob, agency_a, target, lands):
    event = EventFactory(organiser=agency_a)
    action = ActionItemFactory(event=event, owner=bob)
    response = login(bob).post(
        reverse("knowledge:action_update", args=[action.pk]),
        {f"a{action.pk}-status": "done", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == (lands or f"{event.get_absolute_url()}#actions")


def test_attendance_toggle(login, adam, alice, agency_a):
    event = EventFactory(organiser=agency_a)
    participant = services.participant_add(actor=adam, event=event, user=alice)
    url = reverse("knowledge:participant_attendance", args=[participant.pk])
    assert login(adam).post(url, {"attended": "1"}).status_code == 302
    participant.refresh_from_db()
    assert participant.attended


def test_event_document_upload_download_and_scope(login, alice, bob, oscar, world):
    event = world["event"]
    upload = SimpleUploadedFile("daftar-hadir.pdf", PDF, content_type="application/pdf")
    client = login(alice)
    url = reverse("knowledge:event_document_upload", args=[event.pk])
    assert client.post(url, {"file": upload, "description": "Daftar hadir"}).status_code == 302
    document = event.documents.get()
    assert document.description == "Daftar hadir"
    download = reverse("knowledge:event_document_download", args=[document.pk])
    assert login(bob).get(download).status_code == 200
    assert login(oscar).get(download).status_code == 404
    bad = SimpleUploadedFile("x.pdf", b"not a pdf")
    response = login(alice).post(url, {"file": bad}, follow=True)
    assert "bukan jenis yang diterima" in response.content.decode() or event.documents.count() == 1


def test_library_new_version_from_the_page(login, alice, agency_a):
    document = services.library_document_create(
        actor=alice,
        data={"kind": "sop", "title": "SOP Arsip", "agency": agency_a},
        upload=SimpleUploadedFile("v1.pdf", PDF),
    )
    url = reverse("knowledge:library_version_upload", args=[document.pk])
    upload = SimpleUploadedFile("v2.pdf", PDF)
    assert login(alice).post(url, {"file": upload, "note": "Revisi"}).status_code == 302
    assert document.current_version.number == 2 and document.current_version.note == "Revisi"


def test_event_report_pdf(login, alice, oscar, agency_a, world):
    import io

    from pypdf import PdfReader

    event = world["event"]
    response = login(alice).get(reverse("knowledge:event_report_pdf", args=[event.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert event.title.split()[0] in text and "Notulen" in text
    assert (
        login(oscar).get(reverse("knowledge:event_report_pdf", args=[event.pk])).status_code == 404
    )
