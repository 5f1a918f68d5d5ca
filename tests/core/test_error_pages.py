"""`make run` runs with DEBUG: a person who opens a record outside their scope, a wrong
address, or a page that fails still gets Inovda's own page in Indonesian with a way back,
never Django's debug page (INOVDA_DEBUG_PAGES=1 brings that back for developers)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from inovda.core.middleware import FriendlyErrorsMiddleware
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db

HOME = 'href="/'


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.INOVDA_DEBUG_PAGES = False


def _own_page(response, status, words):
    text = response.content.decode()
    assert response.status_code == status
    assert words in text and "Kembali ke beranda" in text
    assert "Traceback" not in text and "URLconf" not in text and "DEBUG = True" not in text


def test_a_record_outside_the_scope_is_our_404(debug, client, alice, other_agency):
    hidden = InnovationFactory(agency=other_agency, pemda=other_agency.pemda)
    client.force_login(alice)
    response = client.get(reverse("innovations:detail", args=[hidden.pk]))
    _own_page(response, 404, "tidak ditemukan")


def test_a_wrong_address_is_our_404(debug, client, alice):
    client.force_login(alice)
    _own_page(client.get("/tidak-ada-halaman-ini/"), 404, "tidak ditemukan")


def test_a_refusal_is_our_403(debug, client, alice):
    client.force_login(alice)
    response = client.get(reverse("reports:import_index"))
    assert response.status_code == 403
    assert "Kembali ke beranda" in response.content.decode()


def test_a_failure_is_our_500(debug, alice):
    request = RequestFactory().get("/rusak/")
    request.user = alice
    middleware = FriendlyErrorsMiddleware(lambda r: None)
    response = middleware.process_exception(request, RuntimeError("boom"))
    _own_page(response, 500, "Terjadi kesalahan")


def test_developers_may_ask_for_the_debug_pages(settings, client, alice):
    settings.DEBUG = True
    settings.INOVDA_DEBUG_PAGES = True
    client.force_login(alice)
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404 and "URLconf" in response.content.decode()
