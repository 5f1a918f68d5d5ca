"""Sign-in throttling on top of Axes: a growing wait per account and address, failures and
lock-outs audited, Pemda admins see and lift their members' lock-outs."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from inovda.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "benar-sekali-123"


@pytest.fixture
def axes_on(settings, alice, bob):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 6
    settings.INOVDA_LOGIN_DELAY_AFTER = 3
    for user in (alice, bob):
        user.set_password(PASSWORD)
        user.save()


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def rewind(seconds):
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def test_a_growing_wait_per_account_and_address_never_for_colleagues(axes_on, alice):
    stranger = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        sign_in(stranger, "alice", "salah")
    early = sign_in(stranger, "alice", PASSWORD)  # the right password, too soon
    assert early.status_code == 200
    assert "tunggu 1 detik" in early.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 4  # the wait grows: 2 s
    colleague = Client(REMOTE_ADDR="10.0.0.1")
    assert sign_in(colleague, "bob", PASSWORD).status_code == 302  # same address, not delayed
    rewind(3)
    assert sign_in(stranger, "alice", PASSWORD).status_code == 302  # after the wait
    failed = AuditEvent.objects.filter(verb="login_failed", subject_id=alice.pk)
    assert failed.count() == 3  # the refused early try is not logged again
    assert failed.first().target_repr == "10.0.0.1"


def test_lockouts_are_audited_seen_and_lifted_by_the_pemda_admin(axes_on, alice, adam, bob):
    stranger = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(6):
        sign_in(stranger, "alice", "salah")
        rewind(120)  # past each wait: only the lock-out is left
    assert sign_in(stranger, "alice", PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(verb="login_locked_out", subject_id=alice.pk).exists()

    member = Client()
    member.force_login(bob)
    assert member.get(reverse("accounts:lockouts")).status_code == 404  # not an admin
    assert 'href="/accounts/lockouts/"' not in member.get(reverse("home")).content.decode()
    admin = Client()
    admin.force_login(adam)
    home = admin.get(reverse("home")).content.decode()
    # The work comes to the admin: the desk counts the accounts locked out now.
    assert "Akun terkunci karena gagal masuk berulang" in home
    assert 'href="/accounts/lockouts/"' in home
    page = admin.get(reverse("accounts:lockouts")).content.decode()
    assert "alice" in page and "10.0.0.9" in page
    attempt = AccessAttempt.objects.get(username="alice")
    assert member.post(reverse("accounts:lockout_lift", args=[attempt.pk])).status_code == 404
    admin.post(reverse("accounts:lockout_lift", args=[attempt.pk]))
    assert not AccessAttempt.objects.exists()
    lifted = AuditEvent.objects.get(verb="login_lockout_lifted")
    assert lifted.actor == adam and lifted.subject_id == alice.pk
    assert sign_in(stranger, "alice", PASSWORD).status_code == 302
    assert "Akun terkunci karena" not in admin.get(reverse("home")).content.decode()


def test_sign_in_and_sign_out_are_audited_with_the_address(axes_on, alice):
    client = Client(REMOTE_ADDR="10.0.0.7")
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    events = AuditEvent.objects.filter(subject_id=alice.pk, verb__in=["login", "logout"])
    assert [(e.verb, e.actor, e.target_repr) for e in events.order_by("id")] == [
        ("login", alice, "10.0.0.7"),
        ("logout", alice, "10.0.0.7"),
    ]


def test_a_wrong_password_is_said_once_in_plain_indonesian(alice):
    page = sign_in(Client(), "alice", "salah").content.decode()
    assert "Nama pengguna atau sandi salah." in page
    assert "nama pengguna nama pengguna" not in page.lower()
