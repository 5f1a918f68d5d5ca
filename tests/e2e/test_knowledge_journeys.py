import re

import pytest
from playwright.sync_api import expect

from inovda.innovations.models import Innovation
from tests.knowledge.factories import IndexedInnovationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_record_an_fgd_with_an_action_and_find_both(signed_in, live_server, alice, agency_a):
    IndexedInnovationFactory(
        agency=agency_a,
        name="Posyandu Digital Kominfo",
        goals="Kader posyandu mencatat tumbuh kembang balita secara digital.",
        status=Innovation.Status.IMPLEMENTED,
    )
    page = signed_in("alice")
    page.get_by_role("link", name="Pengetahuan").first.click()
    page.get_by_role("link", name="Kegiatan").first.click()
    page.get_by_role("link", name="Catat kegiatan").click()

    page.get_by_label("Jenis").select_option("fgd")
    page.get_by_label("Judul").fill("FGD Pengembangan Ekosistem Inovasi")
    page.get_by_label(re.compile(r"^Tanggal(?! selesai)")).fill("2023-10-17")
    page.get_by_label("Tempat").fill("Balai Kota Malang")
    page.get_by_label("Notulen").fill("Perlu unit khusus untuk mengatasi hambatan inovasi.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="FGD Pengembangan Ekosistem Inovasi")).to_be_visible()

    page.get_by_label(re.compile(r"^Tindak lanjut")).fill("Perluas posyandu digital ke kecamatan")
    page.get_by_label("Inovasi", exact=True).select_option(label="Posyandu Digital Kominfo")
    page.get_by_label("Tenggat").fill("2023-12-01")
    page.get_by_role("button", name="Tambah tindak lanjut").click()
    actions = page.locator("#actions")
    expect(actions).to_contain_text("Perluas posyandu digital ke kecamatan")
    expect(actions.get_by_role("link", name="Posyandu Digital Kominfo")).to_be_visible()
    expect(actions).to_contain_text("Terlambat")

    page.get_by_role("link", name="Cari").first.click()
    box = page.get_by_label("Apa yang Anda cari?")
    box.fill("ekosistem")
    results = page.locator("#search-results")
    expect(results).to_contain_text("FGD Pengembangan Ekosistem Inovasi")
    expect(results.locator("mark").first).to_have_text(re.compile("ekosistem", re.I))
    box.fill("posyandu digital")
    expect(results).to_contain_text("Posyandu Digital Kominfo")
    expect(results).to_contain_text("FGD Pengembangan Ekosistem Inovasi")  # via its action
    results.get_by_role("link", name=re.compile("Posyandu Digital Kominfo")).click()
    expect(page.get_by_role("heading", name="Posyandu Digital Kominfo")).to_be_visible()
    expect(page.locator("#knowledge-events")).to_contain_text("Perluas posyandu digital")
