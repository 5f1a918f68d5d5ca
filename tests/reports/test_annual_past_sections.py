"""Every section of a past year's annual report describes that year: health and the
stagnant list, barriers, budget and the IID as of 31 December (from the history), and a
plain note where a figure cannot be rebuilt instead of today's figure."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from inovda.assessment.models import InnovationAssessment, SheetStatus
from inovda.core.models import AuditEvent
from inovda.core.sections import sections_for
from inovda.ecosystem.models import Barrier, BudgetLine
from inovda.innovations.models import Innovation
from inovda.reports import selectors
from tests.assessment.factories import PeriodFactory
from tests.ecosystem.factories import BarrierFactory, BudgetLineFactory, RiskFactory
from tests.innovations.factories import InnovationFactory
from tests.reports.test_views import pdf_text

pytestmark = pytest.mark.django_db
H = Innovation.Health
THEN = datetime.date(2024, 12, 31)


def _changed(subject, when, **changes):
    """A recorded change of `subject` on `when` (fields: (before, after))."""
    event = AuditEvent.objects.create(
        pemda_id=getattr(subject, "pemda_id", None),
        verb="changed",
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
        subject_repr=str(subject),
        changes={k: {"before": b, "after": a} for k, (b, a) in changes.items()},
    )
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(10)))
    AuditEvent.objects.filter(pk=event.pk).update(created_at=moment)


def _made(instance, when):
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(9)))
    type(instance).objects.filter(pk=instance.pk).update(created_at=moment)


@pytest.fixture
def past(agency_a):
    """Today's data changed after 2024 ended: what the 2024 report must not show."""
    running = {"status": "implemented", "stage": "penerapan", "year": 2022}
    growing = InnovationFactory(
        agency=agency_a, name="Antrean Daring", health=H.STAGNANT, **running
    )
    _changed(growing, datetime.date(2025, 4, 1), health=(H.GROWING, H.STAGNANT))
    stalled = InnovationFactory(agency=agency_a, name="Kartu Sehat", health=H.GROWING, **running)
    _changed(stalled, datetime.date(2024, 5, 1), health=(H.GROWING, H.STAGNANT))
    _changed(stalled, datetime.date(2025, 3, 1), health=(H.STAGNANT, H.GROWING))
    # a barrier open at the end of 2024 and overdue then, resolved in 2025; one raised in 2025
    old = BarrierFactory(
        innovation=growing,
        raised_on=datetime.date(2024, 10, 1),
        due_on=datetime.date(2024, 11, 1),
        resolved=True,
        resolved_on=datetime.date(2025, 2, 1),
    )
    _changed(old, datetime.date(2025, 2, 1), status=("in_progress", "resolved"))
    BarrierFactory(innovation=stalled, raised_on=datetime.date(2025, 1, 10))
    # the 2024 budget line: 400 realised by 31 December, 900 entered in 2025
    line = BudgetLineFactory(
        innovation=growing, fiscal_year=2024, allocated=Decimal(1000), realised=Decimal(900)
    )
    _made(line, datetime.date(2024, 2, 1))
    _changed(line, datetime.date(2024, 8, 1), realised=("0.00", "400.00"))
    _changed(line, datetime.date(2025, 1, 20), realised=("400.00", "900.00"))
    late = BudgetLineFactory(innovation=stalled, fiscal_year=2024, allocated=Decimal(5000))
    _made(late, datetime.date(2025, 1, 5))  # added after the year ended
    BudgetLineFactory(innovation=growing, fiscal_year=2026, allocated=Decimal(7777))
    RiskFactory(innovation=growing)
    return growing, stalled


def _sections(user, pemda, year=2024):
    scope = selectors.pemda_scope(user, pemda.pk)
    scope.year = year
    return {section.key: data for section, data in sections_for("annual", scope)}


def _stats(data):
    return {str(s.label): s.value for s in data.stats}


