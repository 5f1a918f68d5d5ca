"""Budget realisation from one place: the spending a progress report carries feeds the
budget line it is booked on (the only line of the year is chosen automatically; with several
the reporter chooses), and the innovation's budget page names the source and the reports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
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


def _report(actor, innovation, start, realised, line=None):
    kpi = innovation.kpis.first()
    return registry.progress_report_submit(
        actor=actor,
        innovation=innovation,
        period_start=start,
        activities="Sosialisasi.",
        kpi_values={kpi.pk: 150},
        budget_allocated=100 * M,
        budget_realised=realised,
        budget_line=line,
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


def test_the_single_line_is_chosen_automatically(alice, running):
    line = BudgetLineFactory(innovation=running, fiscal_year=2025, allocated=100 * M)
    report = _report(alice, running, D(2025, 1, 1), 20 * M)
    assert report.budget_line_id == line.pk


def test_several_lines_each_take_the_reports_booked_on_them(login, alice, running, agency_a):
    one = BudgetLineFactory(innovation=running, fiscal_year=2025, allocated=60 * M, realised=M)
    two = BudgetLineFactory(innovation=running, fiscal_year=2025, allocated=40 * M, realised=M)
    elsewhere = BudgetLineFactory(innovation=implemented(agency_a), fiscal_year=2025)
    with pytest.raises(ValidationError) as refused:
        _report(alice, running, D(2025, 1, 1), 20 * M)  # which line? not said
    assert any("2025" in message for message in refused.value.messages)
    with pytest.raises(ValidationError):
        _report(alice, running, D(2025, 1, 1), 20 * M, line=elsewhere.pk)  # not its line
    first = _report(alice, running, D(2025, 1, 1), 20 * M, line=two.pk)
    _report(alice, running, D(2025, 4, 1), 5 * M, line=two.pk)
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.realised == M and one.realised_source == BudgetLine.RealisedSource.ENTERED
    assert two.realised == 25 * M and two.realised_source == BudgetLine.RealisedSource.REPORTS
    assert two.realised_as_of == D(2025, 6, 30)
    assert Innovation.objects.get(pk=running.pk).status == "implemented"
    # The budget page shows which reports fed each line.
    page = login(alice).get(reverse("ecosystem:innovation_budget", args=[running.pk]))
    html = page.content.decode()
    fed = html[html.index(f'data-line="{two.pk}"') :]
    assert reverse("innovations:report_detail", args=[running.pk, first.pk]) in fed
    assert f'data-line="{one.pk}"' not in html  # no report fed line one


def test_no_reported_spending_leaves_the_line(running):
    line = BudgetLineFactory(innovation=running, fiscal_year=2025, realised=3 * M)
    assert (
        services.budget_realisation_from_reports(innovation_id=running.pk, fiscal_year=2025) is None
    )
    line.refresh_from_db()
    assert line.realised == 3 * M and line.realised_source == BudgetLine.RealisedSource.ENTERED


def test_the_report_form_offers_the_line_only_when_there_are_several(login, alice, running):
    from django.utils import timezone

    year = timezone.localdate().year
    innovation = implemented(running.agency, start=D(year, 1, 1))
    kpi = KpiFactory(innovation=innovation)
    url = reverse("innovations:report_new", args=[innovation.pk])
    client = login(alice)
    BudgetLineFactory(innovation=innovation, fiscal_year=year, allocated=60 * M)
    assert 'name="budget_line"' not in client.get(url).content.decode()  # one line: automatic
    second = BudgetLineFactory(innovation=innovation, fiscal_year=year, allocated=40 * M)
    page = client.get(url).content.decode()
    assert 'name="budget_line"' in page and second.description in page
    answer = client.post(
        url,
        {
            "period": D(year, 1, 1).isoformat(),
            "activities": "Sosialisasi.",
            f"kpi_{kpi.pk}": "150",
            "budget_realised": "7000000",
            "budget_line": str(second.pk),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    second.refresh_from_db()
    assert second.realised == 7 * M
