"""Decisions on the IID engine: (1) the what-if page shows a negative gain; (2) keeping
every put-forward innovation in the verified divisor is a period setting, said on the
score page; (3) an innovator fills the sheet of an innovation they lead, the operator
submits it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inovda.assessment import access, selectors, services
from inovda.assessment.models import SheetStatus
from tests.assessment.conftest import MANDATORY_SID

pytestmark = pytest.mark.django_db


def test_the_what_if_page_shows_a_negative_gain(login, lina, period, six_basic_services):
    """Twelve innovations fill the k = 12 seats; a thirteenth at 14 lowers the index."""
    response = login(lina).get(
        reverse("assessment:simulate"),
        {
            "period": 2026,
            "spd": 40,
            "innovations": 12,
            "score": 80,
            "basic_services": 6,
            "next_score": 14,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "alert-warning" in page
    assert "akan mengubah IID sebesar -" in page or "sebesar -" in page


@pytest.fixture
def two_sheets(period, assessable, alice, fill):
    """Two innovations put forward at 14 points each; one verified."""
    sheets = []
    for name in ("Satu", "Dua"):
        sheet = services.innovation_put_forward(
            actor=alice, period=period, innovation=assessable(name=name)
        )
        sheets.append(fill(alice, sheet, MANDATORY_SID))
    return sheets


def test_verified_divisor_rule_is_a_period_setting(period, pemda, two_sheets, vera, alice):
    first, _second = two_sheets
    services.sheet_submit(actor=alice, sheet=first)
    for row in first.rows.all():
        services.entry_review(actor=vera, entry=row, accept=True)
    services.sheet_verify(actor=vera, sheet=first)
    assert period.verified_divisor_keeps_all  # the conservative default
    kept = selectors.pemda_index(period, pemda.pk).verified
    assert kept.given.n == 1 and kept.given.seats == 2
    period.verified_divisor_keeps_all = False
    period.save()
    only = selectors.pemda_index(period, pemda.pk).verified
    assert only.given.seats is None
    # under k = 12 both divide by 12; the rule shows in the seats the index counts
    assert only.iid.value <= selectors.pemda_index(period, pemda.pk).claimed.iid.value


def test_the_score_page_says_which_rule(login, lina, period, pemda, two_sheets):
    url = reverse("assessment:pemda", args=[2026, pemda.pk])
    page = login(lina).get(url).content.decode()
    assert "aturan konservatif" in page
    period.verified_divisor_keeps_all = False
    period.save()
    page = login(lina).get(url).content.decode()
    assert "hanya dengan inovasi yang terverifikasi" in page


def test_an_innovator_fills_what_they_lead_and_the_operator_submits(
    period, assessable, alice, ivan, fill
):
    led = assessable(name="Dipimpin Ivan", owner=ivan)
    other = assessable(name="Milik Orang Lain")
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=led)
    not_led = services.innovation_put_forward(actor=alice, period=period, innovation=other)
    assert access.can_fill(ivan, sheet) and not access.can_submit(ivan, sheet)
    assert not access.can_fill(ivan, not_led)
    fill(ivan, sheet, MANDATORY_SID)  # the innovator sets levels and evidence
    with pytest.raises(PermissionDenied, match="operator perangkat daerah"):
        services.sheet_submit(actor=ivan, sheet=sheet)
    with pytest.raises(PermissionDenied):
        services.innovation_withdraw(actor=ivan, sheet=sheet)
    with pytest.raises(PermissionDenied):
        services.entry_update(actor=ivan, entry=not_led.rows.first(), level=1)
    services.sheet_submit(actor=alice, sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED


def test_the_innovator_sees_who_submits(login, period, assessable, alice, ivan):
    led = assessable(name="Dipimpin Ivan", owner=ivan)
    services.innovation_put_forward(actor=alice, period=period, innovation=led)
    page = login(ivan).get(reverse("assessment:sheet", args=[2026, led.pk])).content.decode()
    assert 'id="operator-submits"' in page
    assert "Simpan level" in page
