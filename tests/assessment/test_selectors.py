"""A Pemda's index from the database equals the pure formula; eligibility as a database
filter agrees with its Python form; coverage, agencies and missing evidence."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inovda.assessment import scoring, selectors, services
from inovda.assessment.models import InnovationAssessment
from tests.assessment.conftest import MANDATORY_SID
from tests.assessment.factories import basic_affair
from tests.organizations.factories import GovernmentAffairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def basics(db):
    return [basic_affair(f"1.0{i}") for i in range(1, 7)]


def _put(actor, period, innovation, fill, levels):
    sheet = services.innovation_put_forward(actor=actor, period=period, innovation=innovation)
    return fill(actor, sheet, levels)


def _accept_all(vera, sheet):
    for row in sheet.rows.filter(level__gt=0):
        services.entry_review(actor=vera, entry=row, accept=True)


def test_pemda_index_is_the_formula_over_eligible_sheets(
    period, pemda, assessable, alice, adam, vera, fill, basics
):
    full = {**MANDATORY_SID, "18": 3, "19": 3}  # 14 + 6 + 6 = 26
    a = _put(alice, period, assessable(main_affair=basics[0]), fill, full)
    _put(alice, period, assessable(main_affair=basics[1]), fill, MANDATORY_SID)
    _put(alice, period, assessable(main_affair=basics[2]), fill, {"16": 3})  # mandatory missing
    _put(alice, period, assessable(implementation_start=datetime.date(2020, 1, 1)), fill, full)
    spd = services.spd_start(actor=adam, period=period, pemda=pemda)
    fill(adam, spd, {"1": 3, "6": 2})  # 3 + 3
    services.sheet_submit(actor=alice, sheet=a)
    _accept_all(vera, a)

    index = selectors.pemda_index(period, pemda.pk)
    rules = selectors.period_rules(period)
    expected_claimed = scoring.compute_index(
        rules, scoring.IndexInput.from_scores(6, [26, 14], basic_covered=2)
    )
    assert index.claimed.iid.value == expected_claimed.iid.value
    assert index.claimed.given.n == 2 and index.claimed.empty_seats == 10
    assert index.covered_claimed == {basics[0].pk, basics[1].pk}
    # Verified: only sheet a counts with points; the SPD is not reviewed; seats stay 2.
    assert index.verified.given.n == 1 and index.verified.given.score_sum == 26
    assert index.verified.given.spd == 0 and index.verified.given.seats == 2
    assert index.covered_verified == {basics[0].pk}
    assert index.verified.iid.value < index.claimed.iid.value


def test_overlapping_affairs_count_unless_the_period_says_not(
    period, pemda, assessable, alice, fill, basics
):
    innovation = assessable(main_affair=basics[0])
    innovation.other_affairs.set([*basics[1:5], GovernmentAffairFactory(code="2.16")])
    _put(alice, period, innovation, fill, MANDATORY_SID)
    index = selectors.pemda_index(period, pemda.pk)
    assert len(index.covered_claimed) == 5 and index.claimed.basic_ok
    assert index.claimed.count_score.value == Decimal("0.38")
    period.count_overlapping_affairs = False
    period.save()
    assert len(selectors.pemda_index(period, pemda.pk).covered_claimed) == 1


def test_a_pemda_without_anything_scores_zero(period, pemda):
    index = selectors.pemda_index(period, pemda.pk)
    assert index.claimed.iid.value == 0
    assert index.claimed.predicate == "Tidak Dapat Dinilai"


def test_indexes_of_every_pemda_in_one_go(period, pemda, other_pemda, assessable, alice, fill):
    _put(alice, period, assessable(), fill, MANDATORY_SID)
    indexes = selectors.pemda_indexes(period)
    assert set(indexes) == {pemda.pk}
    assert indexes[pemda.pk].claimed.given.n == 1


def test_agency_ranking_gap_and_missing_evidence(
    period, pemda, agency_a, agency_b, assessable, alice, bob, vera, lina, fill
):
    a = _put(alice, period, assessable(agency_a), fill, {**MANDATORY_SID, "18": 3})
    _put(bob, period, assessable(agency_b), fill, {**MANDATORY_SID, "20": 3})
    services.sheet_submit(actor=alice, sheet=a)
    _accept_all(vera, a)
    table = selectors.agency_table(user=lina, period=period, pemda_id=pemda.pk)
    assert [row["agency"] for row in table] == [agency_a.name, agency_b.name]
    assert table[0]["verified_avg"] == 20 and table[0]["gap"] == 0
    assert table[1]["verified_avg"] == 0 and table[1]["gap"] == 17
    missing = selectors.missing_evidence(user=lina, period=period, pemda_id=pemda.pk)
    top = {row["code"]: row for row in missing}
    assert top["19"]["missing"] == 2 and top["16"]["missing"] == 0
    assert missing[0]["missing"] == 2


def test_lists_start_from_what_the_user_sees(period, pemda, assessable, alice, oscar, fill):
    _put(alice, period, assessable(), fill, MANDATORY_SID)
    assert not selectors.pemda_sheets(user=oscar, period=period, pemda_id=pemda.pk).exists()
    assert selectors.agency_table(user=oscar, period=period, pemda_id=pemda.pk) == []


# --- The eligibility rule, in SQL and in Python -------------------------------------------

days = st.one_of(st.none(), st.dates(datetime.date(2022, 6, 1), datetime.date(2026, 6, 1)))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(impl=days, dev=days, words=st.sampled_from([0, 299, 300, 450]), missing=st.booleans())
def test_eligibility_filter_agrees_with_the_python_rule(
    period, assessable, alice, impl, dev, words, missing
):
    InnovationAssessment.objects.all().delete()
    innovation = assessable(implementation_start=impl, design_word_count=words)
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    sheet.development_date = dev
    sheet.claimed_mandatory_missing = int(missing)
    sheet.save()
    in_sql = InnovationAssessment.objects.filter(selectors.eligible_q(period)).exists()
    in_python = not selectors.eligibility(sheet)["claimed"]
    assert in_sql == in_python
