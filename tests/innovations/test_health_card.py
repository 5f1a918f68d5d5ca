"""The health card never contradicts itself: it judges the facts as they are now, says no
sponsor confirmed when none did, and counts no negative days."""

import datetime

import pytest
from django.utils import timezone

from inovda.innovations import selectors
from inovda.innovations.models import Innovation, SponsorConfirmation
from tests.innovations.factories import implemented

pytestmark = pytest.mark.django_db
H = Innovation.Health


def test_right_after_implementation_the_card_is_not_not_implemented(agency_a):
    """The stored evaluation still says "not implemented" (the refresh waits for the
    worker); the card judges now."""
    innovation = implemented(agency_a, start=timezone.localdate())
    Innovation.objects.filter(pk=innovation.pk).update(
        health=H.NOT_APPLICABLE, health_computed=H.NOT_APPLICABLE, health_rule="not_implemented"
    )
    innovation.refresh_from_db()
    view = selectors.health_view(innovation)
    assert view["rule"] == "on_track" and view["status"] == H.GROWING
    assert view["badge"]["health"] == H.GROWING
    assert "tidak diterapkan" not in view["explanation"]
    assert "Laporan perkembangan pertama jatuh tempo" in view["explanation"]


def test_no_negative_days_and_no_sponsor_claimed(agency_a):
    """An implementation dated ahead of the trial end's record (old data) counts 0 days."""
    innovation = implemented(agency_a)
    Innovation.objects.filter(pk=innovation.pk).update(
        implementation_start=timezone.localdate() + datetime.timedelta(days=27)
    )
    innovation.refresh_from_db()
    view = selectors.health_view(innovation)
    values = [str(value) for _label, value in view["rows"]]
    assert not any(v.startswith("-") for v in values), values
    labels = [str(label) for label, _value in view["rows"]]
    assert "Hari sejak penerapan dimulai (belum ada konfirmasi sponsor)" in labels
    assert "sponsor mengonfirmasi" not in view["explanation"].lower()


def test_sponsor_lapsed_without_any_confirmation_says_so(agency_a):
    innovation = implemented(agency_a, start=datetime.date(2024, 1, 1))
    view = selectors.health_view(innovation)
    # the first rule that fires may be an overdue report; the sponsor text is the one
    # the card would give for the lapsed sponsor
    from inovda.innovations import health

    text = health.explain("sponsor_lapsed", view["inputs"], view["thresholds"])
    assert "Belum ada sponsor yang mengonfirmasi" in text
    SponsorConfirmation.objects.create(
        innovation=innovation,
        sponsor_name="Drs. Sutiaji",
        sponsor_position="Sekretaris Daerah",
        confirmed_on=datetime.date(2024, 6, 1),
    )
    view = selectors.health_view(innovation)
    text = health.explain("sponsor_lapsed", view["inputs"], view["thresholds"])
    assert "Belum ada sponsor" not in text
    assert view["inputs"]["last_sponsor_confirmation"] == "2024-06-01"


def test_the_card_page_shows_the_live_badge(login, adam, agency_a):
    innovation = implemented(agency_a, start=timezone.localdate())
    Innovation.objects.filter(pk=innovation.pk).update(health_rule="not_implemented")
    page = (
        login(adam)
        .get(f"/innovations/{innovation.pk}/card/?card=innovations/panels/health.html")
        .content.decode()
    )
    assert 'data-health="growing"' in page
    assert 'data-rule="on_track"' in page
    assert "Sesuai jalur" in page or "on_track" in page
