"""The demo city has a believable IID 2026: claimed above verified, every workflow state,
an SPD sheet; loading again changes nothing."""

import io

import pytest
from django.core.management import call_command

from inovda.assessment import selectors
from inovda.assessment.models import AssessmentPeriod, InnovationAssessment, PemdaAssessment
from inovda.organizations.models import LocalGovernment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", verbosity=0)


def test_demo_iid_2026(demo):
    period = AssessmentPeriod.objects.get(year=2026)
    malang = LocalGovernment.objects.get(code="35.73")
    sheets = InnovationAssessment.objects.filter(period=period, pemda=malang)
    assert sheets.count() == 26
    assert set(sheets.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "needs_revision",
        "verified",
    }
    assert PemdaAssessment.objects.filter(period=period, pemda=malang).exists()
    index = selectors.pemda_index(period, malang.pk)
    assert 0 < index.verified.iid.value < index.claimed.iid.value
    assert index.claimed.given.n < 26  # some are not eligible, as the page should show
    assert index.verified.given.n > 0
    # Ordinary rules of the registry hold for the sheets too.
    for sheet in sheets:
        assert sheet.innovation.status == "implemented"
        assert sheet.rows.count() == 20


def test_demo_is_idempotent(demo):
    before = (InnovationAssessment.objects.count(), PemdaAssessment.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert before == (InnovationAssessment.objects.count(), PemdaAssessment.objects.count())
