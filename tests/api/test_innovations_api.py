"""The API obeys the same access rules as the pages."""

import pytest
from rest_framework.test import APIClient

from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status


@pytest.fixture
def api():
    def _api(user=None):
        client = APIClient()
        if user:
            client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def drafts(agency_a, agency_b):
    return InnovationFactory(agency=agency_a, name="Draf A"), InnovationFactory(
        agency=agency_b, name="Draf B"
    )


def _names(response):
    return {row["name"] for row in response.json()["results"]}


def test_anonymous_is_refused(api, drafts):
    assert api().get("/api/v1/innovations/").status_code in (401, 403)


def test_operator_lists_own_drafts_only(api, alice, drafts):
    assert _names(api(alice).get("/api/v1/innovations/")) == {"Draf A"}
    assert _names(api(alice).get("/api/v1/innovations/", {"q": "Draf"})) == {"Draf A"}


def test_operator_cannot_read_or_change_other_agency(api, alice, drafts):
    _, b = drafts
    client = api(alice)
    assert client.get(f"/api/v1/innovations/{b.pk}/").status_code == 404
    assert client.patch(f"/api/v1/innovations/{b.pk}/", {"name": "X"}).status_code == 404
    assert client.delete(f"/api/v1/innovations/{b.pk}/").status_code == 404
    assert client.post(f"/api/v1/innovations/{b.pk}/submit/").status_code == 404
    b.refresh_from_db()
    assert b.name == "Draf B"


def test_operator_cannot_create_for_other_agency(api, alice, agency_b):
    response = api(alice).post(
        "/api/v1/innovations/", {"name": "Y", "agency": agency_b.pk, "stage": "inisiatif"}
    )
    assert response.status_code == 403
    # The service's refusal, in the user's language (Indonesian by default), not a copy.
    assert response.json()["detail"] == (
        "Anda tidak boleh mendaftarkan inovasi untuk perangkat daerah ini."
    )
    assert not Innovation.objects.exists()


def test_operator_creates_and_edits_own(api, alice, agency_a):
    client = api(alice)
    response = client.post(
        "/api/v1/innovations/",
        {"name": "Lewat API", "agency": agency_a.pk, "stage": "inisiatif"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.patch(f"/api/v1/innovations/{pk}/", {"name": "Ubah"}).status_code == 200
    assert Innovation.objects.get(pk=pk).name == "Ubah"


def test_submit_with_short_design_is_400_with_reason(api, alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, design_problem="pendek")
    response = api(alice).post(f"/api/v1/innovations/{innovation.pk}/submit/")
    assert response.status_code == 400
    assert "300" in str(response.json())


def test_leadership_reads_but_cannot_write(api, lina, agency_a):
    live = InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    client = api(lina)
    assert client.get(f"/api/v1/innovations/{live.pk}/").status_code == 200
    assert client.patch(f"/api/v1/innovations/{live.pk}/", {"name": "Z"}).status_code == 403


def test_other_pemda_sees_nothing(api, oscar, drafts, agency_a):
    InnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    assert _names(api(oscar).get("/api/v1/innovations/")) == set()


def test_schema_is_served(api, alice):
    assert api(alice).get("/api/schema/").status_code == 200
