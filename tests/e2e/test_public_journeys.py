"""Browser journeys of the public side: a citizen's proposal followed from the public form to
an innovation in trial, a citizen's rating reaching the staff page, and the public pages at
390 px without third-party requests."""

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from inovda.innovations import services as registry
from inovda.innovations.models import Innovation
from inovda.public import services
from inovda.public.models import Proposal
from tests.innovations.factories import WORDS_300, InnovationFactory, instrument_data
from tests.organizations.factories import GovernmentAffairFactory
from tests.public.conftest import regions  # noqa: F401 - the kecamatan fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _public(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.INOVDA_PUBLIC = {"FORM_MIN_SECONDS": 0}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile("/login/"))


def to_trial(innovation, bob, adam):
    """The registry lifecycle up to the trial, through the innovations app's services (the
    clicks of these steps are the registry journey's subject)."""
    registry.innovation_update(
        actor=bob,
        innovation=innovation,
        data={
            "form": Innovation.Form.PUBLIC_SERVICE,
            "kind": Innovation.Kind.NON_DIGITAL,
            "main_affair": GovernmentAffairFactory(),
            "goals": "Antrean lansia lebih singkat.",
            "benefits": "Lansia tidak menunggu lama.",
            "design_how_it_works": WORDS_300,
        },
    )
    registry.innovation_transition(actor=bob, innovation=innovation, name="submit")
    registry.innovation_transition(actor=adam, innovation=innovation, name="start_review")
    for name in ["Prof. Sri", "Ir. Bambang", "Dr. Rahmat"]:
        member = registry.panel_member_add(
            actor=adam, innovation=innovation, name=name, kind="academic"
        )
        registry.panel_recommendation_record(actor=adam, member=member, recommendation="feasible")
    registry.innovation_transition(actor=adam, innovation=innovation, name="approve")
    registry.innovation_transition(
        actor=adam, innovation=innovation, name="adopt", data=instrument_data()
    )
    registry.innovation_transition(
        actor=bob,
        innovation=innovation,
        name="start_trial",
        data={
            "planned_start": datetime.date(2025, 3, 1),
            "planned_end": datetime.date(2025, 5, 31),
        },
    )


@pytest.mark.usefixtures("regions")
def test_citizen_proposal_to_innovation_in_trial(page, live_server, signed_in, adam, bob, agency_b):
    # Anonymous: propose, then confirm from the e-mail.
    page.goto(f"{live_server.url}/usulan/baru/")
    page.get_by_label("Ide inovasi").check()
    page.locator("[name=title]").fill("Antrean lansia lewat kader posyandu")
    page.locator("textarea[name=description]").fill(
        "Lansia menunggu berjam-jam di puskesmas; kader posyandu bisa mendaftarkan antrean."
    )
    page.locator("[name=district]").select_option(label="Blimbing")
    page.locator("[name=proposer_email]").fill("warga@example.org")
    page.locator("[name=consent]").check()
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.locator("#proposal-sent")).to_be_visible()
    link = re.search(r"https?://[^/\s]+(/konfirmasi/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    expect(page.locator("#confirmed")).to_be_visible()
    proposal = Proposal.objects.get()

    # Staff: the Pemda admin accepts and routes it to agency B.
    signed_in("adam")
    page.goto(f"{live_server.url}/publik/")
    page.get_by_role("link", name="Antrean lansia lewat kader posyandu").click()
    page.locator("[name=route-agency]").select_option(label=agency_b.name)
    page.get_by_role("button", name="Terima dan teruskan").click()
    expect(page.locator("#staff-proposal-status")).to_contain_text("menunggu jawaban")
    sign_out(page)

    # The agency answers within the deadline and registers it as an innovation.
    signed_in("bob")
    page.goto(f"{live_server.url}/publik/usulan/{proposal.pk}/")
    page.locator("[name=answer-answer]").fill("Kami uji coba di dua puskesmas.")
    page.locator("[name=answer-register]").check()
    page.get_by_role("button", name="Terbitkan jawaban").click()
    expect(page.get_by_role("heading", name="Antrean lansia lewat kader posyandu")).to_be_visible()
    proposal.refresh_from_db()
    innovation = proposal.innovation
    assert innovation.initiator_kind == "masyarakat" and innovation.agency == agency_b
    assert proposal.answered_at.date() <= proposal.answer_due
    sign_out(page)

    to_trial(innovation, bob, adam)

    # Anonymous again: the public page shows the answer, the deadline and every step.
    page.goto(f"{live_server.url}{proposal.get_absolute_url()}")
    expect(page.locator("#answer")).to_contain_text("Kami uji coba di dua puskesmas.")
    expect(page.locator("#sla")).to_be_visible()
    steps = page.locator("#steps")
    for label in ["membuat", "mengajukan", "layak", "menetapkan", "uji coba"]:
        expect(steps).to_contain_text(re.compile(label, re.IGNORECASE))
    mail.outbox.clear()
    assert services.progress_mail() == 1
    assert "uji coba" in mail.outbox[0].body.lower()


def test_citizen_rates_and_staff_see_it(page, live_server, signed_in, agency_a, alice, adam):
    innovation = InnovationFactory(
        agency=agency_a,
        complete=True,
        name="Puskesmas Tanpa Antre",
        status="implemented",
        stage="penerapan",
    )
    version = services.publication_propose(
        actor=alice,
        innovation=innovation,
        data={"name": "Puskesmas Tanpa Antre", "problem": "Antrean panjang."},
    )
    services.publication_approve(actor=adam, version=version)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Puskesmas Tanpa Antre").click()
    page.get_by_role("link", name=re.compile("Beri nilai")).click()
    page.locator("[name=satisfaction][value='5']").check()
    page.locator("[name=changed][value=better]").check()
    page.locator("[name=recommend][value='1']").check()
    page.locator("[name=comment]").fill("Sekarang tidak perlu antre pagi-pagi.")
    page.get_by_role("button", name="Kirim").click()
    expect(page.locator("#feedback")).to_contain_text("5")

    signed_in("alice")
    page.goto(f"{live_server.url}{innovation.get_absolute_url()}")
    panel = page.locator("#beneficiary-feedback")
    expect(panel.locator("#satisfaction-mean")).to_have_text(re.compile(r"^5(,0)? / 5$"))
    expect(panel).to_contain_text("Sekarang tidak perlu antre pagi-pagi.")


@pytest.mark.usefixtures("regions")
def test_public_pages_at_390px_without_third_party_requests(
    browser, live_server, agency_a, alice, adam
):
    innovation = InnovationFactory(
        agency=agency_a, complete=True, name="Layanan Cepat", status="implemented"
    )
    version = services.publication_propose(
        actor=alice, innovation=innovation, data={"name": "Layanan Cepat", "problem": "Lambat."}
    )
    services.publication_approve(actor=adam, version=version)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    for path in ["/", version.get_absolute_url(), "/usulan/", "/usulan/baru/", "/data/"]:
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        unsized = page.evaluate("[...document.images].filter(i => !i.getAttribute('width')).length")
        assert unsized == 0, path
    assert hosts == {urlparse(live_server.url).netloc}
    # The menu collapses into a button that opens it.
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="Usulan warga")).to_be_visible()
    context.close()
