"""Five-factor health on crafted data: per agency, per Pemda, empty agencies, trend,
self-assessed maturity and the suggestions for the weakest factor."""

import datetime
from decimal import Decimal

import pytest

from inovda.ecosystem import factors, health
from inovda.ecosystem.models import AssessmentQuestion, SelfAssessment
from tests.ecosystem.conftest import days
from tests.ecosystem.factories import (
    BarrierFactory,
    BudgetLineFactory,
    InnovatorFactory,
    ReallocationFactory,
    RiskFactory,
    RiskReviewFactory,
    TimeAllotmentFactory,
    TrainingFactory,
)
from tests.innovations.factories import InnovationFactory
from tests.organizations.factories import AgencyFactory

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


@pytest.fixture
def agency_c(pemda):
    return AgencyFactory(pemda=pemda, name="Kelurahan Tanpa Data")


@pytest.fixture
def records(today, pemda, agency_a, agency_b, agency_c, a_live, b_live):
    """Agency A with records for every factor; B with one running innovation only; C empty."""
    a_complete = InnovationFactory(
        agency=agency_a, complete=True, status="trial", stage="uji_coba", name="Lengkap", year=2025
    )
    InnovationFactory(agency=agency_a, status="submitted")  # not running: never counted
    # F1: two innovators, one trained, one with time, none recognised
    rina, budi = InnovatorFactory(agency=agency_a), InnovatorFactory(agency=agency_a)
    TrainingFactory(innovator=rina)
    TrainingFactory(innovator=budi, held_on=today.replace(year=2025))  # another year
    TimeAllotmentFactory(innovator=budi)
    # F2: raised this year: one resolved on time, one open past due; a withdrawn one ignored
    BarrierFactory(innovation=a_live, raised_on=today - days(20), resolved=True)
    BarrierFactory(innovation=a_live, raised_on=today - days(20))
    BarrierFactory(innovation=a_live, raised_on=today - days(30), status="withdrawn")
    # F3: one of two running innovations has a register; one review on time, one missed
    risk = RiskFactory(innovation=a_live, identified_on=datetime.date(2025, 5, 1))
    RiskReviewFactory(risk=risk, due_on=today - days(30), reviewed_on=today - days(31))
    RiskFactory(innovation=a_live, identified_on=today - days(100), review_on=today - days(10))
    # F5: 100 allocated, 50 realised; one innovation funded; decided in 14 days (= target)
    line = BudgetLineFactory(innovation=a_live, allocated=100 * M, realised=50 * M)
    ReallocationFactory(
        from_line=line,
        to_line=BudgetLineFactory(innovation=a_live, allocated=0 * M + M, realised=M),
        requested_on=today - days(14),
        decided_on=today,
        status="approved",
    )
    return {"a_complete": a_complete}


def scores(item):
    return {code: fs.score for code, fs in item.scores.items()}


def test_agency_scores_on_crafted_data(records, pemda, agency_a):
    total, agencies = health.pemda_health(pemda.pk, 2026, [agency_a.pk])
    a = agencies[agency_a.pk]
    # F1 = 100 × (0.4 × 1/2 + 0.3 × 1/2 + 0.3 × 0) = 35
    # F2 = 100 × 1 / (1 + 1) = 50
    # F3 = 100 × (0.5 × 1/2 + 0.5 × 1/2) = 50   (two running, one covered; one of two reviews)
    # F4 = 100 × mean(1/2 complete, 0/2 evidence, 0/2 reports, 0/2 KPI, 0/2 lessons) = 10
    # F5 = 100 × (0.5 × 0.5 + 0.3 × 1 + 0.2 × 1/2) = 65  (two lines: 101 alloc, 51 realised)
    assert scores(a) == {
        "F1": 35.0,
        "F2": 50.0,
        "F3": 50.0,
        "F4": 10.0,
        "F5": pytest.approx(65.1, abs=0.2),
    }
    assert a.weakest == "F4"


def test_explanations_name_the_inputs(records, pemda, agency_a):
    _, agencies = health.pemda_health(pemda.pk, 2026, [agency_a.pk])
    f3 = agencies[agency_a.pk].scores["F3"]
    coverage, currency = f3.parts
    assert (coverage.numerator, coverage.denominator) == (1, 2)
    assert (currency.numerator, currency.denominator) == (1, 2)
    assert "F3 =" in f3.formula
    f4 = {p.key: p for p in agencies[agency_a.pk].scores["F4"].parts}
    assert not f4["progress_current"].provisional and f4["progress_current"].ratio == 0
    assert (f4["lessons_recorded"].numerator, f4["lessons_recorded"].denominator) == (0, 2)


