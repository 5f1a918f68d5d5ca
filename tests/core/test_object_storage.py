"""Uploads do not depend on a local disk: with another default storage (object storage in
production, an in-memory one here) a file goes in through the form and comes back through
the permission-checked download unchanged, and nothing is written under MEDIA_ROOT."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inovda.innovations.models import Attachment
from tests.innovations.factories import InnovationFactory

PDF = b"%PDF-1.7\nobject storage\n"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_an_upload_round_trips_through_a_storage_without_a_disk(login, alice, agency_a, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    innovation = InnovationFactory(agency=agency_a)
    client = login(alice)
    upload = SimpleUploadedFile("SK.pdf", PDF, content_type="application/pdf")
    client.post(reverse("innovations:attachment_upload", args=[innovation.pk]), {"file": upload})
    attachment = Attachment.objects.get(innovation=innovation)
    assert isinstance(attachment.file.storage, InMemoryStorage)
    response = client.get(reverse("innovations:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))
    default_storage.delete(attachment.file.name)
    missing = client.get(reverse("innovations:attachment_download", args=[attachment.pk]))
    assert missing.status_code == 404


def test_a_named_bucket_selects_private_s3_storage():
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.core.files.storage import storages; "
        "s = storages['default']; "
        "print(json.dumps([settings.STORAGES['default']['BACKEND'], s.bucket_name, "
        "s.endpoint_url, s.default_acl, s.querystring_auth, s.file_overwrite, s.location]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "INOVDA_DEV": "1",
        "INOVDA_S3_BUCKET": "inovda-files",
        "INOVDA_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    backend, bucket, endpoint, acl, signed, overwrite, location = json.loads(out.stdout)
    assert backend == "storages.backends.s3.S3Storage"
    assert (bucket, endpoint, acl, signed, overwrite) == (
        "inovda-files",
        "http://127.0.0.1:9000",
        "private",
        True,
        False,
    )
    assert location == "media"
