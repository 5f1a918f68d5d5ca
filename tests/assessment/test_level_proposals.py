"""Indicator 20 (bimtek) and 31 (replikasi) counts offered on the SID sheet as a proposed
level with the records behind it; "use this proposal" sets the level and attaches the
records as links, only on the user's click, through the assessment services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inovda.assessment import services
from inovda.assessment.models import Entry, InnovationAssessment, SheetStatus
from inovda.core.models import AuditEvent
from inovda.knowledge.models import Event, Participant, Replication
from tests.knowledge.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(period, assessable, alice, agency_a):
    innovation = assessable(agency_a, name="Sapa Warga")
    return services.innovation_put_forward(actor=alice, period=period, innovation=innovation)


def row(sheet, number):
    return Entry.objects.select_related("indicator").get(
        innovation_assessment=sheet, indicator__number=number
    )


@pytest.fixture
def events(period, agency_a, other_agency):
    """Three bimtek inside the period's window attended by agency A: two of its Pemda, one
    of another."""
    day = period.eligibility_end - datetime.timedelta(days=30)
    made = [
        EventFactory(organiser=agency_a, kind=Event.Kind.BIMTEK, title="Bimtek Satu", date=day),
        EventFactory(organiser=agency_a, kind=Event.Kind.FGD, title="FGD Dua", date=day),
        EventFactory(
            organiser=other_agency, kind=Event.Kind.BIMTEK, title="Rahasia Batu", date=day
        ),
    ]
    for event in made:
        Participant.objects.create(event=event, agency=agency_a, name="Peserta", attended=True)
    return made


def test_level_for_count_follows_the_catalogue_definitions(sheet):
    indicator = row(sheet, 20).indicator  # 1 / 2 / 3 kali dalam 3 tahun
    assert [services.level_for_count(indicator, n) for n in range(5)] == [0, 1, 2, 3, 3]


def test_bimtek_proposal_lists_only_records_the_user_may_see(sheet, events, alice):
    [proposal] = services.level_proposals(row(sheet, 20), alice)
    assert (proposal.count, proposal.level, proposal.hidden) == (3, 3, 1)
    labels = " ".join(label for label, _ in proposal.records)
    assert "Bimtek Satu" in labels and "FGD Dua" in labels
    assert "Rahasia Batu" not in labels  # another Pemda's event is never listed
    assert services.level_proposals(row(sheet, 19), alice) == []


def test_bimtek_counts_the_events_of_the_periods_own_window(sheet, events, alice, agency_a):
    """The period holds its window as data: events after it (or before it) do not count,
    whatever the knowledge setting's number of years."""
    period = sheet.period
    assert (period.eligibility_start, period.eligibility_end) == (
        datetime.date(2024, 1, 1),
        datetime.date(2025, 12, 31),
    )
    for day in (datetime.date(2026, 1, 1), datetime.date(2023, 12, 31)):
        event = EventFactory(organiser=agency_a, kind=Event.Kind.BIMTEK, title="Di luar", date=day)
        Participant.objects.create(event=event, agency=agency_a, name="Peserta", attended=True)
    [proposal] = services.level_proposals(row(sheet, 20), alice)
    assert proposal.count == 3
    assert "Di luar" not in " ".join(label for label, _ in proposal.records)
    assert "1 Januari 2024" in proposal.rule and "31 Desember 2025" in proposal.rule
    # another window, another count: the rule is the period's data
    period.eligibility_start = datetime.date(2026, 1, 1)
    period.eligibility_end = datetime.date(2026, 12, 31)
    period.save()
    [proposal] = services.level_proposals(row(sheet, 20), alice)
    assert proposal.count == 1 and "Di luar" in proposal.records[0][0]


def test_replication_proposal(sheet, alice, other_pemda):
    Replication.objects.create(
        origin=sheet.innovation, adopter_pemda=other_pemda, status=Replication.Status.AGREED
    )
    [proposal] = services.level_proposals(row(sheet, 31), alice)
    assert (proposal.count, proposal.level) == (1, 1)
    assert proposal.records[0][1] == Replication.objects.get().get_absolute_url()


