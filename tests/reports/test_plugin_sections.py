"""The leadership dashboard shows what the other apps measure, equal to their own figures."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from inovda.assessment import selectors as iid
from inovda.organizations.models import LocalGovernment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", verbosity=0)


def _sections(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {section.key: data for section, data in response.context["sections"]}


def test_leadership_dashboard_shows_every_app(demo, client):
    client.force_login(get_user_model().objects.get(username="pimpinan"))
    sections = _sections(client, reverse("reports:leadership"))
    assert {"health", "iid", "barriers", "risks", "budget", "factors"} <= set(sections)
    malang = LocalGovernment.objects.get(code="35.73")
    index = iid.pemda_index(iid.current_period(), malang.pk)
    chart = sections["iid"].charts[0]
    assert chart.series[0].values[-1] == float(index.claimed.iid.shown)
    assert chart.series[1].values[-1] == float(index.verified.iid.shown)
    assert chart.series[1].values[-1] <= chart.series[0].values[-1]


def test_agency_dashboard_keeps_to_the_agency(demo, client):
    client.force_login(get_user_model().objects.get(username="operator.kominfo"))
    sections = _sections(client, reverse("reports:agency"))
    assert not {"iid", "barriers", "risks", "budget", "factors"} & set(sections)


def test_other_pemda_sees_none_of_it(demo, client):
    client.force_login(get_user_model().objects.get(username="operator.batu"))
    sections = _sections(client, reverse("reports:leadership"))
    assert not {"iid", "barriers", "risks", "budget", "factors", "health"} & set(sections)


def test_annual_report_carries_the_sections(demo, client):
    from pypdf import PdfReader

    client.force_login(get_user_model().objects.get(username="pimpinan"))
    response = client.get(reverse("reports:annual_pdf"))
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "IID" in text and "Hambatan" in text
