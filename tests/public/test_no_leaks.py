"""Nothing unpublished reaches an anonymous visitor: every anonymous output (pages, search,
CSV/JSON, API, DCAT/CKAN, OPSI, sitemap) is fetched and searched for markers planted in
every internal field, non-public attachment, draft, unmoderated proposal and personal data."""

import pytest
from django.urls import reverse

from inovda.innovations.models import DESIGN_FIELDS, Innovation
from inovda.innovations.services import attachment_add
from inovda.public import services
from inovda.public.models import Proposal
from tests.innovations.factories import InnovationFactory, pdf_upload

pytestmark = pytest.mark.django_db

MARK = "zqxsecret"


@pytest.fixture
def world(agency_a, agency_b, adam, alice, regions, pemda):
    # A published innovation whose internal record is full of markers.
    internal = {field: f"{MARK}{field}" for field in DESIGN_FIELDS}
    internal |= {
        f: f"{MARK}{f}"
        for f in ["goals", "benefits", "results", "budget_note", "status_reason", "trial_report"]
    }
    published = InnovationFactory(
        agency=agency_a,
        complete=True,
        status=Innovation.Status.IMPLEMENTED,
        stage=Innovation.Stage.IMPLEMENTATION,
        name=f"Internal name {MARK}name",
        initiator_name=f"{MARK}initiator",
        **internal,
    )
    hidden_file = attachment_add(
        actor=adam, innovation=published, upload=pdf_upload(f"{MARK}file.pdf")
    )
    version = services.publication_propose(
        actor=alice,
        innovation=published,
        data={
            "name": "Layanan Publik Bersih",
            "problem": "Masalah publik.",
            "what_it_does": "Cara kerja publik.",
            "beneficiaries": "Warga.",
            "results": "Hasil publik.",
            "contact_unit": "Loket informasi",
        },
    )
    services.publication_approve(actor=adam, version=version)
    # A pending new version, a refused one and a withdrawn innovation.
    services.publication_propose(
        actor=alice,
        innovation=published,
        data={"name": f"Pending {MARK}pending", "problem": f"{MARK}pendingtext"},
    )
    withdrawn = InnovationFactory(
        agency=agency_b, complete=True, status="implemented", stage="penerapan", name="Ditarik"
    )
    w = services.publication_propose(
        actor=adam, innovation=withdrawn, data={"name": f"Withdrawn {MARK}withdrawn"}
    )
    services.publication_approve(actor=adam, version=w)
    services.publication_withdraw(actor=adam, innovation=withdrawn)
    # Drafts and never-published innovations.
    InnovationFactory(agency=agency_a, name=f"Draft {MARK}draft")
    InnovationFactory(agency=agency_b, complete=True, status="trial", name=f"Trial {MARK}unpub")
    # Proposals: unconfirmed, pending (confirmed, not moderated), and a public one whose
    # proposer's name and e-mail must stay private.
    base = {"district": regions["district"], "description": "Deskripsi usulan warga."}
    services.proposal_submit(
        pemda=pemda,
        data={**base, "title": f"Unconfirmed {MARK}unconf", "proposer_email": "a@example.org"},
    )
    pending = services.proposal_submit(
        pemda=pemda,
        data={**base, "title": f"Pending {MARK}pendprop", "proposer_email": "b@example.org"},
    )
    services.proposal_confirm(proposal=pending)
    public = services.proposal_submit(
        pemda=pemda,
        data={
            **base,
            "title": "Usulan publik",
            "proposer_name": f"{MARK}proposername",
            "proposer_email": f"{MARK}mail@example.org",
        },
    )
    services.proposal_confirm(proposal=public)
    services.proposal_route(actor=adam, proposal=public, agency=agency_b)
    return {"version": version, "hidden_file": hidden_file, "proposal": public}


def anonymous_outputs(client, world):
    uid = world["version"].publication.uid
    urls = [
        "/",
        reverse("public:catalogue"),
        reverse("public:catalogue") + f"?q={MARK}",
        reverse("public:catalogue") + "?q=internal",
        world["version"].get_absolute_url(),
        reverse("public:opsi", args=[uid]),
        reverse("public:proposals"),
        world["proposal"].get_absolute_url(),
        reverse("public:data"),
        reverse("public:data_csv", args=["innovations"]),
        reverse("public:data_json", args=["innovations"]),
        reverse("public:data_csv", args=["proposals"]),
        reverse("public:data_json", args=["proposals"]),
        "/api/public/v1/innovations/",
        f"/api/public/v1/innovations/{uid}/",
        "/api/public/v1/proposals/",
        f"/api/public/v1/proposals/{world['proposal'].uid}/",
        reverse("public:dcat"),
        reverse("public:ckan_list"),
        reverse("public:ckan_show") + "?id=inovda-innovations",
        reverse("public:ckan_show") + "?id=inovda-proposals",
        reverse("public:sitemap"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        # The visitor's own query is echoed back in the search box and links.
        yield url, body.replace(f'value="{MARK}"', "").replace(f"q={MARK}", "")


def test_no_marker_reaches_an_anonymous_visitor(client, world):
    seen = 0
    for url, body in anonymous_outputs(client, world):
        assert MARK not in body, url
        seen += 1
    assert seen == 22
    # The published text does reach them (the test can fail).
    assert "Layanan Publik Bersih" in client.get("/").content.decode()


def test_unpublished_objects_are_404(client, world):
    uid = world["version"].publication.uid
    hidden = world["hidden_file"]
    assert client.get(reverse("public:attachment", args=[uid, hidden.pk])).status_code == 404
    for proposal in Proposal.objects.filter(status__in=["unconfirmed", "pending"]):
        assert client.get(proposal.get_absolute_url()).status_code == 404
        assert client.get(f"/api/public/v1/proposals/{proposal.uid}/").status_code == 404


def test_staff_search_does_not_show_the_catalogue_to_another_pemda(world, login, oscar):
    from inovda.knowledge.selectors import SearchFilters, search_documents

    results = search_documents(user=oscar, filters=SearchFilters(q="layanan publik bersih"))
    assert results.total == 0
