"""Pages: status and access for every role, and that typed work is never lost."""

import pytest
from django.urls import reverse

from inovda.innovations.models import Attachment, Innovation
from tests.innovations.factories import InnovationFactory
from tests.organizations.factories import GovernmentAffairFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status

ROLES = ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina", "oscar"]


@pytest.fixture
def a_draft(agency_a):
    return InnovationFactory(agency=agency_a, name="Draf Rahasia Kominfo")


@pytest.fixture
def b_draft(agency_b):
    return InnovationFactory(agency=agency_b, name="Draf Rahasia Dinkes")


def test_anonymous_is_sent_to_login(client, a_draft):
    for url in [
        reverse("home"),
        reverse("innovations:list"),
        reverse("innovations:detail", args=[a_draft.pk]),
        reverse("innovations:create"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ROLES)
def test_every_role_gets_home_and_list(cast, login, who):
    client = login(cast[who])
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("innovations:list")).status_code == 200


@pytest.mark.parametrize(
    "who,status", [("alice", 200), ("adam", 200), ("bob", 404), ("vera", 404), ("oscar", 404)]
)
def test_draft_detail_by_role(cast, login, a_draft, who, status):
    response = login(cast[who]).get(reverse("innovations:detail", args=[a_draft.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "who,status",
    [("alice", 200), ("adam", 200), ("bob", 404), ("lina", 404), ("vera", 404), ("oscar", 404)],
)
def test_edit_page_by_role(cast, login, a_draft, who, status):
    response = login(cast[who]).get(reverse("innovations:edit", args=[a_draft.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("who,status", [("bob", 403), ("lina", 403), ("vera", 403)])
def test_visible_but_not_editable_is_403(cast, login, agency_a, who, status):
    live = InnovationFactory(agency=agency_a, status=S.SUBMITTED)
    response = login(cast[who]).get(reverse("innovations:edit", args=[live.pk]))
    assert response.status_code == status


def test_operator_b_cannot_post_changes_to_a(login, bob, a_draft):
    response = login(bob).post(reverse("innovations:edit", args=[a_draft.pk]), {"name": "Hacked"})
    assert response.status_code == 404
    a_draft.refresh_from_db()
    assert a_draft.name == "Draf Rahasia Kominfo"


def test_operator_b_cannot_delete_or_submit_a(login, bob, a_draft):
    client = login(bob)
    assert client.post(reverse("innovations:delete", args=[a_draft.pk])).status_code == 404
    assert client.post(reverse("innovations:submit", args=[a_draft.pk])).status_code == 404
    assert Innovation.objects.filter(pk=a_draft.pk, status=S.DRAFT).exists()


def test_list_and_search_never_show_other_agency_drafts(login, alice, a_draft, b_draft):
    client = login(alice)
    page = client.get(reverse("innovations:list")).content.decode()
    assert "Draf Rahasia Kominfo" in page
    assert "Draf Rahasia Dinkes" not in page
    found = client.get(reverse("innovations:list"), {"q": "Rahasia"}).content.decode()
    assert "Draf Rahasia Kominfo" in found
    assert "Draf Rahasia Dinkes" not in found


def test_other_pemda_sees_nothing_of_kota_malang(login, oscar, a_draft, agency_a):
    InnovationFactory(agency=agency_a, name="Layanan Publik Malang", status=S.IMPLEMENTED)
    page = login(oscar).get(reverse("innovations:list"), {"q": "Malang"}).content.decode()
    assert "Layanan Publik Malang" not in page
    assert "Draf Rahasia" not in page


def test_create_refused_for_read_only_roles(login, lina, vera):
    assert login(lina).get(reverse("innovations:create")).status_code == 403
    assert login(vera).get(reverse("innovations:create")).status_code == 403


def _form_data(agency, **extra):
    data = {
        "name": "Sistem Antrean Puskesmas",
        "agency": agency.pk,
        "classification": "perangkat_daerah",
        "stage": "inisiatif",
        "design_problem": "antrean panjang di puskesmas",
        "goals": "Mengurangi antrean",
    }
    data.update(extra)
    return data


def test_create_draft(login, alice, agency_a):
    response = login(alice).post(reverse("innovations:create"), _form_data(agency_a))
    innovation = Innovation.objects.get(name="Sistem Antrean Puskesmas")
    assert response.status_code == 302
    assert response["Location"] == innovation.get_absolute_url()
    assert innovation.status == S.DRAFT
    detail = login(alice).get(innovation.get_absolute_url()).content.decode()
    assert "alice" in detail or alice.get_full_name() in detail  # the timeline names the actor


def test_invalid_form_keeps_everything_typed(login, alice, agency_a):
    data = _form_data(agency_a, trial_start="2024-05-01", trial_end="2024-01-01")
    response = login(alice).post(reverse("innovations:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sistem Antrean Puskesmas" in page
    assert "antrean panjang di puskesmas" in page
    assert not Innovation.objects.exists()


def test_save_and_submit_with_short_design_keeps_draft_and_text(login, alice, agency_a):
    affair = GovernmentAffairFactory()
    data = _form_data(
        agency_a,
        initiator_kind="asn",
        form="pelayanan_publik",
        kind="digital",
        main_affair=affair.pk,
        benefits="Lebih cepat",
        submit="1",
    )
    client = login(alice)
    response = client.post(reverse("innovations:create"), data, follow=True)
    innovation = Innovation.objects.get()
    assert innovation.status == S.DRAFT
    assert innovation.design_problem == "antrean panjang di puskesmas"
    page = response.content.decode()
    assert "300" in page  # the message names the minimum
    assert "antrean panjang di puskesmas" in page  # the edit form shows what was typed


def test_submit_with_enough_words(login, alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True)
    response = login(alice).post(reverse("innovations:submit", args=[innovation.pk]))
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


def test_list_filters(login, adam, agency_a, agency_b):
    InnovationFactory(agency=agency_a, name="Alpha Digital", stage="penerapan", year=2020)
    InnovationFactory(agency=agency_b, name="Beta Sehat", stage="uji_coba", year=2021)
    client = login(adam)

    def names(**params):
        return client.get(reverse("innovations:list"), params).content.decode()

    assert "Alpha Digital" in names(agency=agency_a.pk)
    assert "Beta Sehat" not in names(agency=agency_a.pk)
    assert "Beta Sehat" in names(stage="uji_coba")
    assert "Alpha Digital" not in names(stage="uji_coba")
    assert "Alpha Digital" in names(year=2020)
    assert "Beta Sehat" not in names(year=2020)
    assert "Beta Sehat" in names(q="sehat")


def test_htmx_list_returns_the_results_partial(login, adam):
    response = login(adam).get(reverse("innovations:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="results"' in response.content


def test_timeline_shows_who_changed_what(login, alice, agency_a):
    client = login(alice)
    client.post(reverse("innovations:create"), _form_data(agency_a))
    innovation = Innovation.objects.get()
    client.post(
        reverse("innovations:edit", args=[innovation.pk]),
        _form_data(agency_a, name="Sistem Antrean Puskesmas v2"),
    )
    page = client.get(innovation.get_absolute_url()).content.decode()
    assert "Sistem Antrean Puskesmas v2" in page
    assert alice.get_full_name() in page
    assert "diff-before" in page


def test_attachment_of_a_hidden_draft_is_404(login, alice, bob, a_draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inovda.innovations import services

    services.attachment_add(
        actor=alice,
        innovation=a_draft,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 data"),
    )
    attachment = Attachment.objects.get()
    url = reverse("innovations:attachment_download", args=[attachment.pk])
    assert login(bob).get(url).status_code == 404
    assert login(alice).get(url).status_code == 200
    delete = reverse("innovations:attachment_delete", args=[attachment.pk])
    assert login(bob).post(delete).status_code == 404
    assert Attachment.objects.exists()