def test_agency_with_only_a_running_innovation(records, pemda, agency_b):
    _, agencies = health.pemda_health(pemda.pk, 2026, [agency_b.pk])
    b = scores(agencies[agency_b.pk])
    assert b["F1"] is None and b["F2"] is None  # no innovators, no barriers: no data
    assert b["F3"] == 0.0 and b["F5"] == 0.0  # a running innovation without register or budget


def test_empty_agency_shows_no_data_not_zero(records, pemda, agency_c):
    _, agencies = health.pemda_health(pemda.pk, 2026, [agency_c.pk])
    c = agencies[agency_c.pk]
    assert scores(c) == dict.fromkeys(["F1", "F2", "F3", "F4", "F5"])
    assert not c.has_data and c.weakest is None


def test_empty_pemda_shows_no_data(db, other_pemda):
    total, _ = health.pemda_health(other_pemda.pk, 2026)
    assert not total.has_data


def test_pemda_total_sums_the_agencies(records, pemda):
    total, _ = health.pemda_health(pemda.pk, 2026)
    t = scores(total)
    assert t["F1"] == 35.0 and t["F2"] == 50.0
    # three running innovations, one covered; reviews 1 of 2 → 100 × (0.5/3 + 0.25)
    assert t["F3"] == pytest.approx(41.7, abs=0.05)


def test_past_years_use_the_records_of_that_year(records, pemda, agency_a):
    _, agencies = health.pemda_health(pemda.pk, 2025, [agency_a.pk])
    a = agencies[agency_a.pk]
    assert a.scores["F2"].score is None  # no barrier raised in 2025
    assert a.scores["F1"].parts[0].numerator == 1  # budi's 2025 training
    f4 = {p.key: p for p in a.scores["F4"].parts}
    assert f4["profile_complete"].ratio is None and f4["profile_complete"].note
    assert [h.year for h in health.trend(pemda.pk, agency_a.pk)] == [2023, 2024, 2025, 2026]


def test_inputs_are_per_agency(records, pemda, agency_a, agency_b, today):
    assert factors.running_counts(pemda.pk, 2026) == {agency_a.pk: 2, agency_b.pk: 1}
    assert factors.running_counts(pemda.pk, 2024) == {agency_a.pk: 1}  # b_live started 2025
    assert factors.barrier_outcomes(pemda.pk, 2026, today) == {agency_a.pk: (1, 1)}
    assert factors.progress_current(pemda.pk, 2026) == {}  # no report in the crafted data


def test_self_assessed_maturity_sits_beside_the_score(records, pemda, agency_a, adam):
    AssessmentQuestion.objects.create(factor="F1", code="f1-a", text="A")
    AssessmentQuestion.objects.create(factor="F1", code="f1-b", text="B")
    SelfAssessment.objects.create(
        pemda=pemda, agency=agency_a, year=2026, answers={"f1-a": 3, "f1-b": 4}, assessed_by=adam
    )
    total, agencies = health.pemda_health(pemda.pk, 2026, [agency_a.pk])
    assert agencies[agency_a.pk].maturity["F1"] == 4  # 3.5 rounds up
    assert total.maturity == {}


def test_suggestions_link_to_the_records_behind_the_weakest_factor(
    records, pemda, agency_a, adam, a_live
):
    found = health.suggestions(adam, agency_a, "F4", 2026)
    urls = [url for s in found for _, url in s.records]
    assert a_live.get_absolute_url() in urls  # incomplete profile
    assert f"{a_live.get_absolute_url()}#attachments" in urls  # no evidence
    f3 = health.suggestions(adam, agency_a, "F3", 2026)
    assert any("/ecosystem/innovation/" in url for s in f3 for _, url in s.records)
    for factor in ("F1", "F2", "F5"):
        for suggestion in health.suggestions(adam, agency_a, factor, 2026):
            assert suggestion.records and suggestion.url


def test_suggestions_never_show_what_the_user_cannot_see(records, agency_a, bob):
    assert health.suggestions(bob, agency_a, "F2", 2026) == []
