"""The verification queue: submitted sheets oldest first with days waiting, filtered by
agency, age and period, and scoped like the innovations (a verifier: the Pemda; an
operator: their agency; another Pemda: nothing)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inovda.assessment.models import Entry, InnovationAssessment, SheetStatus
from tests.assessment.factories import IndicatorFactory, PeriodFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


def _sheet(agency, period, days, status=SheetStatus.SUBMITTED, name=""):
    innovation = InnovationFactory(agency=agency, status="implemented", name=name)
    sheet = InnovationAssessment.objects.create(
        innovation=innovation,
        pemda=innovation.pemda,
        period=period,
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=days),
    )
    Entry.objects.create(
        innovation_assessment=sheet,
        indicator=IndicatorFactory(period=period),
        level=2,
        evidence_count=1,
    )
    return sheet


@pytest.fixture
def sheets(agency_a, agency_b, other_agency):
    period, older = PeriodFactory(year=2026), PeriodFactory(year=2025)
    return {
        "a_old": _sheet(agency_a, period, 20, name="Posyandu Digital"),
        "b_new": _sheet(agency_b, period, 2, name="Klinik Keliling"),
        "a_2025": _sheet(agency_a, older, 40, name="Arsip 2025"),
        "draft": _sheet(agency_a, period, 1, SheetStatus.DRAFT, name="Masih Draf"),
        "batu": _sheet(other_agency, period, 9, name="Batu Sehat"),
    }


def _names(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("assessment:queue"), query)
    assert response.status_code == 200
    return [s.innovation.name for s in response.context["sheets"]], response


def test_verifier_sees_the_pemda_queue_oldest_first(client, sheets, vera):
    names, response = _names(client, vera)
    assert names == ["Arsip 2025", "Posyandu Digital", "Klinik Keliling"]
    assert [s.days_waiting for s in response.context["sheets"]] == [40, 20, 2]
    assert [s.rows_waiting for s in response.context["sheets"]] == [1, 1, 1]


def test_filters_agency_age_and_period(client, sheets, vera, agency_b):
    assert _names(client, vera, agency=agency_b.pk)[0] == ["Klinik Keliling"]
    assert _names(client, vera, age=14)[0] == ["Arsip 2025", "Posyandu Digital"]
    assert _names(client, vera, age=30)[0] == ["Arsip 2025"]
    assert _names(client, vera, year=2026)[0] == ["Posyandu Digital", "Klinik Keliling"]
    assert _names(client, vera, age="999999999999999999999", agency="x")[0] == [
        "Arsip 2025",
        "Posyandu Digital",
        "Klinik Keliling",
    ]  # garbage is ignored, never a 500


def test_operator_sees_their_agency_and_other_pemda_nothing(client, sheets, bob, oscar):
    assert _names(client, bob)[0] == ["Klinik Keliling"]
    assert _names(client, oscar)[0] == ["Batu Sehat"]
