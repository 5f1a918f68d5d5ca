"""The one store/serve path of every upload and download (inovda.core.files)."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse

from inovda.core import files
from inovda.core.models import AuditEvent
from inovda.innovations import services
from inovda.innovations.models import Attachment
from inovda.reports import tables
from tests.innovations.factories import InnovationFactory
from tests.knowledge.factories import EventFactory

PDF = b"%PDF-1.7\n..."
pytestmark = pytest.mark.django_db


def _pdf(name="sk.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_store_notes_the_file_and_uses_a_random_name(agency_a, alice):
    innovation = InnovationFactory(agency=agency_a)
    with transaction.atomic():
        attachment = services.attachment_add(
            actor=alice, innovation=innovation, upload=_pdf("SK Inovasi.pdf")
        )
    assert (attachment.original_name, attachment.kind, attachment.size) == (
        "SK Inovasi.pdf",
        "pdf",
        len(PDF),
    )
    assert attachment.content_type == "application/pdf"
    assert "SK Inovasi" not in attachment.file.name
    assert default_storage.exists(attachment.file.name)


def test_a_failed_save_leaves_no_file_behind(agency_a, alice, monkeypatch, settings):
    innovation = InnovationFactory(agency=agency_a)

    def broken_save(self, *args, **kwargs):
        raise IntegrityError("the row could not be written")

    monkeypatch.setattr(Attachment, "save", broken_save)
    with pytest.raises(IntegrityError):
        services.attachment_add(actor=alice, innovation=innovation, upload=_pdf())
    assert _stored_files(settings) == []
    assert not AuditEvent.objects.filter(verb="attachment_added").exists()


def test_a_rollback_after_the_save_deletes_the_file(agency_a, alice):
    innovation = InnovationFactory(agency=agency_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        attachment = services.attachment_add(actor=alice, innovation=innovation, upload=_pdf())
        assert default_storage.exists(attachment.file.name)
        raise RuntimeError("something later in the request failed")
    assert not default_storage.exists(attachment.file.name)
    assert not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_and_a_rolled_back_savepoint_loses_only_its_own(agency_a, alice):
    innovation = InnovationFactory(agency=agency_a)
    with transaction.atomic():
        kept = services.attachment_add(actor=alice, innovation=innovation, upload=_pdf("a.pdf"))
        with pytest.raises(RuntimeError), transaction.atomic():
            lost = services.attachment_add(actor=alice, innovation=innovation, upload=_pdf("b.pdf"))
            raise RuntimeError
        assert not default_storage.exists(lost.file.name)
    assert default_storage.exists(kept.file.name)
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]


@pytest.mark.django_db(transaction=True)
def test_a_failing_on_commit_callback_does_not_cost_a_committed_file(agency_a, alice):
    innovation = InnovationFactory(agency=agency_a)

    def fails():
        raise RuntimeError("an earlier on-commit callback failed")

    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(fails)
        attachment = services.attachment_add(actor=alice, innovation=innovation, upload=_pdf())
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(attachment.file.name)


def test_store_runs_inside_a_transaction_only(agency_a):
    attachment = Attachment(innovation=InnovationFactory(agency=agency_a))
    with pytest.raises(RuntimeError):
        # The test's own transaction is not a service's: leave it to look like autocommit.
        transaction.get_connection().in_atomic_block = False
        try:
            files.store(attachment, upload=_pdf(), prefix="attachments")
        finally:
            transaction.get_connection().in_atomic_block = True


def test_an_empty_upload_is_told_it_is_empty(login, alice, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    response = login(alice).post(
        reverse("innovations:attachment_upload", args=[innovation.pk]),
        {"file": SimpleUploadedFile("kosong.pdf", b"")},
        follow=True,
    )
    page = response.content.decode()
    assert "kosong.pdf" in page and "kosong." in page.replace("kosong.pdf", "")
    assert "Pilih berkas" not in page and "Choose a file" not in page
    assert not Attachment.objects.exists()


def test_an_empty_event_document_is_told_it_is_empty(login, adam, agency_a):
    event = EventFactory(organiser=agency_a)
    response = login(adam).post(
        reverse("knowledge:event_document_upload", args=[event.pk]),
        {"file": SimpleUploadedFile("hadir.pdf", b"")},
        follow=True,
    )
    with pytest.raises(ValidationError) as refused:
        files.validate_upload(SimpleUploadedFile("hadir.pdf", b""))
    assert refused.value.code == "empty"
    assert refused.value.messages[0] in response.content.decode()
    assert not event.documents.exists()


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f"])
def test_a_name_with_direction_controls_is_refused(control):
    upload = _pdf(f"laporan{control}fdp.exe")
    with pytest.raises(ValidationError) as refused:
        files.validate_upload(upload)
    assert refused.value.code == "bidi_name"
    assert control not in refused.value.messages[0]


def test_the_import_reader_refuses_the_same_names_and_empty_files():
    with pytest.raises(ValidationError) as refused:
        tables.read_table(SimpleUploadedFile("data\u202exslx.csv", b"a,b\n1,2\n"))
    assert refused.value.code == "bidi_name"
    with pytest.raises(ValidationError) as refused:
        tables.read_table(SimpleUploadedFile("data.csv", b""))
    assert refused.value.code == "empty"


def test_through_a_browser_form_the_controls_never_reach_the_stored_name(login, alice, agency_a):
    """Django's multipart parser drops non-printable characters from file names before any
    view sees them; `validate_upload` refuses them on every other path (services, API)."""
    innovation = InnovationFactory(agency=agency_a)
    login(alice).post(
        reverse("innovations:attachment_upload", args=[innovation.pk]),
        {"file": _pdf("foto\u202egpj.pdf")},
    )
    assert Attachment.objects.get().original_name == "fotogpj.pdf"


def test_download_headers(login, alice, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    client = login(alice)
    upload = reverse("innovations:attachment_upload", args=[innovation.pk])
    client.post(upload, {"file": _pdf("Laporan akhir.pdf")})
    docx = files.DOCX
    with transaction.atomic():
        word = Attachment(innovation=innovation)
        from tests.innovations.test_attachments import GOOD

        files.store(word, upload=SimpleUploadedFile("usulan.docx", GOOD["usulan.docx"]), prefix="x")
        word.save()
    pdf = Attachment.objects.get(kind="pdf")
    response = client.get(reverse("innovations:attachment_download", args=[pdf.pk]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "Laporan akhir.pdf" in response["Content-Disposition"]
    response = client.get(reverse("innovations:attachment_download", args=[word.pk]))
    assert response["Content-Type"] == docx.content_type
    assert response["Content-Disposition"].startswith("attachment")


def test_a_missing_file_is_404(login, alice, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    client = login(alice)
    client.post(reverse("innovations:attachment_upload", args=[innovation.pk]), {"file": _pdf()})
    attachment = Attachment.objects.get()
    default_storage.delete(attachment.file.name)
    url = reverse("innovations:attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(Http404):
        files.serve(Attachment().file, filename="x.pdf", content_type="application/pdf")


def test_the_served_name_loses_controls_and_separators():
    assert files.safe_filename("../a\u202eb\n.pdf") == ".._ab.pdf"
    assert files.safe_filename("\u200e") == "download"


def test_every_upload_and_download_goes_through_core_files():
    """No app validates, names, saves or serves an upload by itself."""
    root = Path(files.__file__).parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text()
        relative = path.relative_to(root).as_posix()
        if relative == "core/files.py":
            continue
        if "stored_name(" in text or "validate_upload(" in text:
            offenders.append(relative)
        if "FileResponse(" in text and relative != "core/spreadsheets.py":  # generated exports
            offenders.append(relative)
    assert offenders == []
