import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.problems import selectors, services
from inovda.problems.models import Place, Problem
from tests.innovations.factories import InnovationFactory, implemented


def make(actor, pemda, owner, title, **extra):
    data = {"title": title, "owner": owner, "origin": "plan", "priority": 1, **extra}
    return services.problem_save(actor=actor, pemda=pemda, data=data)


def test_reference_places_attach_to_their_pemda(places, pemda):
    assert places.count() == 57
    assert Place.objects.filter(level="kecamatan", pemda=pemda).count() == 5
    assert all(p.parent and p.parent.level == "kecamatan" for p in places)


def test_only_keepers_write_and_everything_is_audited(una, alice, pemda, agency_a, other_agency):
    with pytest.raises(PermissionDenied):
        make(alice, pemda, agency_a, "Antrean layanan KTP")
    problem = make(una, pemda, agency_a, "Antrean layanan KTP")
    with pytest.raises(ValidationError):
        make(una, pemda, other_agency, "Milik Pemda lain")
    services.problem_save(actor=una, pemda=pemda, problem=problem, data={"priority": 2})
    assert AuditEvent.objects.filter(subject_id=problem.pk, verb="updated").get().changes == {
        "priority": {"before": 1, "after": 2}
    }


def test_links_are_visible_both_ways(client, una, alice, bob, pemda, agency_a, agency_b):
    problem = make(una, pemda, agency_a, "Stunting balita")
    innovation = implemented(agency_a, name="Posyandu Digital")
    with pytest.raises(PermissionDenied):  # bob's agency does not own the innovation
        services.link_add(actor=bob, problem=problem, innovation=innovation)
    services.link_add(actor=alice, problem=problem, innovation=innovation, note="Pemantauan gizi")
    client.force_login(bob)
    assert "Posyandu Digital" in client.get(problem.get_absolute_url()).content.decode()
    page = client.get(innovation.get_absolute_url()).content.decode()
    assert 'id="problems"' in page and "Stunting balita" in page
    with pytest.raises(ValidationError):
        services.link_add(actor=alice, problem=problem, innovation=innovation)


def test_challenge_opened_on_a_problem(una, pemda, agency_a):
    import datetime

    problem = make(una, pemda, agency_a, "Sampah pasar")
    challenge = services.challenge_open(
        actor=una,
        problem=problem,
        data={
            "title": "Ide pengolahan sampah",
            "call": "Solusi dari kampus.",
            "audience": "universities",
            "deadline": datetime.date(2026, 9, 1),
        },
    )
    assert challenge.problem == problem
    assert AuditEvent.objects.filter(verb="challenge_opened").exists()


def _table_rows(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>", 1)[1], flags=re.S)


def test_dashboard_views_match_their_tables(client, una, lina, pemda, agency_a, agency_b, places):
    linked = implemented(agency_a, name="Inovasi Tertaut")
    implemented(agency_b, name="Inovasi Lepas")
    InnovationFactory(agency=agency_b, name="Draf Rahasia", status=Innovation.Status.DRAFT)
    solved = make(una, pemda, agency_a, "Tertangani")
    services.link_add(actor=una, problem=solved, innovation=linked)
    make(una, pemda, agency_b, "Belum ada solusi")
    make(una, pemda, agency_b, "Prioritas rendah", priority=3)
    kel = list(places[:3])
    make(una, pemda, agency_a, "Kemiskinan ekstrem A", poverty_related=True, places=kel[:2])
    make(una, pemda, agency_a, "Kemiskinan ekstrem B", poverty_related=True, places=kel[:1])
    make(
        una,
        pemda,
        agency_a,
        "Kemiskinan selesai",
        poverty_related=True,
        places=kel,
        status="solved",
    )

    without_innovation = list(selectors.priority_without_innovation(user=lina))
    assert {p.title for p in without_innovation} == {
        "Belum ada solusi",
        "Kemiskinan ekstrem A",
        "Kemiskinan ekstrem B",
    }
    without_problem = list(selectors.innovations_without_problem(user=lina))
    assert [i.name for i in without_problem] == ["Inovasi Lepas"]
    rows = selectors.poverty_by_kelurahan(user=lina, pemda=pemda)
    counts = {r.place.code: r.problems for r in rows}
    assert counts[kel[0].code] == 2 and counts[kel[1].code] == 1 and counts[kel[2].code] == 0
    assert len(rows) == 57

    client.force_login(lina)
    html = client.get(reverse("problems:dashboard")).content.decode()
    table = _table_rows(html, "priority-without-innovation")
    assert len(table) == len(without_innovation)
    assert all(any(p.title in row for row in table) for p in without_innovation)
    table = _table_rows(html, "innovations-without-problem")
    assert len(table) == 1 and "Inovasi Lepas" in table[0]
    cells = dict(re.findall(r'data-place="([\d.]+)" data-count="(\d+)"', html))
    table_counts = dict(
        re.findall(r'<tr data-place="([\d.]+)">.*?<td class="text-end">(\d+)</td>', html, re.S)
    )
    assert {k: int(v) for k, v in cells.items()} == counts
    assert {k: int(v) for k, v in table_counts.items()} == counts


def test_problem_pages_are_404_outside_the_pemda(client, una, oscar, pemda, agency_a):
    problem = make(una, pemda, agency_a, "Banjir")
    client.force_login(oscar)
    assert client.get(problem.get_absolute_url()).status_code == 404
    assert "Banjir" not in client.get(reverse("problems:list")).content.decode()
    assert client.get(reverse("problems:create")).status_code == 404


@pytest.mark.parametrize("who", ["alice", "adam", "vera", "una", "lina"])
def test_pages_open_for_every_role(client, cast, who, pemda, agency_a):
    problem = make(cast["una"], pemda, agency_a, "Parkir liar")
    client.force_login(cast[who])
    for url in (
        reverse("problems:list"),
        reverse("problems:dashboard"),
        reverse("problems:challenges"),
        problem.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200


def test_bad_input_keeps_what_was_typed(client, una, pemda, agency_a):
    client.force_login(una)
    response = client.post(reverse("problems:create"), {"title": "Jalan rusak di Sukun"})
    assert response.status_code == 400
    assert "Jalan rusak di Sukun" in response.content.decode()
    assert not Problem.objects.exists()
