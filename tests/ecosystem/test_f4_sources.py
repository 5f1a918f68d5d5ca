"""F4 reads progress reports, KPI values and lessons learned (innovations and knowledge apps)."""

import datetime

import pytest
from django.utils import timezone

from inovda.ecosystem import factors
from inovda.innovations.models import Innovation, Kpi, KpiValue, Lesson, ProgressReport
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


def _report(innovation, end: datetime.date) -> ProgressReport:
    return ProgressReport.objects.create(
        innovation=innovation,
        period_start=end - datetime.timedelta(days=90),
        period_end=end,
        activities="Sosialisasi dan layanan",
        due_on=end + datetime.timedelta(days=14),
        submitted_at=timezone.now(),
    )


def test_reports_kpis_and_lessons_count_per_agency(pemda, agency_a, agency_b):
    year = timezone.localdate().year - 1  # a closed year: measured at its last day
    end = datetime.date(year, 12, 31)
    a1 = InnovationFactory(agency=agency_a, status=Innovation.Status.IMPLEMENTED, year=year)
    a2 = InnovationFactory(agency=agency_a, status=Innovation.Status.IMPLEMENTED, year=year)
    b1 = InnovationFactory(agency=agency_b, status=Innovation.Status.IMPLEMENTED, year=year)
    draft = InnovationFactory(agency=agency_b, year=year)  # not running: never counted

    current = _report(a1, end - datetime.timedelta(days=30))
    _report(a2, end - datetime.timedelta(days=200))  # older than a semester: not current
    _report(draft, end)
    kpi = Kpi.objects.create(
        innovation=a1, name="Waktu layanan", unit="menit", baseline=60, target=15
    )
    KpiValue.objects.create(report=current, kpi=kpi, value=30)
    Lesson.objects.create(innovation=b1, title="Pelajaran", lessons="Libatkan warga sejak awal.")

    assert factors.progress_current(pemda.pk, year) == {agency_a.pk: 1}
    assert factors.kpi_data(pemda.pk, year) == {agency_a.pk: 1}
    assert factors.lessons_recorded(pemda.pk, year) == {}  # recorded after that year ended
    assert factors.lessons_recorded(pemda.pk, year + 1) == {agency_b.pk: 1}
