import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inovda.core.models import AuditEvent, Notification
from inovda.innovations.models import Innovation
from inovda.innovations.services import attachment_add, innovation_update
from inovda.public import selectors, services
from inovda.public.models import PublicVersion
from tests.innovations.factories import InnovationFactory, pdf_upload

from .conftest import public_data

pytestmark = pytest.mark.django_db


def test_agency_proposes_admin_approves_and_it_is_audited(running, alice, adam):
    version = services.publication_propose(actor=alice, innovation=running, data=public_data())
    assert version.state == PublicVersion.State.PROPOSED
    assert Notification.objects.filter(recipient=adam, verb="publication_review").exists()
    assert not selectors.published().exists()
    services.publication_approve(actor=adam, version=version)
    assert list(selectors.published()) == [version]
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"publication_proposed", "publication_approved"} <= verbs


@pytest.mark.parametrize("who", ["bob", "vera", "carl", "una", "lina", "oscar"])
def test_only_the_agency_or_admin_may_propose(cast, running, who):
    with pytest.raises(PermissionDenied):
        services.publication_propose(actor=cast[who], innovation=running, data=public_data())


@pytest.mark.parametrize("who", ["alice", "ivan", "bob", "vera", "una", "oscar"])
def test_only_the_pemda_admin_approves(cast, running, who):
    version = services.publication_propose(
        actor=cast["alice"], innovation=running, data=public_data()
    )
    with pytest.raises(PermissionDenied):
        services.publication_approve(actor=cast[who], version=version)


def test_drafts_cannot_be_published(agency_a, alice):
    draft = InnovationFactory(agency=agency_a)
    with pytest.raises(ValidationError):
        services.publication_propose(actor=alice, innovation=draft, data=public_data())


@pytest.mark.parametrize(
    "text",
    ["hubungi budi@example.org", "WA 0812-3456-7890", "NIK 3573012345678901", "+62 812 3456 7890"],
)
def test_personal_data_is_refused(running, alice, text):
    with pytest.raises(ValidationError):
        services.publication_propose(
            actor=alice, innovation=running, data=public_data(beneficiaries=text)
        )


def test_internal_edits_do_not_leak_until_republished(running, publish, alice, adam, client):
    version = publish(running)
    innovation_update(
        actor=adam, innovation=running, data={"name": "Nama Internal Baru", "benefits": "BARU"}
    )
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Antrean Puskesmas Daring" in page and "Nama Internal Baru" not in page
    # A new version replaces the old one only once approved.
    new = services.publication_propose(
        actor=alice, innovation=running, data=public_data(name="Antrean Versi Dua")
    )
    assert "Antrean Versi Dua" not in client.get(version.get_absolute_url()).content.decode()
    services.publication_approve(actor=adam, version=new)
    version.refresh_from_db()
    assert version.state == PublicVersion.State.SUPERSEDED
    assert "Antrean Versi Dua" in client.get(new.get_absolute_url()).content.decode()
    assert new.publication.uid == version.publication.uid  # stable identifier


def test_withdrawal_removes_it_at_once_everywhere(running, publish, alice, client):
    version = publish(running)
    url = version.get_absolute_url()
    assert client.get(url).status_code == 200
    services.publication_withdraw(actor=alice, innovation=running, reason="Data diperbarui")
    assert client.get(url).status_code == 404
    for path in [
        reverse("public:catalogue") + "?q=antrean",
        reverse("public:data_json", args=["innovations"]),
        reverse("public:data_csv", args=["innovations"]),
        "/api/public/v1/innovations/",
        reverse("public:sitemap"),
    ]:
        assert "Antrean Puskesmas Daring" not in client.get(path).content.decode(), path
    assert AuditEvent.objects.filter(verb="publication_withdrawn").count() == 1


def test_attachments_are_public_one_by_one(running, alice, adam, client):
    public = attachment_add(actor=adam, innovation=running, upload=pdf_upload("publik.pdf"))
    internal = attachment_add(actor=adam, innovation=running, upload=pdf_upload("internal.pdf"))
    version = services.publication_propose(
        actor=alice, innovation=running, data=public_data(), attachments=[public]
    )
    services.publication_approve(actor=adam, version=version)
    uid = version.publication.uid
    assert client.get(reverse("public:attachment", args=[uid, public.pk])).status_code == 200
    assert client.get(reverse("public:attachment", args=[uid, internal.pk])).status_code == 404
    assert "internal.pdf" not in client.get(version.get_absolute_url()).content.decode()


