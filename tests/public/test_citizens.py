import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inovda.innovations.models import Innovation
from inovda.public import selectors, services
from inovda.public.models import Feedback, Proposal

from .conftest import photo

pytestmark = pytest.mark.django_db


def form_data(regions, **extra):
    data = {
        "kind": "idea",
        "title": "Antrean lansia di puskesmas",
        "description": "Lansia menunggu berjam-jam di puskesmas; usul antrean lewat kader.",
        "district": regions["district"].pk,
        "village": regions["village"].pk,
        "proposer_email": "warga@example.org",
        "proposer_name": "Siti",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def token(client, url) -> str:
    """The time-trap token that comes with the form on `url`."""
    page = client.get(url).content.decode()
    return re.search(r'name="issued" value="([^"]+)"', page).group(1)


def post_form(client, url, data, form_url=None):
    return client.post(url, {**data, "issued": token(client, form_url or url)})


def confirm_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/konfirmasi/\S+/)", body).group(1)


@pytest.fixture
def routed(regions, pemda, adam, agency_b):
    proposal = services.proposal_submit(
        pemda=pemda,
        data={
            "title": "Sampah di sungai",
            "description": "Sampah menumpuk di bantaran sungai setiap musim hujan.",
            "district": regions["district"],
            "proposer_email": "warga@example.org",
        },
    )
    services.proposal_confirm(proposal=proposal)
    return services.proposal_route(actor=adam, proposal=proposal, agency=agency_b)


def test_citizen_proposes_confirms_and_moderators_see_it(
    client, regions, pemda, adam, django_capture_on_commit_callbacks
):
    url = reverse("public:proposal_new")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, url, form_data(regions, photos=[photo()]))
    assert response.status_code == 200 and b"proposal-sent" in response.content
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.UNCONFIRMED
    assert proposal.photos.count() == 1
    assert client.get(proposal.get_absolute_url()).status_code == 404  # not public yet
    assert client.get(confirm_link()).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    assert adam.notifications.filter(verb="proposal_moderation").exists()
    assert client.get(proposal.get_absolute_url()).status_code == 404  # until moderated


def test_honeypot_and_time_trap_and_rate_limit(client, regions, settings):
    url = reverse("public:proposal_new")
    response = post_form(client, url, form_data(regions, website="http://spam"))
    assert response.status_code == 200 and not Proposal.objects.exists()
    response = client.post(url, form_data(regions, issued="forged"))
    assert "expired" in response.content.decode() or "kedaluwarsa" in response.content.decode()
    assert not Proposal.objects.exists()
    settings.INOVDA_PUBLIC = {"FORM_MIN_SECONDS": 60}
    response = post_form(client, url, form_data(regions))
    assert not Proposal.objects.exists()
    assert "Antrean lansia di puskesmas" in response.content.decode()  # typed text kept
    from django.core.cache import cache

    cache.clear()
    settings.INOVDA_PUBLIC = {"FORM_MIN_SECONDS": 0, "RATE_LIMIT": 2}
    for _ in range(3):
        post_form(client, url, form_data(regions))
    assert Proposal.objects.count() == 2


def test_bad_location_and_bad_photo_are_refused(client, regions):
    url = reverse("public:proposal_new")
    response = post_form(client, url, form_data(regions, district=regions["other"].pk))
    assert response.status_code == 200 and not Proposal.objects.exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("foto.png", b"%PDF-1.4 not a photo", content_type="image/png")
    response = post_form(client, url, form_data(regions, photos=[pdf]))
    assert not Proposal.objects.exists()
    assert "foto.png" in response.content.decode()


def test_route_answer_register_and_follow(
    routed, alice, bob, client, agency_b, django_capture_on_commit_callbacks
):
    assert routed.answer_due is not None
    page = client.get(routed.get_absolute_url()).content.decode()
    assert "sla" in page and agency_b.name in page
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=alice, proposal=routed, answer="x")
    proposal = services.proposal_answer(
        actor=bob, proposal=routed, answer="Kami tindak lanjuti.", register=True
    )
    innovation = proposal.innovation
    assert innovation.initiator_kind == Innovation.InitiatorKind.CITIZEN
    assert innovation.agency == agency_b and innovation.citizen_proposal == proposal
    # The lifecycle moves on in the registry; the public page follows it.
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Kami tindak lanjuti." in page and 'id="steps"' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.progress_mail() == 1
    assert mail.outbox and mail.outbox[0].to == ["warga@example.org"]
    assert services.progress_mail() == 0  # nothing new


def test_refuse_and_merge_publish_the_reason(routed, regions, pemda, adam, client):
    other = services.proposal_submit(
        pemda=pemda,
        data={
            "title": "Sampah sungai lagi",
            "description": "Sama: sampah di sungai dekat jembatan.",
            "district": regions["district"],
            "proposer_email": "lain@example.org",
        },
    )
    services.proposal_confirm(proposal=other)
    services.proposal_merge(actor=adam, proposal=other, into=routed, reason="Sama isinya")
    assert client.get(other.get_absolute_url()).status_code == 200
    assert "Sama isinya" in client.get(other.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError):
        services.proposal_refuse(actor=adam, proposal=routed, reason="")
    services.proposal_refuse(actor=adam, proposal=routed, reason="Sudah ada program serupa")
    assert "Sudah ada program serupa" in client.get(routed.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["alice", "bob", "vera", "una", "lina", "oscar"])
