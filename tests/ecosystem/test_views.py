"""Pages: status for every role of the cast, lists that never leak, forms that keep what
was typed (400), htmx partials and the cards on the innovation page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inovda.ecosystem.models import AssessmentQuestion, Barrier, Reallocation, SelfAssessment
from tests.ecosystem.factories import (
    BarrierFactory,
    BudgetLineFactory,
    InnovatorFactory,
    ReallocationFactory,
    RecognitionFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db
ROLES = ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina", "oscar"]


@pytest.fixture
def world(today, a_live, b_live, a_draft, agency_a):
    line = BudgetLineFactory(innovation=a_live, allocated=Decimal(100_000_000))
    innovator = InnovatorFactory(agency=agency_a, name="Rina Kominfo")
    return {
        "a_live": a_live,
        "a_draft": a_draft,
        "barrier": BarrierFactory(innovation=a_live, title="Server Kominfo mati"),
        "precedent": BarrierFactory(innovation=b_live, resolved=True, title="Server Dinkes mati"),
        "risk": RiskFactory(innovation=a_live, title="Risiko Kominfo"),
        "line": line,
        "reallocation": ReallocationFactory(from_line=line),
        "innovator": innovator,
        "recognition": RecognitionFactory(innovator=innovator),
    }


def url(name, *args, **query):
    base = reverse(f"ecosystem:{name}", args=args)
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def expect(cast, login, target, table):
    for who, status in zip(ROLES, table, strict=True):
        response = login(cast[who]).get(target)
        assert response.status_code == status, f"{who} {target}: {response.status_code}"


OPEN_TO_ALL = [200] * 9


@pytest.mark.parametrize(
    "name",
    [
        "health",
        "health_method",
        "self_assessment_list",
        "barrier_list",
        "precedent_list",
        "risk_overview",
        "budget_overview",
        "reallocation_list",
        "innovator_list",
    ],
)
def test_overview_pages_open_to_every_role(cast, login, world, name):
    expect(cast, login, url(name), OPEN_TO_ALL)


def test_anonymous_is_sent_to_login(client, world):
    for target in [
        url("health"),
        url("barrier_list"),
        url("barrier_detail", world["barrier"].pk),
        url("innovation_risks", world["a_live"].pk),
        url("budget_overview"),
    ]:
        response = client.get(target)
        assert response.status_code == 302 and reverse("login") in response["Location"]


#                       alice bob  ivan adam vera carl una  lina oscar
READ_AGENCY_A = [200, 404, 200, 200, 200, 200, 200, 200, 404]
READ_AGENCY_A_403 = [200, 403, 200, 200, 200, 200, 200, 200, 404]
RAISE = [200, 403, 200, 200, 403, 403, 200, 403, 404]
MANAGE_RISKS = [200, 404, 200, 200, 403, 403, 403, 403, 404]
MANAGE_BUDGET = [200, 404, 403, 200, 403, 403, 403, 403, 404]


def test_agency_health(cast, login, world, agency_a):
    expect(cast, login, url("agency_health", agency_a.pk), READ_AGENCY_A_403)


def test_barrier_pages(cast, login, world):
    expect(cast, login, url("barrier_detail", world["barrier"].pk), READ_AGENCY_A)
    expect(cast, login, url("barrier_create", world["a_live"].pk), RAISE)
    # a resolved barrier is a precedent: anyone who sees its innovation reads it
    expect(cast, login, url("barrier_detail", world["precedent"].pk), [200] * 8 + [404])
    # a draft's barrier form does not exist for those who cannot see the draft
    assert login(cast["una"]).get(url("barrier_create", world["a_draft"].pk)).status_code == 404


def test_barrier_edit(cast, login, world):
    expect(
        cast,
        login,
        url("barrier_edit", world["barrier"].pk),
        [200, 404, 200, 200, 403, 403, 200, 403, 404],
    )


def test_risk_pages(cast, login, world):
    expect(cast, login, url("innovation_risks", world["a_live"].pk), READ_AGENCY_A_403)
    expect(cast, login, url("risk_detail", world["risk"].pk), READ_AGENCY_A)
    expect(cast, login, url("risk_edit", world["risk"].pk), MANAGE_RISKS)


def test_budget_pages(cast, login, world):
    expect(cast, login, url("innovation_budget", world["a_live"].pk), READ_AGENCY_A_403)
    expect(cast, login, url("budget_line_edit", world["line"].pk), MANAGE_BUDGET)
    expect(cast, login, url("reallocation_create", world["line"].pk), MANAGE_BUDGET)


def test_innovator_pages(cast, login, world):
    expect(cast, login, url("innovator_detail", world["innovator"].pk), READ_AGENCY_A)
    expect(
        cast,
        login,
        url("innovator_edit", world["innovator"].pk),
        [200, 404, 403, 200, 403, 403, 200, 403, 404],
    )
    expect(cast, login, url("innovator_create"), [200, 200, 403, 200, 403, 403, 200, 403, 200])
    expect(cast, login, url("recognition_evidence", world["recognition"].pk), [404] * 9)


def test_self_assessment_forms(cast, login, world, agency_a):
    expect(
        cast,
        login,
        url("self_assessment_form", 2026),
        [403, 403, 403, 200, 403, 403, 200, 403, 403],
    )
    expect(
        cast,
        login,
        url("self_assessment_form", 2026, agency=agency_a.pk),
        [200, 403, 403, 200, 403, 403, 200, 403, 404],
    )
    assert login(cast["adam"]).get(url("self_assessment_form", 2099)).status_code == 404


def test_lists_never_leak_rows(login, world, bob, alice, oscar):
    for who, sees_a in [(alice, True), (bob, False), (oscar, False)]:
        client = login(who)
        barriers = client.get(url("barrier_list", status="all")).content.decode()
        risks = client.get(url("risk_overview")).content.decode()
        budget = client.get(url("budget_overview", year=2026)).content.decode()
        innovators = client.get(url("innovator_list")).content.decode()
        assert ("Server Kominfo mati" in barriers) is sees_a
        assert ("Risiko Kominfo" in risks) is sees_a
        assert (world["a_live"].agency.name in budget) is sees_a
        assert ("Rina Kominfo" in innovators) is sees_a
    # resolved barriers are precedents for everyone in the Pemda, never across Pemda
    assert "Server Dinkes mati" in login(alice).get(url("precedent_list")).content.decode()
    assert "Server Dinkes mati" not in login(oscar).get(url("precedent_list")).content.decode()


# ---------------------------------------------------------------- writing through pages


def test_raise_keeps_what_was_typed_and_then_saves(login, world, alice):
    client = login(alice)
    target = url("barrier_create", world["a_live"].pk)
    response = client.post(target, {"kind": "it_data", "description": "Server sering mati."})
    assert response.status_code == 400
    assert "Server sering mati." in response.content.decode()
    assert "Server Dinkes mati" in response.content.decode()  # the precedent is offered
    response = client.post(
        target,
        {
            "kind": "it_data",
            "title": "Server mati lagi",
            "description": "Server sering mati.",
            "impact": "Layanan berhenti.",
            "precedent": world["precedent"].pk,
        },
    )
    barrier = Barrier.objects.get(title="Server mati lagi")
    assert response.status_code == 302 and response["Location"] == barrier.get_absolute_url()
    assert barrier.precedent == world["precedent"]


def test_queue_actions(login, world, alice, una, bob):
    barrier = world["barrier"]
    assert (
        login(alice).post(url("barrier_assign", barrier.pk), {"priority": "high"}).status_code
        == 403
    )
    assert (
        login(bob).post(url("barrier_assign", barrier.pk), {"priority": "high"}).status_code == 404
    )
    client = login(una)
    assert (
        client.post(
            url("barrier_assign", barrier.pk), {"owner": una.pk, "priority": "high"}
        ).status_code
        == 302
    )
    response = client.post(url("barrier_resolve", barrier.pk), {"resolution": "Sudah."})
    assert response.status_code == 400 and "Sudah." in response.content.decode()
    response = client.post(
        url("barrier_resolve", barrier.pk),
        {
            "resolution": "Server dipindah ke pusat data Pemkot dengan cadangan harian.",
            "precedent": world["precedent"].pk,
        },
    )
    barrier.refresh_from_db()
    assert response.status_code == 302 and barrier.status == "resolved"
    assert barrier.precedent == world["precedent"]


def test_comment_and_escalate(login, world, una, lina):
    barrier = world["barrier"]
    response = login(una).post(url("barrier_escalate", barrier.pk), {"to": "sekda", "note": ""})
    assert response.status_code == 400
    assert (
        login(una)
        .post(url("barrier_escalate", barrier.pk), {"to": "sekda", "note": "Tolong"})
        .status_code
        == 302
    )
    assert (
        login(lina).post(url("barrier_comment", barrier.pk), {"message": "Oke"}).status_code == 302
    )
    assert "Oke" in login(una).get(url("barrier_detail", barrier.pk)).content.decode()


def test_precedent_suggest_partial(login, world, alice):
    response = login(alice).get(
        url("precedent_suggest", kind="it_data", title="server", description="mati"),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Server Dinkes mati" in page and "Server Kominfo mati" not in page  # open: not offered


def test_barrier_list_htmx_partial(login, world, una):
    response = login(una).get(url("barrier_list"), HTTP_HX_REQUEST="true")
    assert b'id="results"' in response.content and b"<html" not in response.content


def test_risk_register_form_keeps_input(login, world, alice):
    target = url("innovation_risks", world["a_live"].pk)
    response = login(alice).post(
        target,
        {
            "title": "Data bocor",
            "kind": "threat",
            "treatment": "exploit",
            "likelihood": 2,
            "impact": 2,
            "cause": "c",
            "consequence": "k",
        },
    )
    assert response.status_code == 400 and "Data bocor" in response.content.decode()
    response = login(alice).post(
        target,
        {
            "title": "Data bocor",
            "kind": "threat",
            "treatment": "reduce",
            "likelihood": 2,
            "impact": 2,
            "cause": "c",
            "consequence": "k",
        },
    )
    assert response.status_code == 302


def test_risk_review_through_the_page(login, world, alice, today):
    risk = world["risk"]
    response = login(alice).post(
        url("risk_review", risk.pk), {"likelihood": 2, "impact": 2, "next_review_on": "2026-01-01"}
    )
    assert response.status_code == 400
    response = login(alice).post(
        url("risk_review", risk.pk), {"likelihood": 2, "impact": 2, "next_review_on": "2026-09-01"}
    )
    assert response.status_code == 302


def test_budget_through_the_pages(login, world, alice, adam, una):
    target = url("innovation_budget", world["a_live"].pk)
    response = login(alice).post(
        target, {"fiscal_year": 2026, "source": "apbd", "description": "Honor", "allocated": "-5"}
    )
    assert response.status_code == 400 and "Honor" in response.content.decode()
    line = world["line"]
    response = login(alice).post(
        url("budget_realisation", line.pk),
        {f"r{line.pk}-realised": "5000", f"r{line.pk}-as_of": "2030-01-01"},
    )
    assert response.status_code == 400
    item = world["reallocation"]
    decide = url("reallocation_decide", item.pk)
    assert login(alice).post(decide, {"approve": "1"}).status_code == 403
    assert login(una).post(decide, {"approve": "1"}).status_code == 403
    assert login(adam).post(decide, {f"d{item.pk}-note": "", "reject": "1"}).status_code == 400
    assert login(adam).post(decide, {"approve": "1"}).status_code == 302
    assert Reallocation.objects.get().status == "approved"


def test_innovator_form_keeps_input(login, world, alice):
    response = login(alice).post(url("innovator_create"), {"name": "Dewi", "kind": "asn"})
    assert response.status_code == 400 and "Dewi" in response.content.decode()


def test_self_assessment_through_the_page(login, world, adam):
    AssessmentQuestion.objects.create(factor="F1", code="f1-a", text="Pelatihan")
    response = login(adam).post(url("self_assessment_form", 2026), {"q_f1-a": "4", "note": "Rapat"})
    assert response.status_code == 302
    assert SelfAssessment.objects.get().answers == {"f1-a": 4}
    page = login(adam).get(url("self_assessment_list")).content.decode()
    assert "Rapat" not in page and ">4<" in page


def test_cards_on_the_innovation_page(login, world, alice, bob):
    detail = reverse("innovations:detail", args=[world["a_live"].pk])
    mine = login(alice).get(detail).content.decode()
    assert 'id="barriers"' in mine and 'id="risks"' in mine and 'id="budget"' in mine
    assert reverse("ecosystem:barrier_create", args=[world["a_live"].pk]) in mine
    other = login(bob).get(detail).content.decode()
    assert 'id="risks"' not in other and 'id="budget"' not in other
    assert "Server Kominfo mati" not in other


def test_health_pages_render_chart_data_and_table(login, world, adam, agency_a):
    page = login(adam).get(url("agency_health", agency_a.pk)).content.decode()
    assert 'data-chart="radar"' in page and 'id="radar-agency"' in page
    assert "explain-F1" in page and "<table" in page
    empty = login(adam).get(url("health", all=1)).content.decode()
    assert "data-chart" in empty
