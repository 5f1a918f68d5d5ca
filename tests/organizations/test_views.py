import pytest
from django.urls import reverse

from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(agency_a, agency_b, other_agency):
    InnovationFactory(agency=agency_a, status=Innovation.Status.DRAFT)
    InnovationFactory(agency=agency_a, status=Innovation.Status.IMPLEMENTED)
    InnovationFactory(agency=agency_b, status=Innovation.Status.DRAFT)
    InnovationFactory(agency=other_agency, status=Innovation.Status.IMPLEMENTED)


def _rows(response):
    return {row["agency"].name: (row["total"], row["draft"]) for row in response.context["rows"]}


def test_counts_follow_what_the_user_may_see(login, alice, registry):
    rows = _rows(login(alice).get(reverse("organizations:agency_list")))
    assert rows == {"Dinas Komunikasi dan Informatika": (2, 1), "Dinas Kesehatan": (0, 0)}


def test_admin_counts_every_draft(login, adam, registry):
    rows = _rows(login(adam).get(reverse("organizations:agency_list")))
    assert rows == {"Dinas Komunikasi dan Informatika": (2, 1), "Dinas Kesehatan": (1, 1)}


def test_other_pemda_sees_only_its_agencies(login, oscar, registry):
    rows = _rows(login(oscar).get(reverse("organizations:agency_list")))
    assert rows == {"Dinas Kominfo Kota Batu": (1, 0)}


def test_foreign_pemda_parameter_is_ignored(login, oscar, pemda, registry):
    response = login(oscar).get(reverse("organizations:agency_list"), {"pemda": pemda.pk})
    assert "Dinas Kesehatan" not in response.content.decode()


def test_anonymous_redirected(client):
    assert client.get(reverse("organizations:agency_list")).status_code == 302
