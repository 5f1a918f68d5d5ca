"""The admin pages edit the rules: a copy for next year, and an edit that rescores."""

import json

import pytest

from inovda.assessment import services
from inovda.assessment.models import AssessmentPeriod
from inovda.core.models import AuditEvent
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_copy_as_next_year(client, root, period):
    client.force_login(root)
    response = client.post(
        "/admin/assessment/assessmentperiod/",
        {"action": "copy_as_next_year", "_selected_action": [period.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = AssessmentPeriod.objects.get(year=2027)
    assert copy.copied_from == period and copy.indicators.count() == 40
    page = client.get(f"/admin/assessment/assessmentperiod/{copy.pk}/change/")
    assert page.status_code == 200 and "Video inovasi daerah" in page.content.decode()


def test_editing_a_weight_in_the_admin_rescores(client, root, period, assessable, alice, fill):
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=assessable())
    fill(alice, sheet, {"18": 3})
    indicator = period.indicators.get(number=18)
    client.force_login(root)
    url = f"/admin/assessment/indicator/{indicator.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "period": period.pk,
            "aspect": "sid",
            "number": 18,
            "sub": "",
            "position": indicator.position,
            "variable": indicator.variable,
            "name": indicator.name,
            "weight": "3.00",
            "mandatory": "",
            "levels": json.dumps(indicator.levels),
            "evidence_description": "",
            "evidence_required": "",
            "evidence_tips": "",
            "bases-TOTAL_FORMS": "0",
            "bases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.claimed_score == 9
    assert AuditEvent.objects.filter(verb="period_edited").exists()


def test_the_admin_is_for_system_administrators(client, adam, period):
    client.force_login(adam)
    assert client.get("/admin/assessment/assessmentperiod/").status_code == 302
