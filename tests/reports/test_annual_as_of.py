"""The annual report for a past year shows that year's state (31 December, from the
history), and the year list offers every year with data."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.reports import selectors
from tests.innovations.factories import InnovationFactory
from tests.reports.test_views import pdf_text

pytestmark = pytest.mark.django_db
S = Innovation.Status


def _step(innovation, when, before, after, stage_before, stage_after):
    event = AuditEvent.objects.create(
        pemda=innovation.pemda,
        verb="implemented",
        subject_type=ContentType.objects.get_for_model(Innovation),
        subject_id=innovation.pk,
        subject_repr=innovation.name,
        changes={
            "status": {"before": before, "after": after},
            "stage": {"before": stage_before, "after": stage_after},
        },
    )
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(10)))
    AuditEvent.objects.filter(pk=event.pk).update(created_at=moment)


@pytest.fixture
def history(agency_a):
    """Now: one implemented (it was in trial at the end of 2024), one discontinued in 2025
    (implemented at the end of 2024), one initiated in 2025 (absent from 2024)."""
    late = InnovationFactory(
        agency=agency_a, name="Antrean Daring", status=S.IMPLEMENTED, stage="penerapan", year=2023
    )
    _step(late, datetime.date(2024, 3, 1), "adopted", "trial", "inisiatif", "uji_coba")
    _step(late, datetime.date(2025, 2, 1), "trial", "implemented", "uji_coba", "penerapan")
    stopped = InnovationFactory(
        agency=agency_a, name="Kartu Sehat", status=S.DISCONTINUED, stage="penerapan", year=2022
    )
    _step(
        stopped, datetime.date(2025, 6, 1), "implemented", "discontinued", "penerapan", "penerapan"
    )
    InnovationFactory(
        agency=agency_a, name="Lapor Cepat", status=S.SUBMITTED, stage="inisiatif", year=2025
    )
    return late, stopped


def test_a_past_year_counts_the_state_of_31_december(lina, pemda, history):
    scope = selectors.pemda_scope(lina, pemda.pk)
    scope.year = 2024
    assert scope.as_of == datetime.date(2024, 12, 31)
    statuses = {r.key: r.n for r in selectors.counts_by(scope, "status") if r.n}
    assert statuses == {S.TRIAL: 1, S.IMPLEMENTED: 1}
    stages = {r.key: r.n for r in selectors.counts_by(scope, "stage") if r.n}
    assert stages == {"uji_coba": 1, "penerapan": 1}
    assert selectors.total(scope) == 2
    (row,) = selectors.agency_table(scope)
    assert row["total"] == 2
    now = selectors.pemda_scope(lina, pemda.pk)
    now.year = timezone.localdate().year
    assert now.as_of is None
    assert {r.key: r.n for r in selectors.counts_by(now, "status") if r.n} == {
        S.IMPLEMENTED: 1,
        S.DISCONTINUED: 1,
        S.SUBMITTED: 1,
    }


def test_the_pdf_of_a_past_year_says_so(login, lina, pemda, history):
    response = login(lina).get(reverse("reports:annual_pdf") + f"?pemda={pemda.pk}&year=2024")
    text = pdf_text(response)
    assert "31 Desember 2024" in text
    assert "Lapor Cepat" not in text  # initiated in 2025


def test_the_year_list_offers_every_year_with_data(login, lina, pemda, history):
    page = login(lina).get(reverse("reports:leadership") + f"?pemda={pemda.pk}")
    years = page.context["years"]
    for year in (2022, 2023, 2024, 2025, timezone.localdate().year):
        assert year in years
