"""Browser journeys of the IID assessment: an operator fills a row with evidence, a
verifier accepts it, and the Pemda page's verified index moves."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inovda.assessment import reference, services
from inovda.assessment.models import AssessmentPeriod
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MANDATORY = {16: 1, 17: 1, 32: 1, 33: 1, 35: 1}


@pytest.fixture
def period(db):
    reference.load(io.StringIO())
    period = AssessmentPeriod.objects.get(year=2026)
    today = timezone.localdate()
    period.opens_on = today - datetime.timedelta(days=1)
    period.closes_on = today + datetime.timedelta(days=1)
    period.save()
    return period


@pytest.fixture
def innovation(agency_a):
    return InnovationFactory(
        agency=agency_a,
        name="Posyandu Digital",
        complete=True,
        status=Innovation.Status.IMPLEMENTED,
        implementation_start=datetime.date(2024, 6, 1),
    )


def test_operator_puts_forward_sets_a_level_and_adds_evidence(
    signed_in, live_server, period, alice, innovation
):
    page = signed_in("alice")
    page.goto(f"{live_server.url}/innovations/{innovation.pk}/")
    panel = page.locator("#iid-panel")
    expect(panel).to_contain_text("IID 2026")
    panel.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_role("heading", name="Posyandu Digital")).to_be_visible()
    expect(page.locator("#sheet-summary")).to_contain_text("0 dari 20 indikator")

    row = page.locator(".list-group-item", has_text="Regulasi Inovasi Daerah").first
    row.get_by_label(re.compile("^2 — Peraturan Kepala Daerah")).check()
    row.get_by_role("button", name="Simpan level").click()
    expect(page.locator("#sheet-summary [data-claimed]")).to_have_attribute("data-claimed", "6.00")

    row = page.locator(".list-group-item", has_text="Regulasi Inovasi Daerah").first
    row.get_by_label("Tautan").fill("https://jdih.example/perwal-12-2024.pdf")
    row.get_by_label("Keterangan").fill("Perwali penetapan inovasi")
    row.get_by_role("button", name="Tambah bukti dukung").click()
    expect(
        page.locator(".list-group-item", has_text="Regulasi Inovasi Daerah").first
    ).to_contain_text("Perwali penetapan inovasi")
    expect(page.locator("#sheet-summary")).to_contain_text("1 dari 20 indikator")

    # A basis is required for indicator 33; the typed note survives the error.
    row = page.locator(".list-group-item", has_text="Kemanfaatan inovasi").first
    row.get_by_label(re.compile("^3 — ")).check()
    row.get_by_label("Catatan").fill("612 penerima manfaat")
    row.get_by_role("button", name="Simpan level").click()
    row = page.locator(".list-group-item", has_text="Kemanfaatan inovasi").first
    expect(row).to_contain_text("Pilih basis pengukuran")
    expect(row.get_by_label("Catatan")).to_have_value("612 penerima manfaat")


def test_verifier_accepts_and_the_verified_index_moves(
    signed_in, live_server, period, alice, vera, pemda, innovation
):
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    for row in sheet.rows.select_related("indicator"):
        level = MANDATORY.get(row.indicator.number, 0)
        if level:
            basis = row.indicator.bases.first()
            services.entry_update(actor=alice, entry=row, level=level, basis=basis)
            services.evidence_add(actor=alice, entry=row, url=f"https://b.example/{row.pk}")
    services.sheet_submit(actor=alice, sheet=sheet)

    page = signed_in("vera")
    page.goto(f"{live_server.url}/assessment/2026/pemda/{pemda.pk}/")
    expect(page.locator("[data-iid]").first).to_have_attribute("data-iid", "0.00")
    page.get_by_role("link", name="Posyandu Digital").click()
    for name in [
        "Regulasi Inovasi Daerah",
        "Ketersediaan dan peran SDM",
        "Kecepatan penciptaan",
        "Kemanfaatan inovasi",
        "Video inovasi daerah",
    ]:
        row = page.locator(".list-group-item", has_text=name).first
        row.get_by_role("button", name="Terima").click()
        expect(
            page.locator(".list-group-item", has_text=name).first.locator("[data-review]")
        ).to_have_attribute("data-review", "accepted")
    expect(page.locator("#sheet-summary [data-verified]")).to_have_attribute(
        "data-verified", "14.00"
    )
    page.reload()
    page.get_by_role("button", name="Verifikasi lembar").click()
    expect(page.get_by_text("Lembar terverifikasi.")).to_be_visible()

    page.goto(f"{live_server.url}/assessment/2026/pemda/{pemda.pk}/")
    verified = page.locator("[data-iid]").first
    expect(verified).not_to_have_attribute("data-iid", "0.00")
    expect(page.get_by_role("table").get_by_text("klaim dan terverifikasi")).to_be_visible()
