"""Browser journeys of the reports app: import a spreadsheet, then look at the dashboard."""

import re

import pytest
from playwright.sync_api import expect

from inovda.organizations.models import Role
from tests.organizations.factories import member
from tests.reports.conftest import HEADERS, innovation_rows, make_affairs, make_poverty

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def affairs(db):
    return make_affairs()


@pytest.fixture
def poverty(db):
    return make_poverty()


@pytest.fixture
def spreadsheet(tmp_path, agency_a, agency_b, affairs, poverty):
    from openpyxl import Workbook

    rows = innovation_rows(12, [agency_a, agency_b])
    rows[3][2] = "Dinas Tak Dikenal"  # one bad row to fix in the preview
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "daftar-inovasi.xlsx"
    workbook.save(path)
    return path


def test_import_a_spreadsheet_then_find_the_innovations(
    signed_in, live_server, settings, spreadsheet, adam, agency_b
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    page = signed_in("adam")
    page.get_by_role("button", name="Laporan").click()  # the drop-down
    page.get_by_role("link", name="Impor").click()
    expect(page.get_by_role("heading", name="Impor dari lembar kerja")).to_be_visible()
    page.get_by_label("Berkas (XLSX atau CSV)").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Unggah dan periksa").click()

    expect(page.get_by_role("heading", name="2. Kolom mana berisi apa?")).to_be_visible()
    expect(page.get_by_label("Nama inovasi")).to_have_value("Nama Inovasi")
    page.get_by_role("button", name="Periksa baris").click()

    expect(page.get_by_role("heading", name="3. Periksa baris")).to_be_visible()
    expect(page.locator("#count-problems")).to_have_text("1")
    expect(page.locator("#row-5")).to_contain_text("Dinas Tak Dikenal")
    page.locator("#row-5").get_by_role("link", name="Perbaiki").click()
    page.get_by_label("Perangkat daerah").fill(agency_b.name)
    page.get_by_role("button", name="Simpan dan periksa lagi").click()
    expect(page.locator("#count-problems")).to_have_text("0")
    expect(page.locator("#count-new")).to_have_text("12")

    page.get_by_role("button", name="Impor").click()
    expect(page.locator("#import-progress")).to_contain_text("12 / 12")
    expect(page.locator("[data-count=created]")).to_have_text("12")
    page.get_by_role("link", name="Lihat inovasinya").click()
    page.get_by_label("Cari berdasarkan nama, perangkat daerah, inisiator atau tujuan").fill(
        "Inovasi Impor"
    )
    expect(page.locator("#results")).to_contain_text("12 inovasi")
    expect(page.locator("#results")).to_contain_text("Inovasi Impor 00004")


def test_leadership_dashboard_shows_its_charts(signed_in, live_server, agency_a, affairs, poverty):
    from tests.innovations.factories import InnovationFactory

    for i in range(5):
        InnovationFactory(
            agency=agency_a,
            status="implemented",
            stage="penerapan",
            year=2020 + i % 3,
            main_affair=affairs["1.02"],
            form="pelayanan_publik",
        )
    member("pimpinan", Role.LEADERSHIP, pemda=agency_a.pemda)
    page = signed_in("pimpinan")
    page.get_by_role("button", name="Laporan").click()
    page.get_by_role("link", name="Dasbor").click()
    expect(page.get_by_role("heading", name=re.compile("Dasbor pimpinan"))).to_be_visible()
    stage_chart = page.locator('canvas[data-chart="chart-data-stage-stage"]')
    expect(stage_chart).to_have_attribute("data-drawn", "1")  # Chart.js drew it
    assert page.locator("canvas[data-drawn]").count() >= 6
    page.get_by_role("tab", name="Tabel").first.click()
    expect(page.locator("#pane-table-stage-stage")).to_contain_text("Penerapan")
    expect(page.locator("#pane-table-stage-stage")).to_contain_text("5")
