import re

import pytest
from playwright.sync_api import expect

from tests.organizations.factories import GovernmentAffairFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_register_and_find_an_innovation(signed_in, live_server, alice, agency_a):
    GovernmentAffairFactory(code="1.02", name="Kesehatan")
    page = signed_in("alice")
    expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()

    page.get_by_role("button", name="Inovasi", exact=True).click()  # the drop-down
    page.get_by_role("link", name="Daftar inovasi").click()
    page.get_by_role("link", name="Daftarkan inovasi").click()
    page.get_by_role("textbox", name="Nama", exact=True).fill("Posyandu Digital Kominfo")
    page.get_by_label("Masalah").fill("balita " * 40)
    expect(page.locator("#design-word-count")).to_have_text("40")
    page.get_by_label("Cara kerja").fill("langkah " * 10)
    expect(page.locator("#design-word-count")).to_have_text("50")
    page.get_by_role("button", name="Simpan draf").click()

    expect(page.get_by_role("heading", name="Posyandu Digital Kominfo")).to_be_visible()
    expect(page.get_by_text("Draf", exact=True).first).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("membuat ini")

    page.get_by_role("button", name="Inovasi", exact=True).click()
    page.get_by_role("link", name="Daftar inovasi").click()
    page.get_by_label("Cari berdasarkan nama, perangkat daerah, inisiator atau tujuan").fill(
        "posyandu"
    )
    expect(page.locator("#results")).to_contain_text("Posyandu Digital Kominfo")
    expect(page.locator("#results")).to_contain_text("1 inovasi")


def test_switch_language(signed_in, alice):
    page = signed_in("alice")
    expect(page.get_by_role("link", name="Beranda")).to_be_visible()
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    page.get_by_role("button", name="ID").click()
    expect(page.get_by_role("link", name="Beranda")).to_be_visible()


def test_wrong_password_is_explained(page, live_server, alice):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Nama pengguna").fill("alice")
    page.get_by_label("Sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Nama pengguna")).to_have_value("alice")
