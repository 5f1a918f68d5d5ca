"""Browser journey: one innovation from proposal to implementation, then its health."""

import re

import pytest
from playwright.sync_api import expect

from tests.innovations.factories import InnovationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = {"name": "sk.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 signed"}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile("/login/"))


def step(page, name, **fields):
    page.get_by_role("link", name=name, exact=True).click()
    for field, value in fields.items():
        if field.endswith("_file"):
            page.locator(f"[name={field}]").set_input_files(files=[PDF])
        elif field.endswith("_kind"):
            page.locator(f"[name={field}]").select_option(value)
        else:
            page.locator(f"[name={field}]").fill(value)
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.get_by_text(f"Selesai: {name}.")).to_be_visible()


def test_from_proposal_to_implementation_and_health(signed_in, live_server, alice, adam, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, name="Lapor Banjir Warga")
    page = signed_in("alice")
    page.goto(f"{live_server.url}{innovation.get_absolute_url()}")
    page.get_by_role("button", name="Ajukan").click()
    expect(page.locator("#lifecycle")).to_contain_text("Diajukan")
    sign_out(page)

    signed_in("adam")
    page.goto(f"{live_server.url}{innovation.get_absolute_url()}")
    step(page, "Mulai kajian kelayakan")
    for name, kind in [
        ("Prof. Sri Wahyuni", "academic"),
        ("Ir. Bambang", "practitioner"),
        ("Dr. Rahmat", "expert"),
    ]:
        page.get_by_text("Tambah anggota tim kajian").click()
        page.locator("#pm-name").fill(name)
        page.locator("#pm-kind").select_option(kind)
        page.get_by_role("button", name="Tambah", exact=True).click()
        expect(page.locator("#lifecycle")).to_contain_text(name)
    for _ in range(3):  # no verdict is preselected: each member chooses one
        page.locator("select[name=recommendation]").first.select_option("feasible")
        page.get_by_role("button", name="Catat", exact=True).first.click()
    expect(page.get_by_role("button", name="Catat", exact=True)).to_have_count(0)
    step(page, "Nyatakan layak")
    step(
        page,
        "Tetapkan (penetapan)",
        instrument_kind="sk",
        instrument_number="188.45/77/35.73.112/2025",
        instrument_date="2025-02-03",
        instrument_file="sk.pdf",
    )
    expect(page.locator("#lifecycle")).to_contain_text("188.45/77/35.73.112/2025")
    step(
        page,
        "Mulai uji coba",
        planned_start="2025-03-01",
        planned_end="2025-05-31",
        actual_start="2025-03-03",
    )

    page.get_by_role("link", name="Catat laporan uji coba").click()
    page.locator("[name=actual_end]").fill("2025-05-31")
    page.locator("[name=report]").fill(
        "Uji coba di tiga kelurahan: laporan banjir tertangani cepat."
    )
    page.get_by_role("button", name="Simpan").click()
    step(
        page,
        "Mulai penerapan",
        instrument_kind="perkada",
        instrument_number="21 Tahun 2025",
        instrument_date="2025-06-02",
        instrument_file="sk.pdf",
    )

    expect(page.locator(".stepper-item.current")).to_contain_text("penerapan")
    health = page.locator("#health")
    expect(health.locator("[data-health]")).to_have_attribute("data-health", "growing")
    expect(health).to_contain_text("Berkembang")
    expect(health.locator("[data-rule]")).to_have_text("Sesuai jalur")
    health.get_by_text("Masukan aturan").click()
    expect(health).to_contain_text("Laporan berikutnya jatuh tempo")
    expect(page.locator(".timeline")).to_contain_text("memulai penerapan")
