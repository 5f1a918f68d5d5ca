"""Browser journeys of the desk: one role hands work over, the next signs in and finds it
on the home page with the right count, in the queue, and in the notifications. Each
journey saves a screenshot of that role's desk under docs/screenshots/ (README)."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inovda.assessment import reference, services
from inovda.assessment.models import AssessmentPeriod
from inovda.innovations.models import AgentAssignment, Innovation
from inovda.innovations.services import innovation_submit
from tests.innovations.factories import InnovationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MANDATORY = {16: 1, 17: 1, 32: 1, 33: 1, 35: 1}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def period(db):
    reference.load(io.StringIO())
    period = AssessmentPeriod.objects.get(year=2026)
    today = timezone.localdate()
    period.opens_on = today - datetime.timedelta(days=1)
    period.closes_on = today + datetime.timedelta(days=1)
    period.save()
    return period


def running(agency, name, **extra):
    return InnovationFactory(
        agency=agency,
        name=name,
        complete=True,
        status=Innovation.Status.IMPLEMENTED,
        stage=Innovation.Stage.IMPLEMENTATION,
        implementation_start=datetime.date(2024, 6, 1),
        year=2024,
        **extra,
    )


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile("/login/"))


def line(page, panel, label):
    """The count badge of one line of a desk panel."""
    item = page.locator(f'[data-desk="{panel}"] li[data-line]', has_text=label)
    return item.locator(".desk-count")


def shoot(page, role):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(SHOTS / f"desk-{role}.png"), full_page=True)


def _filled_sheet(alice, period, innovation):
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    for row in sheet.rows.select_related("indicator"):
        level = MANDATORY.get(row.indicator.number, 0)
        if level:
            basis = row.indicator.bases.first()
            services.entry_update(actor=alice, entry=row, level=level, basis=basis)
            services.evidence_add(actor=alice, entry=row, url=f"https://b.example/{row.pk}")
    return sheet


def test_operator_submits_a_sheet_and_the_verifier_finds_it(
    signed_in, live_server, period, alice, vera, agency_a
):
    innovation = running(agency_a, "Posyandu Digital")
    _filled_sheet(alice, period, innovation)

    page = signed_in("alice")
    page.goto(f"{live_server.url}/assessment/2026/innovation/{innovation.pk}/")
    page.get_by_role("button", name="Kirim untuk verifikasi").click()
    expect(page.get_by_text("Dikirim untuk verifikasi").first).to_be_visible()
    sign_out(page)

    page = signed_in("vera")  # lands on the desk
    expect(line(page, "iid_verify", "Lembar IID yang harus diverifikasi")).to_have_text("1")
    expect(line(page, "iid_verify", "Baris IID yang menunggu tinjauan Anda")).to_have_text("5")
    expect(page.locator('[data-desk="iid_verify"]')).to_contain_text("Posyandu Digital")
    expect(page.locator(".badge", has_text="1").first).to_be_visible()  # the bell
    shoot(page, "verifier")
    page.get_by_role("link", name="Lembar IID yang harus diverifikasi").click()
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()
    expect(page.locator("#queue")).to_contain_text("Posyandu Digital")
    expect(page.locator("#queue-count")).to_have_text("1")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text("Lembar IID dikirim")).to_be_visible()


def test_operator_raises_a_barrier_and_the_unit_finds_it(
    signed_in, live_server, alice, una, agency_a
):
    innovation = running(agency_a, "Layanan Izin Daring")
    page = signed_in("alice")
    page.goto(f"{live_server.url}{innovation.get_absolute_url()}")
    page.locator("#barriers").get_by_role("link", name="Ajukan hambatan").click()
    page.get_by_label("Jenis").select_option("it_data")
    page.get_by_label("Judul").fill("Server aplikasi sering mati")
    page.get_by_label("Keterangan").fill("Server lama tidak punya cadangan listrik.")
    page.get_by_label("Dampak").fill("Warga tidak dapat memakai layanan.")
    page.get_by_role("button", name="Ajukan hambatan").click()
    expect(page.get_by_text("Hambatan telah diajukan")).to_be_visible()
    sign_out(page)

    page = signed_in("una")
    expect(line(page, "barriers", "Hambatan terbuka")).to_have_text("1")
    expect(line(page, "barriers", "Hambatan yang melewati tenggat")).to_have_text("0")
    panel = page.locator('[data-desk="barriers"]')
    expect(panel).to_contain_text("Server aplikasi sering mati")
    shoot(page, "unit")
    panel.get_by_role("link", name="Server aplikasi sering mati").click()
    expect(page.get_by_role("heading", name="Server aplikasi sering mati")).to_be_visible()


def test_verifier_rejects_a_row_and_the_operator_finds_it(
    signed_in, live_server, period, alice, vera, agency_a
):
    innovation = running(agency_a, "Posyandu Digital")
    sheet = _filled_sheet(alice, period, innovation)
    services.sheet_submit(actor=alice, sheet=sheet)
    row = sheet.rows.get(indicator__number=16)
    services.entry_review(actor=vera, entry=row, accept=False, note="SK tidak terbaca")
    services.sheet_return(actor=vera, sheet=sheet, note="Unggah ulang SK")

    page = signed_in("alice")
    expect(line(page, "iid_agency", "Lembar IID yang dikembalikan untuk perbaikan")).to_have_text(
        "1"
    )
    expect(line(page, "iid_agency", "Baris IID yang ditolak verifikator")).to_have_text("1")
    shoot(page, "operator")
    page.locator('[data-desk="iid_agency"]').get_by_role("link", name="Posyandu Digital").click()
    expect(page.get_by_text("SK tidak terbaca").first).to_be_visible()


def test_admin_and_change_agent_find_their_decisions_and_reviews(
    signed_in, live_server, alice, adam, carl, agency_a
):
    proposal = InnovationFactory(agency=agency_a, name="Pasar Daring Warga", complete=True)
    innovation_submit(actor=alice, innovation=proposal)
    running_one = running(agency_a, "Layanan Izin Daring")
    AgentAssignment.objects.create(innovation=running_one, agent=carl, assigned_by=adam)

    page = signed_in("adam")
    expect(line(page, "approvals", "Usulan yang menunggu kajian kelayakan")).to_have_text("1")
    expect(page.locator('[data-desk="approvals"]')).to_contain_text("Pasar Daring Warga")
    shoot(page, "admin")
    sign_out(page)

    page = signed_in("carl")
    expect(line(page, "agent", "Telaah yang harus ditulis")).to_have_text("1")
    shoot(page, "change-agent")


def test_leadership_desk_shows_the_dashboard_numbers(signed_in, live_server, lina, agency_a):
    for k in range(3):
        running(agency_a, f"Inovasi Berjalan {k}")
    page = signed_in("lina")
    figures = page.locator('[data-desk="leadership"]')
    expect(figures.first).to_contain_text("Inovasi")
    expect(figures.first).to_contain_text("3")
    shoot(page, "leadership")
    figures.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile("/innovations/"))


def test_change_agent_reviews_and_the_innovator_finds_only_their_team(
    signed_in, live_server, ivan, carl, adam, agency_a
):
    from inovda.ecosystem.models import Innovator, TeamMember
    from inovda.innovations.services import agent_review_write

    ours = running(agency_a, "Layanan Izin Daring")
    theirs = running(agency_a, "Pasar Daring Warga")  # same agency, not ivan's team
    person = Innovator.objects.create(
        pemda=agency_a.pemda, agency=agency_a, user=ivan, name="Ivan Inovator"
    )
    TeamMember.objects.create(innovator=person, innovation=ours, role=TeamMember.Role.LEAD)
    for innovation in (ours, theirs):
        AgentAssignment.objects.create(innovation=innovation, agent=carl, assigned_by=adam)
    agent_review_write(actor=carl, innovation=theirs, findings="Sepi", recommendations="Promosi")

    page = signed_in("carl")
    page.goto(f"{live_server.url}{ours.get_absolute_url()}")
    page.get_by_role("link", name="Tulis telaah").click()
    page.get_by_label("Temuan").fill("Antrean izin masih panjang di loket.")
    page.get_by_label("Rekomendasi").fill("Tambahkan notifikasi status izin lewat WhatsApp.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan.")).to_be_visible()
    sign_out(page)

    page = signed_in("ivan")
    label = "Telaah agen perubahan yang perlu dijawab"
    expect(line(page, "reports", label)).to_have_text("1")  # not the other team's review
    # The bell announces what the desk lists: the other team's review told alice, not ivan.
    expect(page.locator('a[href="/notifications/"] .nav-badge')).to_have_text("1")
    panel = page.locator('[data-desk="reports"]')
    expect(panel).to_contain_text("Layanan Izin Daring")
    expect(panel).not_to_contain_text("Pasar Daring Warga")
    shoot(page, "innovator")
    page.goto(f"{live_server.url}/notifications/")
    told = page.locator("main")
    expect(told).to_contain_text("Layanan Izin Daring")
    expect(told).not_to_contain_text("Pasar Daring Warga")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(SHOTS / "notifications-innovator.png"), full_page=True)
    page.goto(f"{live_server.url}/desk/")
    panel = page.locator('[data-desk="reports"]')
    panel.get_by_role("link", name="Layanan Izin Daring", exact=True).click()
    page.locator("#agents").get_by_role("link", name="Tanggapan", exact=True).click()
    page.get_by_label("Tanggapan").fill("Notifikasi WhatsApp mulai bulan depan.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan.")).to_be_visible()
    page.goto(f"{live_server.url}/desk/")
    expect(line(page, "reports", label)).to_have_text("0")
