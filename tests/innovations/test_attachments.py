"""Uploads are judged by content, limited in size, and refused with a reason."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inovda.core.files import sniff
from inovda.innovations.models import Attachment
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


GOOD = {
    "laporan.pdf": b"%PDF-1.7\n...",
    "foto.jpg": b"\xff\xd8\xff\xe0" + b"0" * 20,
    "peta.png": b"\x89PNG\r\n\x1a\n" + b"0" * 20,
    "usulan.docx": _zip(["[Content_Types].xml", "word/document.xml"]),
    "data.xlsx": _zip(["[Content_Types].xml", "xl/workbook.xml"]),
    "video.mp4": b"\x00\x00\x00\x18ftypmp42" + b"0" * 20,
}


@pytest.mark.parametrize("name,content", GOOD.items())
def test_accepted_kinds_by_content(name, content):
    assert sniff(io.BytesIO(content)) is not None


BAD = {
    "virus.pdf": b"MZ\x90\x00 an exe with a pdf name",
    "script.png": b"<script>alert(1)</script>",
    "archive.docx": _zip(["something.txt"]),
    "page.html": b"<html></html>",
}


@pytest.mark.parametrize("name,content", BAD.items())
def test_refused_by_content_whatever_the_name(login, alice, agency_a, name, content):
    innovation = InnovationFactory(agency=agency_a)
    response = login(alice).post(
        reverse("innovations:attachment_upload", args=[innovation.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert not Attachment.objects.exists()
    page = response.content.decode()
    assert name in page
    assert "PDF, JPEG, PNG, DOCX, XLSX, MP4" in page


def test_size_limit_is_configurable_and_explained(login, alice, agency_a, settings):
    settings.INOVDA_MAX_UPLOAD_MB = 1
    innovation = InnovationFactory(agency=agency_a)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    response = login(alice).post(
        reverse("innovations:attachment_upload", args=[innovation.pk]), {"file": big}, follow=True
    )
    assert not Attachment.objects.exists()
    assert "1 MB" in response.content.decode()


def test_upload_download_and_remove(login, alice, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    client = login(alice)
    client.post(
        reverse("innovations:attachment_upload", args=[innovation.pk]),
        {"file": SimpleUploadedFile("SK Inovasi.pdf", GOOD["laporan.pdf"]), "description": "SK"},
    )
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf"
    assert "SK Inovasi" not in attachment.file.name  # stored under a random name
    response = client.get(reverse("innovations:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == GOOD["laporan.pdf"]
    client.post(reverse("innovations:attachment_delete", args=[attachment.pk]))
    assert not Attachment.objects.exists()


def test_read_only_role_cannot_upload(login, lina, agency_a):
    from inovda.innovations.models import Innovation

    innovation = InnovationFactory(agency=agency_a, status=Innovation.Status.SUBMITTED)
    response = login(lina).post(
        reverse("innovations:attachment_upload", args=[innovation.pk]),
        {"file": SimpleUploadedFile("a.pdf", GOOD["laporan.pdf"])},
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()