def test_catalogue_search_and_filters(running, publish, agency_b, adam, client):
    publish(running)
    other = InnovationFactory(
        agency=agency_b,
        complete=True,
        name="Bank Sampah Digital",
        status=Innovation.Status.TRIAL,
        stage=Innovation.Stage.TRIAL,
        year=2020,
    )
    publish(
        other,
        name="Bank Sampah Digital",
        problem="Sampah menumpuk di sungai.",
        what_it_does="Warga menabung sampah.",
    )
    found = selectors.catalogue(selectors.CatalogueFilters(q="antrean"))
    assert [h.version.name for h in found.hits] == ["Antrean Puskesmas Daring"]
    assert "<mark>" in str(found.hits[0].title)
    by_stage = selectors.catalogue(selectors.CatalogueFilters(stage="uji_coba"))
    assert [h.version.name for h in by_stage.hits] == ["Bank Sampah Digital"]
    by_year = selectors.catalogue(selectors.CatalogueFilters(q="sampah", year=2022))
    assert by_year.hits == []
    by_agency = selectors.catalogue(selectors.CatalogueFilters(agency=agency_b.pk))
    assert by_agency.total == 1
    assert client.get(reverse("public:catalogue") + "?q=sampah&stage=x&year=abc").status_code == 200


def test_anonymous_root_is_the_catalogue_and_staff_get_their_desk(client, alice):
    assert client.get("/").status_code == 200
    assert b"Staff sign-in" in client.get("/").content or b"Masuk" in client.get("/").content
    client.force_login(alice)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_public_pages_have_a_strict_csp(running, publish, client):
    version = publish(running)
    for url in ["/", version.get_absolute_url(), reverse("public:proposals")]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        body = response.content.decode()
        assert " style=" not in body
        assert "<script>" not in body  # every script is a file (json blocks are data)


@pytest.mark.parametrize("who", ["alice", "ivan", "bob", "adam", "vera", "carl", "una", "lina"])
def test_staff_pages_per_role(cast, login, running, who):
    client = login(cast[who])
    assert client.get(reverse("public:staff_queue")).status_code == 200
    assert client.get(running.get_absolute_url()).status_code == 200  # the panels render


def test_staff_version_page_is_scoped(cast, login, running, alice):
    version = services.publication_propose(actor=alice, innovation=running, data=public_data())
    assert (
        login(cast["oscar"]).get(reverse("public:staff_version", args=[version.pk])).status_code
        == 404
    )
    client = login(cast["adam"])
    response = client.post(
        reverse("public:staff_version", args=[version.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == PublicVersion.State.PUBLISHED


def test_propose_form_keeps_typed_text_on_error(login, running, alice):
    client = login(alice)
    url = reverse("public:staff_propose", args=[running.pk])
    assert client.get(url).status_code == 200
    data = {**public_data(), "beneficiaries": "Telp 0812-3456-7890 Bu Ani"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Bu Ani" in response.content.decode()
    assert not PublicVersion.objects.exists()


def test_evidence_level_is_frozen_with_the_version_and_shown_everywhere(
    running, publish, alice, adam, client
):
    from inovda.innovations.services.evidence import evidence_claim_add, evidence_decide

    version = publish(running)
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Belum dinilai" in page
    claim = evidence_claim_add(
        actor=alice, innovation=running, level=2, kind="kpi_series", description="Antrean turun."
    )
    evidence_decide(actor=adam, claim=claim, confirm=True)
    # Confirmed inside, but the public version shows it only once re-published.
    assert "Belum dinilai" in client.get(version.get_absolute_url()).content.decode()
    new = services.publication_approve(
        actor=adam,
        version=services.publication_propose(actor=alice, innovation=running, data=public_data()),
    )
    assert new.evidence_level == 2
    assert "Data yang menunjukkan perubahan" in client.get(new.get_absolute_url()).content.decode()
    api = client.get(f"/api/public/v1/innovations/{new.publication.uid}/").json()
    assert api["evidence_level"] == 2
    assert client.get("/data/innovations.json").json()["items"][0]["evidence_level"] == 2


def test_kpi_periods_are_written_as_indonesian_dates():
    from django.utils import translation

    from inovda.public.views import _period_label

    with translation.override("id"):
        assert _period_label("2026-08-31") == "31 Agustus 2026"
    assert _period_label("not a date") == "not a date"
