"""Browser journeys of the five factors: a barrier raised, resolved by the innovation
unit, offered as a precedent on a later similar barrier; the agency's radar chart."""

import re

import pytest
from playwright.sync_api import expect

from inovda.ecosystem.models import Barrier
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def running(agency, name):
    return InnovationFactory(
        agency=agency,
        name=name,
        status=Innovation.Status.IMPLEMENTED,
        stage=Innovation.Stage.IMPLEMENTATION,
        year=2024,
    )


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile("/login/"))


def raise_barrier(page, live_server, innovation, title, description):
    page.goto(f"{live_server.url}{innovation.get_absolute_url()}")
    page.locator("#barriers").get_by_role("link", name="Ajukan hambatan").click()
    page.get_by_label("Jenis").select_option("it_data")
    page.get_by_label("Judul").fill(title)
    page.get_by_label("Keterangan").fill(description)
    page.get_by_label("Dampak").fill("Warga tidak dapat memakai layanan.")


def test_barrier_resolved_then_offered_as_precedent(
    signed_in, live_server, alice, una, bob, agency_a, agency_b
):
    kominfo = running(agency_a, "Layanan Izin Daring")
    dinkes = running(agency_b, "Antrean Puskesmas Daring")

    # 1. An operator raises a barrier on her innovation.
    page = signed_in("alice")
    raise_barrier(
        page,
        live_server,
        kominfo,
        "Server aplikasi sering mati",
        "Server lama di ruang data tidak punya cadangan listrik sehingga aplikasi sering mati.",
    )
    page.get_by_role("button", name="Ajukan hambatan").click()
    expect(page.get_by_text("Hambatan telah diajukan")).to_be_visible()
    expect(page.get_by_role("heading", name="Server aplikasi sering mati")).to_be_visible()
    sign_out(page)

    # 2. The innovation unit finds it in its queue and resolves it.
    page = signed_in("una")
    page.get_by_role("link", name="Ekosistem").click()
    page.get_by_role("link", name="Hambatan (F2)").click()
    page.get_by_role("link", name="Server aplikasi sering mati").click()
    page.get_by_label("Penyelesaian").fill(
        "Aplikasi dipindahkan ke pusat data Pemkot yang dikelola Diskominfo dengan cadangan "
        "listrik dan pemantauan harian."
    )
    page.get_by_role("button", name="Selesaikan").click()
    expect(page.get_by_text("Penyelesaian (preseden)")).to_be_visible()
    sign_out(page)

    # 3. Later, another agency meets a similar barrier: the precedent is offered.
    page = signed_in("bob")
    raise_barrier(
        page,
        live_server,
        dinkes,
        "Aplikasi antrean mati",
        "Server aplikasi antrean sering mati karena listrik padam.",
    )
    offered = page.locator("#precedents")
    expect(offered).to_contain_text("Server aplikasi sering mati")
    expect(offered).to_contain_text("pusat data Pemkot")
    offered.get_by_role("button", name="Preseden ini membantu: tautkan").click()
    expect(page.locator("#precedent-chosen")).to_contain_text("Server aplikasi sering mati")
    page.get_by_role("button", name="Ajukan hambatan").click()
    expect(page.get_by_text("Preseden yang dipakai")).to_be_visible()
    later = Barrier.objects.get(title="Aplikasi antrean mati")
    assert later.precedent.title == "Server aplikasi sering mati"


def test_agency_radar_chart_with_its_table_view(signed_in, live_server, alice, agency_a):
    running(agency_a, "Layanan Izin Daring")
    page = signed_in("alice")
    page.get_by_role("link", name="Ekosistem").click()
    page.get_by_role("link", name=agency_a.name).click()
    expect(page.get_by_role("heading", name=agency_a.name)).to_be_visible()
    radar = page.locator('canvas[data-chart="radar"]')
    expect(radar).to_have_attribute("data-drawn", "1")  # Chart.js drew it
    table = page.get_by_role("table", name="Tampilan tabel diagram radar")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(6)  # header + five factors
    expect(table).to_contain_text("tidak ada data")
    expect(page.locator("#suggestions")).to_be_visible()
