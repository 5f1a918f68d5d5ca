"""Bounded text (core/bounds.py): no form or API call stores megabytes in one field; the
refusal is in Indonesian and the form comes back with what was typed."""

import re

import pytest
from django import forms
from django.urls import reverse
from rest_framework.test import APIClient

from inovda.core import bounds
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db

FOUR_MB = "x" * (4 * 1024 * 1024 - 4096)


def test_limits_fit_the_content():
    form = forms.modelform_factory(
        Innovation, fields=["name", "design_problem", "budget_note", "design_novelty"]
    )()
    assert form.fields["name"].max_length == 255  # the column's own
    assert form.fields["design_problem"].max_length == bounds.LONG  # a design chapter
    assert form.fields["budget_note"].max_length == bounds.NOTE
    assert forms.CharField().max_length == bounds.TEXT  # a plain field without a maximum
    assert forms.CharField(max_length=80).max_length == 80
    assert forms.JSONField().max_length is None


def test_a_form_refuses_a_huge_field_in_indonesian_and_keeps_the_input(pemda, client, settings):
    from inovda.public.models import Region

    settings.INOVDA_PUBLIC = {"FORM_MIN_SECONDS": 0}
    city = Region.objects.create(code="35.73", name="Kota Malang", level="kota", pemda=pemda)
    district = Region.objects.create(
        code="35.73.01", name="Blimbing", level="kecamatan", parent=city, pemda=pemda
    )
    url = reverse("public:proposal_new")
    page = client.get(url).content.decode()
    issued = re.search(r'name="issued" value="([^"]+)"', page).group(1)
    kept = "Antrean lansia di puskesmas " + "y" * bounds.TEXT
    response = client.post(
        url,
        {
            "kind": "idea",
            "title": "Antrean",
            "description": kept,
            "district": district.pk,
            "proposer_email": "warga@example.org",
            "consent": "on",
            "website": "",
            "issued": issued,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"paling banyak {bounds.TEXT} karakter" in body  # Django's Indonesian message
    assert kept in body  # what was typed comes back
    from inovda.public.models import Proposal

    assert not Proposal.objects.exists()


def test_the_api_refuses_four_megabytes_with_json(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, name="Lama")
    client = APIClient()
    client.force_authenticate(alice)
    response = client.patch(
        f"/api/v1/innovations/{innovation.pk}/", {"design_problem": FOUR_MB}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["design_problem"][0]
    assert message == f"Isi bidang ini tidak boleh melebihi {bounds.LONG} karakter."
    innovation.refresh_from_db()
    assert innovation.design_problem != FOUR_MB


def test_a_staff_form_under_the_request_limit_keeps_four_megabytes_of_input(login, alice, agency_a):
    """Under the 5 MB request limit a huge field is answered by the form itself, with the
    Indonesian message and everything typed (above it: the 413 page, test_safe_defaults)."""
    client = login(alice)
    huge = "z" * (4 * 1024 * 1024)
    response = client.post(
        reverse("innovations:create"),
        {"name": "Inovasi Uji", "agency": agency_a.pk, "results": huge, "goals": "Tujuan"},
    )
    assert response.status_code in (200, 400)
    form = response.context["form"]
    assert "results" in form.errors
    assert f"paling banyak {bounds.TEXT} karakter" in form.errors["results"][0]
    body = response.content.decode()
    assert huge in body and "Tujuan" in body and "Inovasi Uji" in body
    assert not Innovation.objects.exists()