def test_only_the_admin_moderates(cast, routed, who):
    with pytest.raises(PermissionDenied):
        services.proposal_refuse(actor=cast[who], proposal=routed, reason="tidak")


def test_staff_proposal_page_access(cast, login, routed):
    url = reverse("public:staff_proposal", args=[routed.pk])
    assert login(cast["adam"]).get(url).status_code == 200
    assert login(cast["bob"]).get(url).status_code == 200  # routed to agency B
    for who in ["alice", "vera", "oscar"]:
        assert login(cast[who]).get(url).status_code == 404
    page = login(cast["bob"]).get(url).content.decode()
    assert "warga@example.org" not in page  # the agency does not see the proposer


def test_personal_data_export_and_erasure(login, adam, routed, client):
    staff = login(adam)
    data = staff.get(reverse("public:staff_proposal_data", args=[routed.pk])).json()
    assert data["email"] == "warga@example.org"
    staff.post(reverse("public:staff_proposal", args=[routed.pk]), {"action": "erase"})
    routed.refresh_from_db()
    assert routed.proposer_email == "" and routed.erased_at is not None
    assert routed.title == "Sampah di sungai"  # the proposal itself stays


def test_one_support_per_confirmed_email(client, routed, django_capture_on_commit_callbacks):
    url = reverse("public:support", args=[routed.uid])
    page_url = routed.get_absolute_url()
    for email in ["Pendukung@Example.org", "pendukung@example.org"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_form(client, url, {"email": email, "website": ""}, form_url=page_url)
        assert response.status_code == 302
    links = [m for m in mail.outbox if "konfirmasi" in m.body]
    assert len(links) == 1
    client.get(confirm_link())
    client.get(confirm_link())
    routed.refresh_from_db()
    assert routed.support_count == 1


def test_feedback_once_per_day_and_on_the_staff_page(running, publish, client, login, alice):
    version = publish(running)
    url = reverse("public:rate", args=[version.publication.uid])
    data = {"satisfaction": "4", "changed": "better", "recommend": "1", "comment": "Cepat"}
    post_form(client, url, data)
    post_form(client, url, data)
    assert Feedback.objects.count() == 1
    summary = selectors.feedback_summary(version.publication)
    assert summary["n"] == 1 and summary["mean"] == 4
    page = login(alice).get(running.get_absolute_url()).content.decode()
    assert 'id="satisfaction-mean"' in page and "4" in page


def test_only_implemented_innovations_are_rated(agency_a, publish, client):
    from tests.innovations.factories import InnovationFactory

    trial = InnovationFactory(
        agency=agency_a, complete=True, status="trial", stage="uji_coba", name="Uji Coba"
    )
    version = publish(trial)
    assert client.get(reverse("public:rate", args=[version.publication.uid])).status_code == 404


@pytest.fixture
def challenges(agency_a, other_agency):
    import datetime

    from django.utils import timezone

    from inovda.problems.models import Challenge, Problem

    def problem(owner, title):
        return Problem.objects.create(
            pemda=owner.pemda,
            owner=owner,
            title=title,
            description="RAHASIA-DESKRIPSI internal",
            origin="agency",
            priority=1,
        )

    soon = timezone.localdate() + datetime.timedelta(days=10)
    mine = problem(agency_a, "Banjir di Sawojajar")
    return {
        "open": Challenge.objects.create(
            problem=mine, title="Ide pompa banjir", call="Kirim ide pompa.", deadline=soon
        ),
        "agencies": Challenge.objects.create(
            problem=mine,
            title="Khusus perangkat daerah",
            call="Internal.",
            audience=Challenge.Audience.AGENCIES,
            deadline=soon,
        ),
        "past": Challenge.objects.create(
            problem=mine,
            title="Tantangan lewat tenggat",
            call="Sudah tutup.",
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        ),
        "elsewhere": Challenge.objects.create(
            problem=problem(other_agency, "Masalah kota lain"),
            title="Tantangan kota lain",
            call="Lain.",
            deadline=soon,
        ),
    }


def test_open_challenges_are_public_and_answered_by_a_proposal(client, regions, challenges):
    page = client.get(reverse("public:challenges")).content.decode()
    assert "Ide pompa banjir" in page and "Tantangan kota lain" in page
    assert "Khusus perangkat daerah" not in page and "Tantangan lewat tenggat" not in page
    assert "RAHASIA-DESKRIPSI" not in page  # only the call is public, not the problem record
    chosen = challenges["open"]
    url = f"{reverse('public:proposal_new')}?challenge={chosen.pk}"
    assert "Ide pompa banjir" in client.get(url).content.decode()
    response = post_form(client, url, form_data(regions, challenge=chosen.pk), form_url=url)
    assert response.status_code == 200 and b"proposal-sent" in response.content
    assert Proposal.objects.get().challenge == chosen


@pytest.mark.parametrize("which", ["agencies", "past", "elsewhere"])
def test_a_closed_or_foreign_challenge_is_refused_and_the_text_kept(
    client, regions, challenges, which
):
    url = reverse("public:proposal_new")
    data = form_data(regions, challenge=challenges[which].pk)
    page = post_form(client, url, data).content.decode()
    assert "Tantangan ini sudah ditutup" in page
    assert "Lansia menunggu berjam-jam" in page  # what was typed is kept
    assert not Proposal.objects.exists()
