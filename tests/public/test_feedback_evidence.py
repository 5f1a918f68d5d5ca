"""Citizens' benefit feedback offered as IID evidence on indicator 33 (kemanfaatan) of the
innovation's SID sheet: one click attaches a generated PDF marked as self-reported."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from inovda.assessment import reference, services
from inovda.assessment.models import AssessmentPeriod, Entry
from inovda.core.models import AuditEvent
from inovda.public import services as public_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def row33(running, alice):
    reference.load(io.StringIO())
    period = AssessmentPeriod.objects.get(year=2026)
    today = timezone.localdate()
    period.opens_on = today - datetime.timedelta(days=30)
    period.closes_on = today + datetime.timedelta(days=30)
    period.save()
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=running)
    return Entry.objects.get(innovation_assessment=sheet, indicator__number=33)


def rate(version, *scores):
    for i, score in enumerate(scores):
        public_services.feedback_submit(
            version=version,
            data={"satisfaction": score, "changed": "better", "recommend": True, "comment": ""},
            fingerprint=f"f{i}",
        )


def test_feedback_is_offered_and_attached_as_self_reported_evidence(
    running, publish, row33, login, alice
):
    version = publish(running)
    sheet_url = reverse("assessment:sheet", args=[2026, running.pk])
    client = login(alice)
    page = client.get(sheet_url).content.decode()
    assert 'data-offer="public.feedback"' not in page  # nothing to offer before answers
    rate(version, 5, 4, 3)
    page = client.get(sheet_url).content.decode()
    assert page.count('data-offer="public.feedback"') == 1  # on row 33 only
    url = reverse("assessment:evidence_offer", args=[row33.pk, "public.feedback"])
    response = client.post(url)
    assert response.status_code == 302
    row33.refresh_from_db()
    assert row33.evidence_count == 1
    evidence = row33.evidence.get()
    assert "dilaporkan sendiri oleh warga" in evidence.description
    assert evidence.kind == "pdf" and evidence.original_name.startswith("umpan-balik-warga-")
    with evidence.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert AuditEvent.objects.filter(verb="iid_evidence_added", subject_id=running.pk).exists()


def test_only_who_fills_the_sheet_attaches_and_only_on_row_33(
    running, publish, row33, login, bob, alice
):
    rate(publish(running), 4)
    url = reverse("assessment:evidence_offer", args=[row33.pk, "public.feedback"])
    assert login(bob).post(url).status_code == 403  # another agency reads, never fills
    other_row = Entry.objects.get(
        innovation_assessment=row33.innovation_assessment_id, indicator__number=32
    )
    response = login(alice).post(
        reverse("assessment:evidence_offer", args=[other_row.pk, "public.feedback"])
    )
    assert response.status_code == 400
    assert Entry.objects.filter(evidence_count__gt=0).count() == 0
