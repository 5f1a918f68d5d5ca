"""The health sections on the dashboards equal independent counts over the same rows."""

import pytest
from django.urls import reverse

from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
H = Innovation.Health
S = Innovation.Status


@pytest.fixture
def implemented(agency_a, agency_b):
    for health, agency in [
        (H.GROWING, agency_a),
        (H.GROWING, agency_b),
        (H.STAGNANT, agency_a),
        (H.DISCONTINUED, agency_b),
    ]:
        InnovationFactory(agency=agency, status=S.IMPLEMENTED, health=health)
    InnovationFactory(agency=agency_a, status=S.SUBMITTED)  # not applicable: not counted


def _section(response, key):
    for section, data in response.context["sections"]:
        if section.key == key:
            return data
    return None


def test_health_section_counts(login, lina, implemented):
    response = login(lina).get(reverse("reports:leadership"))
    data = _section(response, "health")
    chart = data.charts[0]
    # "Tidak berlanjut" is the status (one number everywhere); a running innovation the
    # rules presume discontinued is counted apart as silent.
    expected = {
        str(H.GROWING.label): Innovation.objects.filter(health=H.GROWING).count(),
        str(H.STAGNANT.label): Innovation.objects.filter(health=H.STAGNANT).count(),
        str(S.DISCONTINUED.label): Innovation.objects.filter(status=S.DISCONTINUED).count(),
        "Senyap (diduga tidak berlanjut)": Innovation.objects.filter(
            health=H.DISCONTINUED, status=S.IMPLEMENTED
        ).count(),
    }
    assert expected["Senyap (diduga tidak berlanjut)"] == 1
    assert dict(zip(chart.labels, chart.series[0].values, strict=True)) == expected
    assert _section(response, "stagnant").context["stagnant"][0].health == H.STAGNANT


def test_health_section_hidden_without_data(login, lina, agency_a):
    InnovationFactory(agency=agency_a, status=S.SUBMITTED)
    response = login(lina).get(reverse("reports:leadership"))
    assert _section(response, "health") is None
