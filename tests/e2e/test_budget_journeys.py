"""Browser journey: a progress report of an innovation with two budget lines in the year
says which line it spends, and the budget page shows the report as that line's source. The
report form is saved under docs/screenshots/ (README)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.ecosystem.factories import BudgetLineFactory
from tests.innovations.factories import KpiFactory, implemented

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_report_spending_goes_to_the_line_chosen(signed_in, live_server, alice, agency_a):
    year = timezone.localdate().year
    innovation = implemented(
        agency_a,
        start=datetime.date(year, 1, 1),
        name="Layanan Izin Daring",
        report_cadence="semester",
    )
    KpiFactory(innovation=innovation, name="Izin terbit", unit="izin")
    BudgetLineFactory(
        innovation=innovation,
        fiscal_year=year,
        source="apbd",
        description="Belanja jasa konsultansi",
        allocated=Decimal(300_000_000),
    )
    cloud = BudgetLineFactory(
        innovation=innovation,
        fiscal_year=year,
        source="dak",
        description="Sewa komputasi awan",
        allocated=Decimal(120_000_000),
    )
    page = signed_in("alice")
    page.goto(f"{live_server.url}/innovations/{innovation.pk}/reports/new/")
    page.locator("[name=period]").select_option(datetime.date(year, 1, 1).isoformat())
    page.locator("[name=activities]").fill("Pendampingan pemohon izin di kecamatan.")
    page.get_by_label("Izin terbit (izin)").fill("420")
    page.locator("[name=budget_realised]").fill("45000000")
    choice = page.get_by_role("combobox", name="Baris anggaran asal belanja")
    expect(choice).to_be_visible()
    choice.select_option(str(cloud.pk))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(SHOTS / "report-form-budget-lines.png"), full_page=True)
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page).to_have_url(re.compile(f"/innovations/{innovation.pk}/"))

    page.goto(f"{live_server.url}/ecosystem/innovation/{innovation.pk}/budget/")
    fed = page.locator(f'[data-line="{cloud.pk}"]')
    expect(fed).to_contain_text("Rp 45.000.000")
    expect(page.locator(".report-sources")).to_have_count(1)  # the other line: none
