"""Two verifiers, one row: the second review is refused as stale (no silent last-wins);
the same review sent twice is done once."""

import pytest
from django.urls import reverse

from inovda.assessment import services
from inovda.assessment.models import Entry
from inovda.core.versioning import StaleVersion
from tests.assessment.conftest import MANDATORY_SID
from tests.organizations.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(assessable, period, alice, fill):
    innovation = assessable(name="Posyandu Digital Kominfo")
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    sheet = fill(alice, sheet, {**MANDATORY_SID, "18": 2})
    services.sheet_submit(actor=alice, sheet=sheet)
    return sheet


def test_opposite_reviews_of_one_row_the_second_is_stale(submitted, vera, pemda):
    other = member("vina", "verifier", pemda=pemda)
    row = submitted.rows.get(indicator__number=16)
    seen = row.version  # both verifiers opened the page
    services.entry_review(actor=vera, entry=row, accept=True, version=seen)
    with pytest.raises(StaleVersion):
        services.entry_review(actor=other, entry=row, accept=False, note="Kurang", version=seen)
    row.refresh_from_db()
    assert row.review == Entry.Review.ACCEPTED and row.reviewed_by == vera


def test_the_page_keeps_the_second_verifiers_note_and_names_the_first(
    submitted, vera, pemda, client
):
    other = member("vina", "verifier", pemda=pemda)
    vera.first_name = "Vera"
    vera.save()
    row = submitted.rows.get(indicator__number=16)
    url = reverse("assessment:review", args=[row.pk])
    seen = row.version
    client.force_login(vera)
    assert client.post(url, {"decision": "accept", "version": seen}).status_code == 302
    client.force_login(other)
    refused = client.post(url, {"decision": "reject", "note": "Bukti buram", "version": seen})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Vera" in body and "Bukti buram" in body
    row.refresh_from_db()
    assert row.review == Entry.Review.ACCEPTED


def test_a_double_submitted_review_is_done_once(submitted, vera, client):
    row = submitted.rows.get(indicator__number=16)
    url = reverse("assessment:review", args=[row.pk])
    client.force_login(vera)
    data = {"decision": "accept", "version": row.version}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same click again: no error
    row.refresh_from_db()
    assert row.review == Entry.Review.ACCEPTED
    assert row.version == data["version"] + 1
