import pytest
from django.urls import reverse

from inovda.competitions import services
from inovda.competitions.models import Assignment
from tests.competitions.conftest import score_all


@pytest.mark.parametrize("who", ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina"])
def test_list_and_detail_for_every_role_of_the_pemda(client, cast, competition, who):
    client.force_login(cast[who])
    assert client.get(reverse("competitions:list")).status_code == 200
    assert client.get(competition.get_absolute_url()).status_code == 200


def test_other_pemda_gets_404_everywhere(client, oscar, competition, entries):
    client.force_login(oscar)
    assert client.get(competition.get_absolute_url()).status_code == 404
    assert client.get(entries[0].get_absolute_url()).status_code == 404
    assert client.get(reverse("competitions:results", args=[competition.pk])).status_code == 404
    assert client.get(reverse("competitions:calibration", args=[competition.pk])).status_code == 404
    assert client.get(reverse("competitions:list")).content.count(b"Malang Innovation Award") == 0


def test_runners_only_reach_calibration_and_actions(client, alice, lina, una, competition):
    url = reverse("competitions:calibration", args=[competition.pk])
    for user, status in ((alice, 404), (lina, 404), (una, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(alice)
    advance = reverse("competitions:action", args=[competition.pk, "advance"])
    assert client.post(advance).status_code == 404


def test_entries_are_seen_by_own_agency_runners_and_their_reviewers(
    client, competition, entries, bob, una, alice
):
    entry_a = entries[0]
    client.force_login(bob)  # another agency, before the results
    assert client.get(entry_a.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert client.get(entry_a.get_absolute_url()).status_code == 200
    client.force_login(una)
    assert client.get(entry_a.get_absolute_url()).status_code == 200
    reviewer = entry_a.assignments.first().reviewer.user
    client.force_login(reviewer)
    assert client.get(entry_a.get_absolute_url()).status_code == 200


def test_blind_scoring_hides_agency_from_reviewers(client, competition, entries):
    competition.blind = True
    competition.save()
    assignment = Assignment.objects.filter(entry=entries[2]).first()  # Dinas Kesehatan
    client.force_login(assignment.reviewer.user)
    page = client.get(reverse("competitions:score", args=[assignment.pk])).content.decode()
    assert "Puskesmas Ramah" in page and "Dinas Kesehatan" not in page
    other = Assignment.objects.exclude(reviewer=assignment.reviewer).first()
    assert client.get(reverse("competitions:score", args=[other.pk])).status_code == 404


def test_word_limit_error_keeps_what_was_typed(client, competition, alice, agency_a):
    from tests.innovations.factories import implemented

    entry = services.entry_create(
        actor=alice,
        competition=competition,
        category=competition.categories.get(),
        innovation=implemented(agency_a),
    )
    section = entry.answers.get(section__title="Ringkasan").section_id
    client.force_login(alice)
    typed = "kata " * 205
    response = client.post(entry.get_absolute_url(), {f"s{section}": typed})
    assert response.status_code == 400
    assert typed.strip() in response.content.decode()


def test_certificate_after_publication(client, competition, entries, una, adam, alice):
    score_all(competition, {a.reviewer.user: 4 for a in Assignment.objects.all()})
    services.phase_advance(actor=una, competition=competition)
    services.phase_advance(actor=una, competition=competition)
    cert = reverse("competitions:certificate", args=[entries[0].pk])
    client.force_login(alice)
    assert client.get(cert).status_code == 404  # not published yet
    services.calibration_confirm(actor=una, competition=competition)
    services.phase_advance(actor=adam, competition=competition)
    response = client.get(cert)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(reverse("competitions:results", args=[competition.pk])).status_code == 200