def test_health_and_stagnant_list_are_those_of_31_december(lina, pemda, past):
    built = _sections(lina, pemda)
    health = built["health"].charts[0]
    assert dict(zip(health.labels, health.series[0].values, strict=True))["Stagnan"] == 1
    stagnant = built["stagnant"]
    assert [i.name for i in stagnant.context["stagnant"]] == ["Kartu Sehat"]
    assert "31 Desember 2024" in stagnant.note
    now = _sections(lina, pemda, timezone.localdate().year)
    assert [i.name for i in now["stagnant"].context["stagnant"]] == ["Antrean Daring"]


def test_barriers_raised_by_31_december_with_their_status_then(lina, pemda, past):
    barriers = _sections(lina, pemda)["barriers"]
    assert _stats(barriers) == {"Hambatan terbuka": 1, "Hambatan yang melewati tenggat": 1}
    assert barriers.charts[0].series[2].values == [1]  # the one raised in 2025 is absent
    assert "31 Desember 2024" in barriers.note
    assert Barrier.objects.filter(status=Barrier.Status.RESOLVED).count() == 1  # today


def test_budget_of_that_fiscal_year_as_of_31_december(lina, pemda, past):
    budget = _stats(_sections(lina, pemda)["budget"])
    assert budget["Pagu 2024"] == "Rp 1.000"  # the line added in 2025 is left out
    assert budget["Realisasi"] == "Rp 400"
    assert BudgetLine.objects.get(fiscal_year=2024, allocated=1000).realised == 900


def test_risks_open_on_31_december_with_their_ratings_then(lina, alice, pemda, agency_a):
    """A risk identified last year and reviewed and closed this year (through the services,
    whose audit the history reads) is on last year's heat map with last year's rating; a
    risk identified this year is not."""
    from inovda.ecosystem import services as ecosystem

    today = timezone.localdate()
    last_year = today.year - 1
    innovation = InnovationFactory(agency=agency_a, status="implemented", year=last_year - 1)
    old = RiskFactory(
        innovation=innovation,
        identified_on=datetime.date(last_year, 3, 1),
        likelihood=2,
        impact=3,
    )
    ecosystem.risk_review(
        actor=alice,
        risk=old,
        likelihood=5,
        impact=4,
        next_review_on=today + datetime.timedelta(days=30),
    )
    ecosystem.risk_close(actor=alice, risk=old, note="Sudah ditangani")
    RiskFactory(innovation=innovation, identified_on=today, likelihood=4, impact=4)
    risks = _sections(lina, pemda, year=last_year)["risks"]
    chart = risks.charts[0]
    assert dict(zip(chart.labels, chart.series[0].values, strict=True)) == {"2 × 3": 1}
    assert f"31 Desember {last_year}" in risks.note
    now = _sections(lina, pemda, year=today.year)["risks"].charts[0]
    assert now.labels == ["4 × 4"]  # today: the closed one is gone, the new one is there


def test_iid_of_that_years_period(lina, pemda, past):
    growing, _stalled = past
    assert "tahun 2024" in _sections(lina, pemda)["iid"].note  # no IID 2024 recorded
    period = PeriodFactory(year=2024)
    PeriodFactory(year=2099)  # a later period must not be shown
    InnovationAssessment.objects.create(
        innovation=growing, pemda=pemda, period=period, status=SheetStatus.VERIFIED
    )
    iid = _sections(lina, pemda)["iid"]
    assert "2024" in iid.charts[0].title and "2099" not in iid.charts[0].title
    assert iid.note == ""  # nothing changed after the year


def test_the_pdf_of_a_past_year_shows_its_figures_and_notes(login, lina, pemda, past):
    response = login(lina).get(reverse("reports:annual_pdf") + f"?pemda={pemda.pk}&year=2024")
    text = " ".join(pdf_text(response).split())
    assert "Rp 400" in text and "Rp 900" not in text and "7.777" not in text
    assert "Peta panas risiko tidak dapat direkonstruksi" not in text
