"""Similar innovations: a near-duplicate first, unrelated text not listed, access kept."""

import pytest
from django.urls import reverse

from inovda.innovations.models import Innovation
from inovda.knowledge.selectors import innovation_text, similar_innovations
from tests.knowledge.factories import IndexedInnovationFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status

QUEUE = {
    "name": "Antrean Online Puskesmas",
    "goals": "Pasien mengambil nomor antrean puskesmas dari rumah lewat aplikasi ponsel "
    "sehingga tidak menunggu lama di ruang tunggu.",
    "benefits": "Waktu tunggu pasien puskesmas berkurang dan ruang tunggu tidak padat.",
    "design": "Aplikasi antrean terhubung dengan loket pendaftaran puskesmas; petugas "
    "memanggil nomor antrean sesuai jadwal dan pasien menerima pemberitahuan.",
}


@pytest.fixture
def registry(agency_a, agency_b, other_agency):
    def make(agency, name, goals, benefits="", design="", status=S.IMPLEMENTED):
        return IndexedInnovationFactory(
            agency=agency,
            name=name,
            goals=goals,
            benefits=benefits,
            design_how_it_works=design,
            status=status,
        )

    return {
        "twin": make(
            agency_b,
            "Antrean Puskesmas Online",
            "Pasien mengambil nomor antrean puskesmas dari rumah melalui aplikasi ponsel agar "
            "tidak menunggu lama di ruang tunggu.",
            "Waktu tunggu pasien di puskesmas berkurang.",
            "Aplikasi antrean terhubung dengan loket pendaftaran puskesmas.",
        ),
        "cousin": make(
            agency_b,
            "Pendaftaran Rawat Jalan RSUD Daring",
            "Pasien rawat jalan mendaftar dari rumah dan menerima nomor antrean.",
        ),
        "unrelated": make(
            agency_a,
            "Bank Sampah Kelurahan",
            "Warga menabung sampah plastik dan menukarnya dengan saldo tabungan.",
            "Volume sampah ke TPA turun.",
        ),
        "batu": make(
            other_agency,
            "Antrean Online Puskesmas Batu",
            QUEUE["goals"],
            QUEUE["benefits"],
            QUEUE["design"],
        ),
    }


def test_near_duplicate_first_unrelated_not_listed(alice, registry, agency_a):
    found = similar_innovations(
        user=alice, texts=QUEUE, agency_id=agency_a.pk, pemda_id=agency_a.pemda_id
    )
    names = [item.innovation.name for item in found]
    assert names[0] == "Antrean Puskesmas Online"
    assert found[0].duplicate and found[0].relation == "other_agency"
    assert "antrean" in found[0].shared
    assert "Bank Sampah Kelurahan" not in names
    if len(found) > 1:
        assert found[1].score < found[0].score


def test_other_pemda_only_within_the_users_scope(alice, lina, adam, registry, province):
    from tests.organizations.factories import member

    assert "Antrean Online Puskesmas Batu" not in [
        i.innovation.name for i in similar_innovations(user=alice, texts=QUEUE)
    ]
    governor = member("gita", "leadership", pemda=province)
    found = similar_innovations(user=governor, texts=QUEUE, pemda_id=registry["twin"].pemda_id)
    by_name = {i.innovation.name: i for i in found}
    assert by_name["Antrean Online Puskesmas Batu"].relation == "other_pemda"


def test_drafts_of_other_agencies_are_never_suggested(bob, agency_a):
    IndexedInnovationFactory(agency=agency_a, name=QUEUE["name"], goals=QUEUE["goals"])
    assert similar_innovations(user=bob, texts=QUEUE) == []


def test_an_innovation_is_not_similar_to_itself(alice, registry):
    twin = registry["twin"]
    found = similar_innovations(user=alice, texts=innovation_text(twin), exclude=twin.pk)
    assert twin.pk not in [i.innovation.pk for i in found]


def test_empty_text_gives_nothing(alice, registry):
    assert similar_innovations(user=alice, texts={"name": "dan yang di"}) == []


def test_similar_panel_updates_from_the_form(login, alice, registry, agency_a):
    response = login(alice).post(
        reverse("knowledge:similar"),
        {"name": QUEUE["name"], "goals": QUEUE["goals"], "agency": agency_a.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Antrean Puskesmas Online" in page
    assert "Bank Sampah" not in page
    assert reverse("knowledge:replication_create", args=[registry["twin"].pk]) in page


def test_innovation_form_and_page_show_similar(login, alice, registry, agency_a):
    client = login(alice)
    form = client.get(reverse("innovations:create")).content.decode()
    assert reverse("knowledge:similar") in form
    page = client.get(registry["twin"].get_absolute_url()).content.decode()
    assert 'id="similar"' in page
