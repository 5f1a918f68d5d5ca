"""Rules are data: a period with other weights and another k gives other results, with no
change to the code; a new period starts as a copy of an earlier one."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from inovda.assessment import selectors, services
from inovda.assessment.models import AssessmentPeriod, Indicator, PredicateBand
from inovda.core.models import AuditEvent
from tests.assessment.conftest import MANDATORY_SID
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_copy_keeps_constants_bands_catalogue_and_bases(period, root):
    copy = services.period_copy(actor=root, source=period, year=2028)
    assert copy.copied_from == period and copy.name == "IID 2028"
    assert copy.indicators.count() == 40 and copy.bands.count() == 4
    assert copy.indicators.get(number=33).bases.count() == 6
    assert copy.eligibility_start.year == 2026 and copy.eligibility_end.year == 2027
    # k for 2028 is in the reference (projected 16); the basic-service rule of 2027 holds.
    assert (copy.min_divisor, copy.basic_service_minimum) == (16, 6)
    assert "pembagi_minimal_by_year 2028" in copy.notes
    assert "min_urusan_yandas_by_year 2027" in copy.notes
    kept = copy.notes.split("IID 2026:")[1]
    assert "0.38" in kept and "200" in kept
    assert selectors.period_rules(copy).total_max == 250
    assert AuditEvent.objects.filter(verb="period_copied").exists()


def test_only_a_system_administrator_copies(period, adam):
    with pytest.raises(PermissionDenied):
        services.period_copy(actor=adam, source=period, year=2028)


def test_other_weights_and_k_give_other_results(period, pemda, assessable, alice, root, fill):
    # The same facts under 2026 and under an edited copy for 2027.
    innovation = assessable()
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    fill(alice, sheet, {**MANDATORY_SID, "18": 3})
    before = selectors.pemda_index(period, pemda.pk).claimed

    p2027 = services.period_copy(actor=root, source=period, year=2030)
    p2027.min_divisor, p2027.basic_service_minimum = 14, 6
    p2027.opens_on, p2027.closes_on = period.opens_on, period.closes_on
    p2027.eligibility_start, p2027.eligibility_end = period.eligibility_start, None
    p2027.save()
    Indicator.objects.filter(period=p2027, number=18).update(weight=Decimal("4"))
    PredicateBand.objects.filter(period=p2027, label="Kurang Inovatif").update(minimum=Decimal("5"))
    PredicateBand.objects.create(period=p2027, minimum=Decimal("0.01"), label="Rintisan")
    services.period_edited(actor=root, period=p2027, changes={"weights": "edited"})

    later = services.innovation_put_forward(actor=alice, period=p2027, innovation=innovation)
    fill(alice, later, {**MANDATORY_SID, "18": 3})
    after = selectors.pemda_index(p2027, pemda.pk).claimed

    assert (before.rules.sid_max, after.rules.sid_max) == (111, 117)
    assert after.rules.total_max == 256
    assert (before.divisor.value, after.divisor.value) == (12, 14)
    assert (before.given.score_sum, after.given.score_sum) == (20, 26)
    assert before.iid.value != after.iid.value
    assert (before.predicate, after.predicate) == ("Kurang Inovatif", "Rintisan")


def test_editing_the_weights_rescores_the_kept_sheets(period, assessable, alice, root, fill):
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=assessable())
    fill(alice, sheet, {"18": 3})
    assert sheet.claimed_score == 6
    Indicator.objects.filter(period=period, number=18).update(weight=Decimal("5"))
    services.period_edited(actor=root, period=period, changes={"weight": "edited"})
    sheet.refresh_from_db()
    assert sheet.claimed_score == 15


def test_reference_loading_is_idempotent_and_keeps_edits(period):
    import io

    from inovda.assessment import reference

    period.min_divisor = 13
    period.save()
    reference.load(io.StringIO())
    reference.load(io.StringIO())
    assert AssessmentPeriod.objects.get(year=2026).min_divisor == 13
    assert Indicator.objects.filter(period__year=2026).count() == 40
    legacy = AssessmentPeriod.objects.get(year=2022)
    assert not legacy.is_regional
    assert selectors.period_rules(legacy).sid_max == 150  # weights sum to 50
    assert legacy.indicators.get(number=1).evidence_required.startswith("Perda")


def test_reference_creates_2027_from_its_constants(periods):
    p2027 = periods[2027]
    assert (p2027.min_divisor, p2027.basic_service_minimum) == (14, 6)
    assert p2027.copied_from == periods[2026] and p2027.indicators.count() == 40
    assert p2027.eligibility_start.year == 2025 and p2027.eligibility_end.year == 2026
    rules = selectors.period_rules(p2027)
    # 8 innovations at 80, SPD 40, all six basic services: 640 / MAX(14, 8) + 3.04 + 40.
    result = selectors.simulate(
        period=p2027, spd=Decimal(40), scores=[Decimal(80)] * 8, basic_services=6
    )
    assert rules.total_max == 250
    assert str(result.breakdown.iid.value.quantize(Decimal("0.01"))) == "35.50"
    # Five basic services are no longer enough in 2027: no count score.
    five = selectors.simulate(
        period=p2027, spd=Decimal(40), scores=[Decimal(80)] * 8, basic_services=5
    )
    assert five.breakdown.iid.value < result.breakdown.iid.value


def test_copy_says_what_it_took_and_what_it_kept(period, root):
    """A year the reference says nothing about keeps every rule of its source."""
    copy = services.period_copy(actor=root, source=period, year=2031)
    assert (copy.min_divisor, copy.basic_service_minimum) == (12, 6)
    taken, kept = copy.copy_summary.split("IID 2026:")
    assert "2031" in taken and "min_urusan_yandas_by_year 2027" in taken
    assert "= 12" in kept and "pembagi_minimal_by_year" not in kept