def test_apply_sets_level_attaches_links_and_audits(sheet, events, alice, vera):
    entry = row(sheet, 20)
    Entry.objects.filter(pk=entry.pk).update(review=Entry.Review.ACCEPTED)
    entry = services.level_proposal_apply(actor=alice, entry=entry, key="knowledge.bimtek")
    assert entry.level == 3 and entry.review == Entry.Review.WAITING
    assert entry.evidence_count == 2
    # Inovda's own records are stored site-relative; the address is added when shown
    assert [e.url for e in entry.evidence.order_by("id")] == [
        f"/knowledge/events/{events[0].pk}/",
        f"/knowledge/events/{events[1].pk}/",
    ]
    assert AuditEvent.objects.filter(verb="iid_proposal_used").count() == 1
    assert AuditEvent.objects.filter(verb="iid_row_set").count() == 1
    # a second click attaches nothing twice
    entry = services.level_proposal_apply(actor=alice, entry=entry, key="knowledge.bimtek")
    assert entry.evidence_count == 2
    InnovationAssessment.objects.filter(pk=sheet.pk).update(status=SheetStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.level_proposal_apply(actor=alice, entry=entry, key="knowledge.bimtek")


def test_apply_refused_for_who_may_not_fill(sheet, events, bob, vera):
    entry = row(sheet, 20)
    for user in (bob, vera):
        with pytest.raises(PermissionDenied):
            services.level_proposal_apply(actor=user, entry=entry, key="knowledge.bimtek")
    assert row(sheet, 20).level == 0 and row(sheet, 20).evidence_count == 0


def test_level_set_by_operator_is_kept_until_the_click(sheet, events, alice, login):
    services.entry_update(actor=alice, entry=row(sheet, 20), level=1)
    login(alice).get(reverse("assessment:sheet", args=[2026, sheet.innovation_id]))
    assert row(sheet, 20).level == 1


def test_view_shows_the_proposal_and_the_click_applies_it(sheet, events, alice, bob, login):
    url = reverse("assessment:sheet", args=[2026, sheet.innovation_id])
    page = login(alice).get(url).content.decode()
    assert page.count('data-use-proposal="knowledge.bimtek"') == 1
    assert "Bimtek Satu" in page and "Rahasia Batu" not in page
    entry = row(sheet, 20)
    use = reverse("assessment:level_proposal_use", args=[entry.pk, "knowledge.bimtek"])
    assert login(bob).post(use).status_code == 403
    response = login(alice).post(use)
    assert response.status_code == 302
    entry = row(sheet, 20)
    assert entry.level == 3 and entry.evidence_count == 2
    wrong = reverse("assessment:level_proposal_use", args=[row(sheet, 19).pk, "knowledge.bimtek"])
    assert login(alice).post(wrong).status_code == 400


def test_site_relative_links_follow_the_sites_address(sheet, events, alice, settings, rf):
    from inovda.assessment.export import evidence_links

    entry = services.level_proposal_apply(actor=alice, entry=row(sheet, 20), key="knowledge.bimtek")
    external = services.evidence_add(actor=alice, entry=entry, url="https://jdih.example/sk.pdf")
    settings.INOVDA_SITE_URL = "https://inovda.malangkota.go.id/"
    first = entry.evidence.order_by("id").first()
    assert first.link == f"https://inovda.malangkota.go.id/knowledge/events/{events[0].pk}/"
    links = evidence_links(rf.get("/"), entry)
    assert links[0] == first.link and links[-1] == external.url == external.link
    assert all(link.startswith("https://") for link in links)


@pytest.mark.parametrize(
    "bad", ["//evil.example/x", "javascript:alert(1)", "/a b", "ftp://x.example"]
)
def test_a_link_is_absolute_http_or_a_path_on_this_site(sheet, alice, bad):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.evidence_add(actor=alice, entry=row(sheet, 20), url=bad)


def test_the_migration_keeps_only_the_path_of_the_sites_own_links(sheet, alice, settings):
    import importlib

    from django.apps import apps

    from inovda.assessment.models import Evidence

    migration = importlib.import_module(
        "inovda.assessment.migrations.0005_evidence_site_relative_links"
    )
    settings.INOVDA_SITE_URL = "https://inovda.example.go.id"
    entry = row(sheet, 20)
    old = Evidence.objects.create(
        entry=entry, url="https://inovda.example.go.id/knowledge/events/7/"
    )
    other = Evidence.objects.create(entry=entry, url="https://inovda.example.go.id.evil/x")
    migration.to_paths(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert old.url == "/knowledge/events/7/"
    assert old.link == "https://inovda.example.go.id/knowledge/events/7/"
    assert other.url == "https://inovda.example.go.id.evil/x"
    migration.to_absolute(apps, None)
    old.refresh_from_db()
    assert old.url == "https://inovda.example.go.id/knowledge/events/7/"
