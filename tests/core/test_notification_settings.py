"""The per-person e-mail setting: in-app notifications always, the e-mail copy only while
the person has not switched it off; the settings page is linked from the notifications."""

import pytest
from django.core import mail
from django.urls import reverse

from inovda.core.formats import long_date
from inovda.core.models import AuditEvent, Notification, NotificationSetting
from inovda.core.notifications import notify, wants_email
from inovda.core.tasks import send_notification_emails

pytestmark = pytest.mark.django_db


def test_email_goes_out_unless_switched_off(alice, bob):
    alice.email, bob.email = "alice@malangkota.go.id", "bob@malangkota.go.id"
    alice.save()
    bob.save()
    NotificationSetting.objects.create(user=bob, email=False)
    notify(recipients=[alice, bob], verb="iid_submitted", message="Lembar dikirim.")
    assert Notification.objects.filter(verb="iid_submitted").count() == 2  # both in-app
    ids = list(Notification.objects.values_list("id", flat=True))
    assert send_notification_emails.call(ids) == 1
    assert [m.to for m in mail.outbox] == [["alice@malangkota.go.id"]]
    assert send_notification_emails.call(ids) == 0  # once only


def test_notify_skips_the_actor(alice, bob):
    notify(recipients=[alice, bob], verb="x", message="m", skip=alice)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["bob"]


def test_settings_page_switches_email_off_and_on(client, alice):
    client.force_login(alice)
    assert reverse("notification_settings") in client.get(reverse("notifications")).content.decode()
    page = client.get(reverse("notification_settings"))
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    response = client.post(reverse("notification_settings"), {})
    assert response.status_code == 302
    assert not wants_email(alice)
    assert AuditEvent.objects.filter(verb="notification_email_off").count() == 1
    client.post(reverse("notification_settings"), {"email": "on"})
    assert wants_email(alice)
    client.post(reverse("notification_settings"), {"email": "on"})  # no change, no event
    assert AuditEvent.objects.filter(verb__startswith="notification_email").count() == 2


def test_dates_read_in_indonesian():
    import datetime

    from django.utils import translation

    with translation.override("id"):
        assert long_date(datetime.date(2026, 12, 4)) == "4 Desember 2026"
