"""The API takes the same lifecycle steps as the pages, refused for the same reasons."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from inovda.innovations import services
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory, implemented, pdf_upload

pytestmark = pytest.mark.django_db
S = Innovation.Status


@pytest.fixture(autouse=True)
def _immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_transitions_list_says_what_blocks(adam, alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, status=S.UNDER_REVIEW)
    steps = {
        s["name"]: s
        for s in api(adam).get(f"/api/v1/innovations/{innovation.pk}/transitions/").json()
    }
    assert set(steps) == {"approve", "return", "reject", "discontinue"}
    assert steps["approve"]["blocked_by"]
    assert [
        s["name"]
        for s in api(alice).get(f"/api/v1/innovations/{innovation.pk}/transitions/").json()
    ] == ["discontinue"]


def test_transition_allowed_refused_and_explained(adam, alice, lina, oscar, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, status=S.SUBMITTED)
    url = f"/api/v1/innovations/{innovation.pk}/transitions/reject/"
    assert api(oscar).post(url, {"reason": "x"}).status_code == 404
    refused = api(lina).post(url, {"reason": "x"})
    assert refused.status_code == 403 and "Hanya" in str(refused.json())
    missing = api(adam).post(url, {})
    assert missing.status_code == 400 and "reason" in missing.json()
    done = api(adam).post(url, {"reason": "Bukan kewenangan daerah"})
    assert done.status_code == 200 and done.json()["status"] == "rejected"
    wrong = api(adam).post(f"/api/v1/innovations/{innovation.pk}/transitions/start_review/")
    assert wrong.status_code == 400


def test_adopt_with_instrument_by_multipart(adam, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, status=S.FEASIBLE)
    response = api(adam).post(
        f"/api/v1/innovations/{innovation.pk}/transitions/adopt/",
        {
            "instrument_kind": "perkada",
            "instrument_number": "12 Tahun 2025",
            "instrument_date": "2025-03-01",
            "instrument_file": pdf_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "adopted"


def test_health_and_reports(alice, oscar, agency_a):
    innovation = implemented(agency_a, start=timezone.localdate() - datetime.timedelta(days=200))
    services.health_refresh()
    body = api(alice).get(f"/api/v1/innovations/{innovation.pk}/health/").json()
    assert body["health"] == "stagnant" and body["rule"] == "report_overdue"
    assert body["inputs"]["days_overdue"] > 0 and body["explanation"]
    assert api(alice).get(f"/api/v1/innovations/{innovation.pk}/reports/").json() == []
    assert api(oscar).get(f"/api/v1/innovations/{innovation.pk}/health/").status_code == 404
    listed = api(alice).get("/api/v1/innovations/").json()["results"][0]
    assert listed["health"] == "stagnant" and listed["stage"] == "penerapan"
