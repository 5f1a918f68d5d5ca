"""Budget realisation from one place: the spending a progress report carries feeds the
budget register, and the innovation's budget page names the source."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from inovda.ecosystem import services
from inovda.ecosystem.models import BudgetLine
from inovda.innovations import services as registry
from inovda.innovations.models import Innovation
from tests.ecosystem.factories import BudgetLineFactory
from tests.innovations.factories import KpiFactory, implemented

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)
D = datetime.date


def _report(actor, innovation, start, realised):
    kpi = innovation.kpis.first()
    return registry.progress_report_submit(
        actor=actor,
        innovation=innovation,
        period_start=start,
        activities="Sosialisasi.",
        kpi_values={kpi.pk: 150},
        budget_allocated=100 * M,
        budget_realised=realised,
        today=D(2025, 12, 20),
    )


@pytest.fixture
def running(agency_a):
    innovation = implemented(agency_a, start=D(2025, 1, 1))
    KpiFactory(innovation=innovation)
    return innovation


def test_reports_feed_the_single_line_of_the_year(login, alice, running):
    line = BudgetLineFactory(innovation=running, fiscal_year=2025, allocated=100 * M, realised=0)
    _report(alice, running, D(2025, 1, 1), 20 * M)
    _report(alice, running, D(2025, 4, 1), 25 * M)
    line.refresh_from_db()
    assert line.realised == 45 * M
    assert line.realised_as_of == D(2025, 6, 30)
    assert line.realised_source == BudgetLine.RealisedSource.REPORTS
    page = login(alice).get(reverse("ecosystem:innovation_budget", args=[running.pk]))
    assert "dari laporan perkembangan" in page.content.decode()
    # an entry by hand says so, until the next report
    services.budget_line_record_realisation(
        actor=alice, line=line, realised=50 * M, as_of=D(2025, 7, 1)
    )
    line.refresh_from_db()
    assert line.realised_source == BudgetLine.RealisedSource.ENTERED


def test_several_lines_are_left_as_entered(alice, running):
    one = BudgetLineFactory(innovation=running, fiscal_year=2025, allocated=60 * M, realised=M)
    BudgetLineFactory(innovation=running, fiscal_year=2025, allocated=40 * M, realised=M)
    _report(alice, running, D(2025, 1, 1), 20 * M)
    one.refresh_from_db()
    assert one.realised == M and one.realised_source == BudgetLine.RealisedSource.ENTERED
    assert services.reported_spending(running.pk, 2025)["realised"] == 20 * M
    assert Innovation.objects.get(pk=running.pk).status == "implemented"


def test_no_reported_spending_leaves_the_line(running):
    line = BudgetLineFactory(innovation=running, fiscal_year=2025, realised=3 * M)
    assert (
        services.budget_realisation_from_reports(innovation_id=running.pk, fiscal_year=2025) is None
    )
    line.refresh_from_db()
    assert line.realised == 3 * M and line.realised_source == BudgetLine.RealisedSource.ENTERED
