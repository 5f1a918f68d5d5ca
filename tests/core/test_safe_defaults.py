"""Safe by default: production settings unless development is asked for, the schema
behind login, bounded names and years, friendly answers to oversize requests, UTF-16 CSV,
the idle timeout, and login throttling by account and address together."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from inovda.core.middleware import LAST_SEEN
from inovda.ecosystem.models import Barrier
from tests.ecosystem.factories import BarrierFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


def _settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INOVDA_"))}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_nothing_set_refuses_to_start_and_never_debugs():
    bare = _settings({})
    assert bare.returncode != 0 and "DJANGO_SECRET_KEY" in bare.stderr
    production = _settings({"DJANGO_SECRET_KEY": "x" * 50})
    assert production.returncode == 0 and production.stdout.strip() == "False"
    development = _settings({"INOVDA_DEV": "1"})
    assert development.stdout.strip() == "True"


def test_login_throttling_counts_account_and_address_together():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)  # no proxy trusted


def test_a_stranger_behind_the_nat_locks_out_only_the_account_he_guesses(settings, alice, bob):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for user in (alice, bob):
        user.set_password("benar-sekali-123")
        user.save()
    stranger = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(4):
        stranger.post(reverse("login"), {"username": "alice", "password": "salah"})
    locked = stranger.post(reverse("login"), {"username": "alice", "password": "benar-sekali-123"})
    assert locked.status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.1")  # same NAT address, another account
    ok = colleague.post(reverse("login"), {"username": "bob", "password": "benar-sekali-123"})
    assert ok.status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")  # alice herself, from her own desk
    assert (
        elsewhere.post(
            reverse("login"), {"username": "alice", "password": "benar-sekali-123"}
        ).status_code
        == 302
    )
    # API Basic auth goes through the same backend and the same rule.
    api = Client(REMOTE_ADDR="10.0.0.1")
    import base64

    token = base64.b64encode(b"alice:benar-sekali-123").decode()
    assert api.get("/api/v1/innovations/", HTTP_AUTHORIZATION=f"Basic {token}").status_code in (
        401,
        403,
        429,
    )


def test_the_schema_needs_a_login(client, alice):
    assert client.get("/api/schema/").status_code in (401, 403)
    client.force_login(alice)
    assert client.get("/api/schema/").status_code == 200


def test_bidi_controls_are_refused_in_names(agency_a):
    innovation = InnovationFactory(agency=agency_a, name="Laporan\u202efdp.exe")
    with pytest.raises(ValidationError) as caught:
        innovation.full_clean()
    assert "name" in caught.value.message_dict
    barrier = BarrierFactory(innovation=innovation, title="Izin\u2066lambat")
    with pytest.raises(ValidationError):
        barrier.full_clean(exclude=[f.name for f in Barrier._meta.fields if f.name != "title"])


def test_years_are_bounded(agency_a):
    innovation = InnovationFactory.build(agency=agency_a, pemda=agency_a.pemda, year=9999)
    with pytest.raises(ValidationError) as caught:
        innovation.full_clean()
    assert "year" in caught.value.message_dict


def test_an_oversized_form_gets_a_page_and_the_api_json(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client()
    client.force_login(alice)
    page = client.post(reverse("innovations:create"), {"name": "x" * 5000})
    assert page.status_code == 413 and "text/html" in page["Content-Type"]
    assert "kembali" in page.content.decode().lower() or "back" in page.content.decode().lower()
    api = client.post("/api/v1/innovations/", {"name": "x" * 5000})
    assert api.status_code == 413 and api.json()["detail"]


def test_a_utf16_csv_is_read():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inovda.reports.tables import read_table

    text = "Nama inovasi\tPerangkat daerah\nPosyandu Digital\tDinas Kominfo\n"
    upload = SimpleUploadedFile("data.txt", text.encode("utf-16"), "text/plain")
    table = read_table(upload)
    assert table.headers == ["Nama inovasi", "Perangkat daerah"]
    assert table.rows == [["Posyandu Digital", "Dinas Kominfo"]]


def test_an_idle_session_is_signed_out(alice, settings):
    settings.SESSION_IDLE_SECONDS = 60
    client = Client()
    client.force_login(alice)
    assert client.get(reverse("innovations:list")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 61
    session.save()
    away = client.get(reverse("innovations:list"))
    assert away.status_code == 302 and reverse("login") in away["Location"]
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.filter(pk=alice.pk).exists()
