"""Pages of the lifecycle, reports, health, watchlist and notifications: status and access
for every role of the cast, and typed work kept on errors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inovda.core.models import Notification
from inovda.innovations import services
from inovda.innovations.models import Innovation, ProgressReport
from tests.innovations.factories import InnovationFactory, KpiFactory, implemented, pdf_upload

pytestmark = pytest.mark.django_db
S = Innovation.Status
ROLES = ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina", "oscar"]


@pytest.fixture
def live(agency_a):
    innovation = implemented(agency_a, start=timezone.localdate() - datetime.timedelta(days=200))
    KpiFactory(innovation=innovation, name="Warga terlayani")
    services.health_refresh()
    innovation.refresh_from_db()
    return innovation


# page → roles that get 200 (others: 403 when they see the innovation, 404 otherwise)
PAGES = {
    "innovations:report_new": {"alice", "ivan", "adam"},
    "innovations:kpi_new": {"alice", "ivan", "adam"},
    "innovations:sponsor": {"alice", "ivan", "adam"},
    "innovations:health_override": {"adam", "una"},
    "innovations:revival_new": {"alice", "adam", "una"},
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", ROLES)
def test_pages_by_role(cast, login, live, page, who):
    response = login(cast[who]).get(reverse(page, args=[live.pk]))
    expected = 200 if who in PAGES[page] else (404 if who == "oscar" else 403)
    assert response.status_code == expected


@pytest.mark.parametrize("who", ROLES)
def test_detail_shows_health_rule_and_inputs(cast, login, live, who):
    response = login(cast[who]).get(live.get_absolute_url())
    if who == "oscar":
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert 'data-rule="report_overdue"' in page
    assert "Laporan perkembangan terlambat" in page or "Progress report overdue" in page
    assert 'data-health="stagnant"' in page


@pytest.mark.parametrize("who", ROLES)
def test_step_page_by_role(cast, login, live, who):
    response = login(cast[who]).get(reverse("innovations:step", args=[live.pk, "discontinue"]))
    expected = 200 if who in {"alice", "adam"} else (404 if who == "oscar" else 403)
    assert response.status_code == expected
    if expected == 403:
        assert "Hanya" in response.content.decode()  # the refusal says who may


def test_refused_step_keeps_what_was_typed(login, alice, live):
    response = login(alice).post(
        reverse("innovations:step", args=[live.pk, "discontinue"]),
        {"reason": "Anggaran dialihkan ke program lain", "results": "Seribu warga"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Anggaran dialihkan ke program lain" in page and "Seribu warga" in page
    live.refresh_from_db()
    assert live.status == S.IMPLEMENTED


def test_unknown_step_is_404(login, adam, live):
    assert login(adam).get(reverse("innovations:step", args=[live.pk, "fly"])).status_code == 404


def test_adopt_through_the_page(login, adam, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, status=S.FEASIBLE)
    response = login(adam).post(
        reverse("innovations:step", args=[innovation.pk, "adopt"]),
        {
            "instrument_kind": "sk",
            "instrument_number": "188.45/12/35.73.112/2025",
            "instrument_date": "2025-02-03",
            "instrument_file": pdf_upload(),
            "note": "",
        },
    )
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.status == S.ADOPTED
    page = login(adam).get(innovation.get_absolute_url()).content.decode()
    assert "188.45/12/35.73.112/2025" in page


def test_submit_a_report_through_the_page(login, alice, live):
    kpi = live.kpis.get()
    period = live.implementation_start.replace(day=1)
    periods = [p for p, _ in services_periods(live)]
    response = login(alice).post(
        reverse("innovations:report_new", args=[live.pk]),
        {
            "period": periods[-1],
            "activities": "Sosialisasi di lima kelurahan",
            f"kpi_{kpi.pk}": "150",
            "beneficiaries": "320",
            "budget_allocated": "10000000",
            "budget_realised": "8000000",
            "evidence": [pdf_upload("foto.pdf")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    report = ProgressReport.objects.get()
    assert report.evidence.count() == 1 and period


def services_periods(innovation):
    from inovda.innovations.selectors import reportable_periods

    return reportable_periods(innovation)


def test_report_form_keeps_typed_values_on_error(login, alice, live):
    response = login(alice).post(
        reverse("innovations:report_new", args=[live.pk]),
        {"period": services_periods(live)[-1][0], "activities": "Rapat evaluasi bulanan"},
    )
    assert response.status_code == 400
    assert "Rapat evaluasi bulanan" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("who", ROLES)
def test_watchlist_by_role(cast, login, live, who):
    response = login(cast[who]).get(reverse("innovations:watchlist"), {"agency": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert (live.name in page) == (who != "oscar")


def test_watchlist_starts_at_the_own_agency(login, bob, live):
    page = login(bob).get(reverse("innovations:watchlist")).content.decode()
    assert live.name not in page


def test_watchlist_filters_by_agency(login, adam, live, agency_b):
    other = implemented(agency_b, start=timezone.localdate() - datetime.timedelta(days=200))
    services.health_refresh()
    page = login(adam).get(reverse("innovations:watchlist"), {"agency": agency_b.pk})
    text = page.content.decode()
    assert other.name in text and live.name not in text
    assert page.context["totals"] == {"growing": 0, "stagnant": 1, "discontinued": 0, "silent": 0}


@pytest.mark.parametrize("who", ROLES)
def test_notifications_page_by_role(cast, login, who):
    assert login(cast[who]).get(reverse("notifications")).status_code == 200


def test_notification_opens_and_is_private(login, alice, bob, live):
    note = Notification.objects.create(
        recipient=alice, verb="report_overdue", message="Laporan terlambat", link="/innovations/"
    )
    assert login(bob).post(reverse("notification_open", args=[note.pk])).status_code == 404
    home = login(alice).get(reverse("home")).content.decode()
    assert "nav-badge" in home
    response = login(alice).post(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/innovations/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_override_and_clear_through_pages(login, una, live):
    client = login(una)
    response = client.post(
        reverse("innovations:health_override", args=[live.pk]),
        {"status": "growing", "reason": "Laporan dikirim lewat surat dinas"},
    )
    assert response.status_code == 302
    page = client.get(live.get_absolute_url()).content.decode()
    assert "Laporan dikirim lewat surat dinas" in page
    client.post(reverse("innovations:health_override_clear", args=[live.pk]))
    live.refresh_from_db()
    assert live.health == "stagnant"


def test_agent_review_pages(login, adam, carl, alice, live):
    login(adam).post(reverse("innovations:agent_assign", args=[live.pk]), {"agent": carl.pk})
    client = login(carl)
    response = client.post(
        reverse("innovations:agent_review_new", args=[live.pk]),
        {"findings": "Aduan tidak dibalas", "recommendations": "Tunjuk petugas"},
    )
    assert response.status_code == 302
    review = live.agent_reviews.get()
    assert (
        login(carl)
        .get(reverse("innovations:agent_review_answer", args=[live.pk, review.pk]))
        .status_code
        == 403
    )
    login(alice).post(
        reverse("innovations:agent_review_answer", args=[live.pk, review.pk]),
        {"response": "Petugas ditunjuk"},
    )
    page = login(adam).get(live.get_absolute_url()).content.decode()
    assert "Aduan tidak dibalas" in page and "Petugas ditunjuk" in page
