"""Access checks and refusals of the ecosystem services that no other test pins down,
each with a test that fails when its guard is removed (see `scripts/service_guards.py`)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inovda.ecosystem import services
from inovda.ecosystem.models import (
    AssessmentQuestion,
    Barrier,
    BudgetLine,
    Reallocation,
    Recognition,
    Risk,
    RiskReview,
    SelfAssessment,
    TeamMember,
    TimeAllotment,
    Training,
    Tranche,
)
from tests.ecosystem.conftest import days
from tests.ecosystem.factories import (
    BarrierFactory,
    BudgetLineFactory,
    InnovatorFactory,
    RiskFactory,
)
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


# --- Barriers ---------------------------------------------------------------------------


def test_another_agency_does_not_raise_barriers_on_an_innovation(bob, a_live):
    data = {"kind": "it_data", "title": "Server", "description": "Mati.", "impact": "Berhenti."}
    with pytest.raises(PermissionDenied):
        services.barrier_raise(actor=bob, innovation=a_live, data=data)
    assert not Barrier.objects.exists()


def test_only_the_innovation_unit_reopens_a_barrier(today, alice, a_live):
    barrier = BarrierFactory(innovation=a_live, resolved=True)
    with pytest.raises(PermissionDenied):
        services.barrier_reopen(actor=alice, barrier=barrier, reason="Muncul lagi")
    barrier.refresh_from_db()
    assert barrier.status == Barrier.Status.RESOLVED


def test_only_a_resolved_barrier_is_reopened_with_a_reason(today, una, a_live):
    open_barrier = BarrierFactory(innovation=a_live)
    with pytest.raises(ValidationError):
        services.barrier_reopen(actor=una, barrier=open_barrier, reason="Lagi")
    resolved = BarrierFactory(innovation=a_live, resolved=True)
    with pytest.raises(ValidationError):
        services.barrier_reopen(actor=una, barrier=resolved, reason=" ")
    resolved.refresh_from_db()
    assert resolved.status == Barrier.Status.RESOLVED


def test_a_closed_barrier_is_not_assigned_escalated_or_resolved(today, una, adam, a_live):
    barrier = BarrierFactory(innovation=a_live, resolved=True)
    with pytest.raises(ValidationError):
        services.barrier_assign(actor=una, barrier=barrier, owner=adam, priority="high")
    with pytest.raises(ValidationError):
        services.barrier_escalate(actor=una, barrier=barrier, to="sekda", note="Tolong")
    with pytest.raises(ValidationError):
        services.barrier_resolve(
            actor=una, barrier=barrier, resolution="Diselesaikan dengan lima kata ini."
        )
    barrier.refresh_from_db()
    assert barrier.owner is None and barrier.escalated_to == ""


def test_an_escalation_names_a_known_target_and_a_note(today, una, a_live):
    barrier = BarrierFactory(innovation=a_live)
    with pytest.raises(ValidationError):
        services.barrier_escalate(actor=una, barrier=barrier, to="mayor", note="Tolong")
    with pytest.raises(ValidationError):
        services.barrier_escalate(actor=una, barrier=barrier, to="sekda", note=" ")
    barrier.refresh_from_db()
    assert barrier.status == Barrier.Status.OPEN


def test_a_barrier_owner_belongs_to_the_pemda(today, una, oscar, a_live):
    barrier = BarrierFactory(innovation=a_live)
    with pytest.raises(ValidationError):
        services.barrier_assign(actor=una, barrier=barrier, owner=oscar, priority="high")
    barrier.refresh_from_db()
    assert barrier.owner is None


def test_a_comment_has_words(today, alice, a_live):
    barrier = BarrierFactory(innovation=a_live)
    with pytest.raises(ValidationError):
        services.barrier_comment(actor=alice, barrier=barrier, message=" ")


def test_a_precedent_is_a_resolved_barrier(today, alice, a_live):
    unresolved = BarrierFactory(innovation=a_live)
    data = {
        "kind": "it_data",
        "title": "Server",
        "description": "Mati.",
        "impact": "Berhenti.",
        "precedent": unresolved,
    }
    with pytest.raises(ValidationError):
        services.barrier_raise(actor=alice, innovation=a_live, data=data)
    assert Barrier.objects.count() == 1


# --- Risks ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["update", "review", "close"])
def test_another_agency_does_not_touch_the_risk_register(today, bob, a_live, action):
    risk = RiskFactory(innovation=a_live)
    with pytest.raises(PermissionDenied):
        if action == "update":
            services.risk_update(actor=bob, risk=risk, data={"title": "Diubah"})
        elif action == "review":
            services.risk_review(
                actor=bob, risk=risk, likelihood=1, impact=1, next_review_on=today + days(30)
            )
        else:
            services.risk_close(actor=bob, risk=risk)
    risk.refresh_from_db()
    assert risk.status == Risk.Status.OPEN and not risk.title.startswith("Diubah")
    assert not RiskReview.objects.exists()


def test_a_closed_risk_is_kept_as_it_was(today, alice, a_live):
    risk = RiskFactory(innovation=a_live, status=Risk.Status.CLOSED)
    with pytest.raises(ValidationError):
        services.risk_update(actor=alice, risk=risk, data={"title": "Diubah"})
    with pytest.raises(ValidationError):
        services.risk_review(
            actor=alice, risk=risk, likelihood=1, impact=1, next_review_on=today + days(30)
        )
    with pytest.raises(ValidationError):
        services.risk_close(actor=alice, risk=risk)
    assert not RiskReview.objects.exists()


def test_the_next_review_is_in_the_future(today, alice, a_live):
    risk = RiskFactory(innovation=a_live)
    with pytest.raises(ValidationError):
        services.risk_review(actor=alice, risk=risk, likelihood=1, impact=1, next_review_on=today)
    assert not RiskReview.objects.exists()


def test_only_an_opportunity_is_exploited(today, alice, a_live):
    data = {
        "kind": "threat",
        "title": "Risiko",
        "cause": "Sebab",
        "consequence": "Akibat",
        "likelihood": 3,
        "impact": 3,
        "treatment": "exploit",
    }
    with pytest.raises(ValidationError):
        services.risk_add(actor=alice, innovation=a_live, data=data)
    assert not Risk.objects.exists()


# --- Budget -----------------------------------------------------------------------------


@pytest.fixture
def line(a_live):
    return BudgetLineFactory(innovation=a_live, allocated=100 * M, realised=30 * M)


def test_an_innovator_does_not_keep_the_budget(today, ivan, line):
    with pytest.raises(PermissionDenied):
        services.budget_line_update(actor=ivan, line=line, data={"allocated": 90 * M})
    with pytest.raises(PermissionDenied):
        services.budget_line_record_realisation(actor=ivan, line=line, realised=M, as_of=today)
    with pytest.raises(PermissionDenied):
        services.tranche_plan(actor=ivan, line=line, gate="trial", amount=M)
    line.refresh_from_db()
    assert (line.allocated, line.realised) == (100 * M, 30 * M)
    assert not Tranche.objects.exists()


def test_another_agency_does_not_move_money(today, bob, line, a_live):
    target = BudgetLineFactory(innovation=a_live, allocated=10 * M)
    with pytest.raises(PermissionDenied):
        services.reallocation_request(
            actor=bob, from_line=line, to_line=target, amount=M, reason="Perlu"
        )
    assert not Reallocation.objects.exists()


def test_allocation_never_drops_below_what_was_realised(today, alice, line):
    with pytest.raises(ValidationError):
        services.budget_line_update(actor=alice, line=line, data={"allocated": 20 * M})
    line.refresh_from_db()
    assert line.allocated == 100 * M


def test_realisation_is_not_negative(today, alice, line):
    with pytest.raises(ValidationError):
        services.budget_line_record_realisation(actor=alice, line=line, realised=-M, as_of=today)


def test_a_new_line_has_a_positive_allocation(today, alice, a_live):
    data = {"fiscal_year": 2026, "source": "apbd", "description": "Kegiatan", "allocated": 0}
    with pytest.raises(ValidationError):
        services.budget_line_add(actor=alice, innovation=a_live, data=data)
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    "case", ["other_year", "same_line", "zero", "too_much", "no_reason", "other_agency"]
)
def test_reallocation_request_refusals(today, alice, line, a_live, agency_b, case):
    same = BudgetLineFactory(innovation=a_live, allocated=10 * M)
    to_line, amount, reason = same, M, "Perluasan"
    if case == "other_year":
        to_line = BudgetLineFactory(innovation=a_live, fiscal_year=2025)
    elif case == "same_line":
        to_line = line
    elif case == "zero":
        amount = Decimal(0)
    elif case == "too_much":
        amount = 71 * M  # 100 allocated − 30 realised = 70 available
    elif case == "no_reason":
        reason = " "
    else:
        to_line = BudgetLineFactory(innovation=InnovationFactory(agency=agency_b))
    with pytest.raises(ValidationError):
        services.reallocation_request(
            actor=alice, from_line=line, to_line=to_line, amount=amount, reason=reason
        )
    assert not Reallocation.objects.exists()


def test_a_decided_request_is_not_decided_again_nor_withdrawn(today, alice, adam, line, a_live):
    target = BudgetLineFactory(innovation=a_live, allocated=10 * M)
    request = services.reallocation_request(
        actor=alice, from_line=line, to_line=target, amount=M, reason="Perluasan"
    )
    with pytest.raises(ValidationError):
        services.reallocation_decide(actor=adam, reallocation=request, approve=False, note=" ")
    services.reallocation_decide(actor=adam, reallocation=request, approve=True)
    with pytest.raises(ValidationError):
        services.reallocation_decide(actor=adam, reallocation=request, approve=True)
    with pytest.raises(ValidationError):
        services.reallocation_withdraw(actor=alice, reallocation=request)
    request.refresh_from_db()
    assert request.status == Reallocation.Status.APPROVED


def test_an_approval_cannot_exceed_what_is_left(today, alice, adam, line, a_live):
    target = BudgetLineFactory(innovation=a_live, allocated=10 * M)
    request = services.reallocation_request(
        actor=alice, from_line=line, to_line=target, amount=60 * M, reason="Perluasan"
    )
    BudgetLine.objects.filter(pk=line.pk).update(realised=90 * M)
    with pytest.raises(ValidationError):
        services.reallocation_decide(actor=adam, reallocation=request, approve=True)
    request.refresh_from_db()
    assert request.status == Reallocation.Status.PENDING


def test_tranches_follow_gates_and_fit_the_allocation(today, alice, adam, line):
    with pytest.raises(ValidationError):
        services.tranche_plan(actor=alice, line=line, gate="submitted", amount=M)
    with pytest.raises(ValidationError):
        services.tranche_plan(actor=alice, line=line, gate="trial", amount=101 * M)
    tranche = services.tranche_plan(actor=alice, line=line, gate="implemented", amount=M)
    services.tranche_release(actor=adam, tranche=tranche)
    with pytest.raises(ValidationError):
        services.tranche_release(actor=adam, tranche=tranche)
    assert Tranche.objects.count() == 1


def test_a_tranche_waits_for_its_gate(today, alice, adam, b_live):
    line = BudgetLineFactory(innovation=b_live, allocated=100 * M)
    tranche = services.tranche_plan(actor=adam, line=line, gate="implemented", amount=M)
    with pytest.raises(ValidationError):
        services.tranche_release(actor=adam, tranche=tranche)
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.PLANNED


# --- Innovator profiles and self-assessment ---------------------------------------------


@pytest.mark.parametrize("action", ["team", "training", "recognition", "time"])
def test_another_agency_does_not_keep_a_profile(today, bob, agency_a, a_live, action):
    innovator = InnovatorFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        if action == "team":
            services.team_member_add(actor=bob, innovator=innovator, innovation=a_live, role="lead")
        elif action == "training":
            services.training_add(
                actor=bob,
                innovator=innovator,
                data={"kind": "bimtek", "title": "Bimtek", "held_on": today, "hours": 8},
            )
        elif action == "recognition":
            services.recognition_add(
                actor=bob,
                innovator=innovator,
                data={"kind": "certificate", "title": "Piagam", "given_on": today},
            )
        else:
            services.time_allot(actor=bob, innovator=innovator, year=2026, hours_per_week=4)
    assert not TeamMember.objects.exists() and not Training.objects.exists()
    assert not Recognition.objects.exists() and not TimeAllotment.objects.exists()


def test_a_team_is_made_within_the_pemda(today, alice, agency_a, other_agency):
    innovator = InnovatorFactory(agency=agency_a)
    elsewhere = InnovationFactory(agency=other_agency)
    with pytest.raises(ValidationError):
        services.team_member_add(
            actor=alice, innovator=innovator, innovation=elsewhere, role="lead"
        )
    assert not TeamMember.objects.exists()


def test_a_profile_or_self_assessment_names_an_agency_of_the_pemda(
    today, adam, pemda, other_agency
):
    with pytest.raises(ValidationError):
        services.innovator_save(
            actor=adam, pemda=pemda, data={"name": "Budi", "kind": "asn", "agency": other_agency}
        )
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            actor=adam, pemda=pemda, agency=other_agency, year=2026, answers={}
        )


def test_self_assessment_answers_are_known_questions_with_levels(today, adam, pemda):
    AssessmentQuestion.objects.create(factor="F1", code="f1-a", text="A")
    for answers in ({"ZZ9": 3}, {"f1-a": 7}):
        with pytest.raises(ValidationError):
            services.self_assessment_save(
                actor=adam, pemda=pemda, agency=None, year=2026, answers=answers
            )
    assert not SelfAssessment.objects.exists()
