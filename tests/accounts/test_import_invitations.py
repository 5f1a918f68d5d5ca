"""From a users import's page the Pemda admin invites every imported member without a
password: one e-mail with a set-password link each, audited; no one else may."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from inovda.core.models import AuditEvent
from inovda.organizations.models import Role
from inovda.reports.models import ImportJob
from tests.organizations.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(pemda, agency_a, adam):
    """What a users import leaves: members without a password, one without e-mail."""
    users = {}
    for name, email in (("rina", "rina@example.go.id"), ("tono", "")):
        user = member(name, Role.OPERATOR, pemda=pemda, agency=agency_a)
        user.email = email
        user.set_unusable_password()
        user.save()
        users[name] = user
    job = ImportJob.objects.create(
        pemda=pemda,
        kind="users",
        original_name="pengguna.xlsx",
        sha256="0" * 64,
        status=ImportJob.Status.DONE,
        created_by=adam,
    )
    return job, users


def test_the_admin_invites_the_imported_users_from_the_import_page(
    imported, login, adam, alice, django_capture_on_commit_callbacks
):
    job, users = imported
    client = login(adam)
    page = client.get(reverse("reports:import_preview", args=[job.pk])).content.decode()
    assert 'id="invite-form"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:import_invite", args=[job.pk]), follow=True)
    text = response.content.decode()
    assert "1 undangan terkirim." in text and "1 dilewati" in text
    # alice has a password (the cast's), adam too: only rina gets a mail.
    assert [m.to for m in mail.outbox] == [["rina@example.go.id"]]
    link = re.search(r"(/accounts/invitation/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert client.get(link).status_code == 200  # the set-password page
    assert AuditEvent.objects.filter(verb="invitation_sent", subject_id=users["rina"].pk).exists()


def test_only_the_pemda_admin_sends_them(imported, login, alice):
    job, _users = imported
    response = login(alice).post(reverse("reports:import_invite", args=[job.pk]))
    assert response.status_code == 404
    assert not mail.outbox
