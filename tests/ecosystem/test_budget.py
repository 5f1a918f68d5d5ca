"""F5 budget: lines, realisation, reallocation requests and their approval, tranches."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inovda.core.models import AuditEvent
from inovda.ecosystem import selectors, services
from inovda.ecosystem.models import BudgetLine, Reallocation
from inovda.innovations.models import Innovation, Tag
from tests.ecosystem.conftest import days
from tests.ecosystem.factories import BudgetLineFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


@pytest.fixture
def lines(a_live, agency_a):
    other = InnovationFactory(agency=agency_a, status="implemented", name="Lain")
    return (
        BudgetLineFactory(innovation=a_live, allocated=100 * M, realised=30 * M),
        BudgetLineFactory(innovation=other, allocated=50 * M),
    )


def test_add_line_and_record_realisation(today, alice, a_live):
    line = services.budget_line_add(
        actor=alice,
        innovation=a_live,
        data={
            "fiscal_year": 2026,
            "source": "apbd",
            "account_code": "2.16.02.2.02.0001",
            "description": "Pemeliharaan aplikasi",
            "allocated": 80 * M,
        },
    )
    assert line.agency == a_live.agency and line.realisation_rate == 0
    services.budget_line_record_realisation(actor=alice, line=line, realised=60 * M, as_of=today)
    line.refresh_from_db()
    assert line.realisation_rate == 0.75
    changes = AuditEvent.objects.get(verb="budget_realised").changes
    assert Decimal(changes["realised"]["after"]) == 60 * M
    with pytest.raises(ValidationError):
        services.budget_line_record_realisation(
            actor=alice, line=line, realised=M, as_of=today + days(1)
        )


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("alice", True),
        ("adam", True),
        ("ivan", False),
        ("bob", False),
        ("una", False),
        ("lina", False),
    ],
)
def test_who_keeps_the_budget(cast, today, a_live, who, allowed):
    data = {"fiscal_year": 2026, "source": "dak", "description": "X", "allocated": M}
    if allowed:
        assert services.budget_line_add(actor=cast[who], innovation=a_live, data=data).pk
    else:
        with pytest.raises(PermissionDenied):
            services.budget_line_add(actor=cast[who], innovation=a_live, data=data)


def test_reallocation_request_checks_the_money(today, alice, lines, agency_b):
    source, target = lines
    with pytest.raises(ValidationError) as excinfo:
        services.reallocation_request(
            actor=alice, from_line=source, to_line=target, amount=71 * M, reason="Perlu"
        )
    assert "amount" in excinfo.value.message_dict  # only 70 unspent
    other_year = BudgetLineFactory(innovation=target.innovation, fiscal_year=2025)
    with pytest.raises(ValidationError):
        services.reallocation_request(
            actor=alice, from_line=source, to_line=other_year, amount=M, reason="Perlu"
        )
    with pytest.raises(ValidationError):
        services.reallocation_request(
            actor=alice, from_line=source, to_line=target, amount=M, reason=" "
        )
    assert not Reallocation.objects.exists()


def test_approval_moves_the_money(today, alice, adam, lines):
    source, target = lines
    request = services.reallocation_request(
        actor=alice, from_line=source, to_line=target, amount=20 * M, reason="Perluasan"
    )
    assert request.status == "pending" and request.requested_on == today
    services.reallocation_decide(actor=adam, reallocation=request, approve=True)
    source.refresh_from_db()
    target.refresh_from_db()
    request.refresh_from_db()
    assert (source.allocated, target.allocated) == (80 * M, 70 * M)
    assert (request.status, request.decided_by, request.turnaround_days) == ("approved", adam, 0)
    assert AuditEvent.objects.filter(verb="reallocation_approved").count() == 1
    with pytest.raises(ValidationError):
        services.reallocation_decide(actor=adam, reallocation=request, approve=False, note="x")


def test_rejection_needs_a_reason_and_moves_nothing(today, alice, adam, lines):
    source, target = lines
    request = services.reallocation_request(
        actor=alice, from_line=source, to_line=target, amount=20 * M, reason="Perluasan"
    )
    with pytest.raises(ValidationError):
        services.reallocation_decide(actor=adam, reallocation=request, approve=False)
    services.reallocation_decide(
        actor=adam, reallocation=request, approve=False, note="Tidak prioritas"
    )
    source.refresh_from_db()
    assert source.allocated == 100 * M
    assert Reallocation.objects.get().status == "rejected"


def test_approval_rechecks_what_is_unspent(today, alice, adam, lines):
    source, target = lines
    request = services.reallocation_request(
        actor=alice, from_line=source, to_line=target, amount=60 * M, reason="Perluasan"
    )
    services.budget_line_record_realisation(actor=alice, line=source, realised=50 * M, as_of=today)
    with pytest.raises(ValidationError):
        services.reallocation_decide(actor=adam, reallocation=request, approve=True)


@pytest.mark.parametrize("who", ["alice", "una", "lina", "vera", "bob"])
def test_only_approvers_decide(cast, today, lines, who):
    source, target = lines
    request = services.reallocation_request(
        actor=cast["alice"], from_line=source, to_line=target, amount=M, reason="Perlu"
    )
    with pytest.raises(PermissionDenied):
        services.reallocation_decide(actor=cast[who], reallocation=request, approve=True)


def test_approvers_are_a_setting(settings, today, alice, lina, lines):
    settings.INOVDA_ECOSYSTEM = {"BUDGET_APPROVER_ROLES": ["leadership"]}
    source, target = lines
    request = services.reallocation_request(
        actor=alice, from_line=source, to_line=target, amount=M, reason="Perlu"
    )
    services.reallocation_decide(actor=lina, reallocation=request, approve=True)
    assert Reallocation.objects.get().status == "approved"


def test_withdraw_pending_request(today, alice, bob, lines):
    source, target = lines
    request = services.reallocation_request(
        actor=alice, from_line=source, to_line=target, amount=M, reason="Perlu"
    )
    with pytest.raises(PermissionDenied):
        services.reallocation_withdraw(actor=bob, reallocation=request)
    services.reallocation_withdraw(actor=alice, reallocation=request)
    assert Reallocation.objects.get().status == "withdrawn"


def test_tranches_are_released_at_lifecycle_gates(today, alice, adam, agency_a):
    innovation = InnovationFactory(agency=agency_a, status=Innovation.Status.ADOPTED)
    line = BudgetLineFactory(innovation=innovation, allocated=100 * M)
    trial = services.tranche_plan(actor=alice, line=line, gate="trial", amount=40 * M)
    services.tranche_plan(actor=alice, line=line, gate="implemented", amount=60 * M)
    with pytest.raises(ValidationError):
        services.tranche_plan(actor=alice, line=line, gate="adopted", amount=M)  # over 100
    with pytest.raises(PermissionDenied):
        services.tranche_release(actor=alice, tranche=trial)
    with pytest.raises(ValidationError):
        services.tranche_release(actor=adam, tranche=trial)  # still only adopted
    Innovation.objects.filter(pk=innovation.pk).update(status=Innovation.Status.TRIAL)
    services.tranche_release(actor=adam, tranche=trial)
    trial.refresh_from_db()
    assert (trial.status, trial.released_on, trial.released_by) == ("released", today, adam)
    with pytest.raises(ValidationError):
        services.budget_line_update(actor=alice, line=line, data={"allocated": 90 * M})


def test_summary_per_agency_source_theme_and_year(today, alice, adam, a_live, b_live):
    poverty = Tag.objects.create(kind="theme", code="penanggulangan-kemiskinan", name="Kemiskinan")
    a_live.themes.add(poverty)
    BudgetLineFactory(innovation=a_live, allocated=100 * M, realised=50 * M)
    BudgetLineFactory(innovation=a_live, allocated=100 * M, realised=100 * M, source="csr")
    BudgetLineFactory(innovation=b_live, allocated=200 * M, realised=0)
    BudgetLineFactory(innovation=b_live, allocated=10 * M, fiscal_year=2025)
    summary = selectors.budget_summary(user=adam, year=2026)
    assert summary["total"].allocated == 400 * M and summary["total"].rate == 0.375
    by_agency = {row.label: row.rate for row in summary["by_agency"]}
    assert by_agency == {a_live.agency.name: 0.75, b_live.agency.name: 0.0}
    assert {row.key: row.allocated for row in summary["by_source"]} == {
        "apbd": 300 * M,
        "csr": 100 * M,
    }
    assert [(row.label, row.rate) for row in summary["by_theme"]] == [("Kemiskinan", 0.75)]
    assert [row.key for row in summary["by_year"]] == [2025, 2026]
    # an operator's summary only holds the own agency
    mine = selectors.budget_summary(user=alice, year=2026)
    assert mine["total"].allocated == 200 * M
    assert BudgetLine.objects.count() == 4
