"""No lost update on the innovation: the page refuses a stale save with the other person's
changes shown and the user's input kept; the API answers ETag / If-Match / 412."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from inovda.core.versioning import StaleVersion
from inovda.ecosystem import services as ecosystem_services
from inovda.innovations.models import Innovation
from tests.ecosystem.factories import BarrierFactory
from tests.innovations.factories import InnovationFactory
from tests.security.test_access_matrix import _Forms

pytestmark = pytest.mark.django_db


def _edit_form(client, innovation) -> dict:
    url = reverse("innovations:edit", args=[innovation.pk])
    page = client.get(url)
    parser = _Forms(url)
    parser.feed(page.content.decode())
    return next(fields for action, fields in parser.forms if "name" in fields)


def test_two_editors_the_later_save_is_refused_and_keeps_its_input(alice, ivan, agency_a):
    alice.first_name = "Alice"
    alice.save()
    innovation = InnovationFactory(agency=agency_a, name="Posyandu Digital")
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(ivan)
    url = reverse("innovations:edit", args=[innovation.pk])
    alice_form, ivan_form = _edit_form(first, innovation), _edit_form(second, innovation)

    assert first.post(url, {**alice_form, "name": "Posyandu Pintar"}).status_code == 302
    refused = second.post(url, {**ivan_form, "name": "Posyandu Cerdas"})
    body = refused.content.decode()
    assert refused.status_code == 400  # the form again, not a redirect
    assert "Alice" in body and "Posyandu Pintar" in body  # who, and their value
    assert 'value="Posyandu Cerdas"' in body  # what Ivan typed is kept
    innovation.refresh_from_db()
    assert innovation.name == "Posyandu Pintar"

    # Saving again after reading theirs is a conscious overwrite.
    again = _Forms(url)
    again.feed(body)
    fields = next(f for _, f in again.forms if "name" in f)
    assert second.post(url, fields).status_code == 302
    innovation.refresh_from_db()
    assert innovation.name == "Posyandu Cerdas"


def test_api_etag_if_match_and_412(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, name="Posyandu Digital")
    api = APIClient()
    api.force_authenticate(alice)
    url = f"/api/v1/innovations/{innovation.pk}/"
    read = api.get(url)
    etag = read["ETag"]
    assert etag == f'"{innovation.version}"'
    changed = api.patch(url, {"name": "A"}, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    stale = api.patch(url, {"name": "B"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert (
        api.put(url, {**read.json(), "name": "C"}, HTTP_IF_MATCH=etag, format="json").status_code
        == 412
    )
    assert api.patch(url, {"name": "D"}, HTTP_IF_MATCH="garbage").status_code == 412
    assert Innovation.objects.get(pk=innovation.pk).name == "A"
    assert api.patch(url, {"name": "E"}).status_code == 200  # no If-Match: no precondition


def test_every_editable_register_refuses_a_stale_save(alice, agency_a):
    barrier = BarrierFactory(innovation=InnovationFactory(agency=agency_a))
    seen = barrier.version
    ecosystem_services.barrier_update(
        actor=alice, barrier=barrier, data={"title": "Izin lambat"}, version=seen
    )
    with pytest.raises(StaleVersion):
        ecosystem_services.barrier_update(
            actor=alice, barrier=barrier, data={"title": "Izin cepat"}, version=seen
        )
