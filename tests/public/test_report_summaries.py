"""Public summaries of progress reports (reviewed text on the public pages) and e-mail news
to the proposer and to followers (confirmed, unfollowed by a link that deletes the address)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inovda.innovations.models import ProgressReport
from inovda.public import services
from inovda.public.models import Follower, Proposal, ReportSummary

from .test_citizens import post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(running, alice):
    return ProgressReport.objects.create(
        innovation=running,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        activities="RAHASIA-KEGIATAN internal",
        due_on=datetime.date(2026, 10, 15),
        submitted_by=alice,
        submitted_at=timezone.now(),
    )


def summary_flow(client, login, alice, adam, report, text):
    url = reverse("public:staff_report_summary", args=[report.pk])
    response = login(alice).post(url, {"action": "propose", "text": text})
    assert response.status_code == 302
    assert login(adam).post(url, {"action": "approve"}).status_code == 302
    client.logout()


def test_summary_is_reviewed_then_public_and_personal_data_refused(
    running, publish, report, client, login, alice, adam, bob
):
    version = publish(running)
    url = reverse("public:staff_report_summary", args=[report.pk])
    page = login(alice).post(url, {"action": "propose", "text": "Hubungi Budi 0812-3456-7890"})
    assert page.status_code == 400 and "0812-3456-7890" in page.content.decode()  # kept
    assert not ReportSummary.objects.exists()
    login(alice).post(url, {"action": "propose", "text": "Antrean turun 40% di 12 puskesmas."})
    assert login(bob).post(url, {"action": "approve"}).status_code == 403  # not the admin
    client.logout()
    public = client.get(version.get_absolute_url()).content.decode()
    assert "Antrean turun 40%" not in public  # waiting for approval
    login(adam).post(url, {"action": "approve"})
    client.logout()
    public = client.get(version.get_absolute_url()).content.decode()
    assert "Antrean turun 40%" in public and "RAHASIA-KEGIATAN" not in public


def test_followers_and_proposer_get_the_news_by_email(
    running,
    publish,
    report,
    regions,
    pemda,
    client,
    login,
    alice,
    adam,
    django_capture_on_commit_callbacks,
):
    def mailing(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    version = publish(running)
    proposal = Proposal.objects.create(
        pemda=pemda,
        district=regions["district"],
        title="Antrean puskesmas",
        description="x" * 40,
        proposer_email="pengusul@example.org",
        status=Proposal.Status.ADOPTED,
        confirmed_at=timezone.now(),
        innovation=running,
    )
    mailing(services.progress_mail)  # the steps before today
    follow = reverse("public:follow_innovation", args=[version.publication.uid])
    mailing(
        post_form,
        client,
        follow,
        {"email": "Warga@Example.org", "website": ""},
        form_url=version.get_absolute_url(),
    )
    link = re.search(r"(/konfirmasi/\S+/)", mail.outbox[-1].body).group(1)
    client.get(link)
    assert Follower.objects.get().confirmed_at is not None
    mail.outbox.clear()
    assert mailing(services.progress_mail) == 0  # nothing new since the confirmation

    summary_flow(client, login, alice, adam, report, "Waktu tunggu kini 15 menit.")
    assert mailing(services.progress_mail) == 2
    to = {m.to[0]: m.body for m in mail.outbox}
    assert "Waktu tunggu kini 15 menit." in to["warga@example.org"]
    assert "Waktu tunggu kini 15 menit." in to["pengusul@example.org"]
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Waktu tunggu kini 15 menit." in page
    assert mailing(services.progress_mail) == 0  # once

    mail.outbox.clear()
    publish(running)  # a newly reviewed public version: its stage is news for followers
    assert mailing(services.progress_mail) == 1
    assert mail.outbox[0].to == ["warga@example.org"]
    assert "Penerapan" in mail.outbox[0].body

    stop = re.search(r"(/berhenti/\S+/)", mail.outbox[0].body).group(1)
    assert client.get(stop).status_code == 200
    assert not Follower.objects.exists()  # the address is gone
