"""A whole competition in the browser: set up by the innovation unit, an entry submitted by
an operator, three reviewers (one declares a conflict and the entry is reassigned), scores,
the calibration view flagging the harsh reviewer, results published, a certificate."""

import io

import pytest
from playwright.sync_api import expect

from inovda.competitions import reference, services
from inovda.competitions.models import Assignment, Competition
from inovda.innovations.models import Innovation
from tests.competitions.conftest import fill_and_submit
from tests.innovations.factories import implemented

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PREFILLED = {
    "goals": "Warga mengurus dokumen tanpa antre.",
    "design_problem": "Antrean panjang di kantor kelurahan.",
    "design_novelty": "Layanan daring dengan kurir dokumen.",
    "design_how_it_works": "Warga mengajukan lewat aplikasi, petugas memverifikasi.",
    "results": "Waktu layanan turun dari 5 hari menjadi 1 hari.",
    "budget_note": "APBD Dinas Kominfo.",
    "design_legal_basis": "Perwal tentang layanan daring.",
}


def score(page, live_server, user_levels, signed_in, username):
    page.context.clear_cookies()
    signed_in(username)
    competition = Competition.objects.get()
    page.goto(f"{live_server.url}/competitions/{competition.pk}/review/")
    for assignment in Assignment.objects.filter(
        reviewer__user__username=username, status=Assignment.Status.ASSIGNED
    ):
        page.goto(f"{live_server.url}/competitions/assignments/{assignment.pk}/")
        for criterion in competition.criteria.all():
            page.locator(f"input[name=c{criterion.pk}][value='{user_levels}']").check()
        page.locator("button[name=score]").click()
        expect(page).to_have_url(f"{live_server.url}/competitions/{competition.pk}/review/")


def test_run_a_whole_competition(
    signed_in, live_server, page, una, adam, alice, bob, vera, carl, lina, agency_a, agency_b
):
    reference.load(io.StringIO())
    innovation = implemented(agency_a, name="Layanan Kelurahan Daring", **PREFILLED)

    # The innovation unit sets the competition up.
    page = signed_in("una")
    page.goto(f"{live_server.url}/competitions/")
    page.locator("input[name=name]").fill("Lomba Inovasi Kota Malang")
    page.locator("input[name=reviewers_per_entry]").fill("2")
    page.locator("#competition-create button").click()
    expect(page.locator("h1")).to_contain_text("Lomba Inovasi Kota Malang")
    page.locator("form[action$='/do/category/'] input[name=name]").fill("Pelayanan Publik")
    page.locator("form[action$='/do/category/'] button").click()
    for name, weight in (("Kebaruan", "2"), ("Dampak", "3")):
        form = page.locator("form[action$='/do/criterion/']")
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=weight]").fill(weight)
        form.locator("input[name=level_5]").fill("Sangat kuat")
        form.locator("button").click()
    for reviewer in (vera, carl, lina):
        form = page.locator("form[action$='/do/reviewer/']")
        form.locator("select[name=user]").select_option(value=str(reviewer.pk))
        form.locator("button").click()
    expect(page.locator("body")).to_contain_text("Sangat kuat")
    page.locator("form[action$='/do/advance/'] button").click()
    competition = Competition.objects.get()
    assert competition.phase == "submission"

    # The operator enters the registry's innovation; the proposal is prefilled from it.
    page.context.clear_cookies()
    page = signed_in("alice")
    page.goto(f"{live_server.url}{competition.get_absolute_url()}")
    page.locator("select[name=innovation]").select_option(label="Layanan Kelurahan Daring")
    page.locator("select[name=category]").select_option(label="Pelayanan Publik")
    page.locator("form[action$='/enter/'] button").click()
    expect(page.locator("textarea").first).to_have_value(PREFILLED["goals"])
    for textarea in page.locator("textarea").all():
        if not textarea.input_value():
            textarea.fill("Sudah direplikasi oleh dua kelurahan lain.")
    page.locator("button[name=save]").click()
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "pernyataan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    page.locator("form[action$='/attach/'] button").click()
    page.locator("button[name=submit]").click()
    entry = innovation.competition_entries.get()
    entry.refresh_from_db()
    assert entry.status == "submitted"
    # Two more entries, entered the same way by their agencies (through the services).
    for actor, agency, name in (
        (alice, agency_a, "Sambang RW"),
        (bob, agency_b, "Puskesmas Ramah"),
    ):
        other = services.entry_create(
            actor=actor,
            competition=competition,
            category=competition.categories.get(),
            innovation=implemented(agency, name=name),
        )
        fill_and_submit(actor, other)

    # Desk evaluation: each entry gets two of the three reviewers.
    page.context.clear_cookies()
    page = signed_in("una")
    page.goto(f"{live_server.url}{competition.get_absolute_url()}")
    page.locator("form[action$='/do/advance/'] button").click()
    assert Assignment.objects.count() == 6

    # Vera declares a conflict on one entry: it goes to the reviewer not yet on it.
    conflicted = Assignment.objects.filter(reviewer__user=vera).first()
    page.context.clear_cookies()
    page = signed_in("vera")
    page.goto(f"{live_server.url}/competitions/assignments/{conflicted.pk}/")
    page.locator("input[name=reason]").fill("Saya anggota tim inovasi ini.")
    page.locator("button[name=conflict]").click()
    conflicted.refresh_from_db()
    assert conflicted.status == "conflict"
    active = conflicted.entry.assignments.exclude(status="conflict")
    assert active.count() == 2 and not active.filter(reviewer__user=vera).exists()

    # Scores: carl is harsh, vera and lina generous.
    score(page, live_server, 5, signed_in, "vera")
    score(page, live_server, 1, signed_in, "carl")
    score(page, live_server, 4, signed_in, "lina")
    assert not Assignment.objects.filter(status="assigned").exists()

    # Calibration shows the harsh reviewer; then the results are published.
    page.context.clear_cookies()
    page = signed_in("una")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/calibration/")
    carl_row = page.locator("#reviewer-bias tr", has_text=carl.get_full_name())
    expect(carl_row.locator(".badge")).to_be_visible()
    expect(carl_row).to_contain_text("-")
    page.locator("form[action$='/do/calibrated/'] button").click()
    for _ in range(3):  # presentation, field verification, announcement
        page.goto(f"{live_server.url}{competition.get_absolute_url()}")
        page.locator("form[action$='/do/advance/'] button").click()
    competition.refresh_from_db()
    assert competition.published_at is not None

    # Everyone of the Pemda sees the results; the operator downloads the certificate.
    page.context.clear_cookies()
    page = signed_in("alice")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/results/")
    expect(page.locator("table")).to_contain_text("Layanan Kelurahan Daring")
    link = page.locator(f"a[href$='/entries/{entry.pk}/certificate.pdf']")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert Innovation.objects.get(pk=innovation.pk).competition_entries.get().result.rank >= 1
