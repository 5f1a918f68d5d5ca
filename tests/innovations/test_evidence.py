"""Evidence levels: proposed from data, confirmed by a person, and the gates that read the
level (Pemda-wide scale-up and replication in knowledge; scale-up budget and risk appetite
at scale in the ecosystem), allowed and refused with the reason shown."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from inovda.core.models import AuditEvent
from inovda.ecosystem import services as eco_services
from inovda.innovations import evidence, services
from inovda.innovations.models import EvidenceClaim, Innovation
from inovda.knowledge import services as knowledge_services
from inovda.knowledge.models import Replication
from tests.ecosystem.factories import BudgetLineFactory, RiskFactory
from tests.innovations.factories import KpiFactory, implemented

M = Decimal(1_000_000)


@pytest.fixture(autouse=True)
def _english():
    """Refusals are asserted in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def confirmed(innovation, level, by):
    claim = services.evidence_claim_add(
        actor=by, innovation=innovation, level=level, kind="evaluation", description="Evaluasi."
    )
    return services.evidence_decide(actor=by, claim=claim, confirm=True, note="ok")


def test_level_counts_only_once_confirmed_by_a_steering_person(alice, adam, agency_a):
    innovation = implemented(agency_a)
    claim = services.evidence_claim_add(
        actor=alice, innovation=innovation, level=3, kind="evaluation", description="Studi."
    )
    innovation.refresh_from_db()
    assert innovation.evidence_level == 0
    with pytest.raises(PermissionDenied):
        services.evidence_decide(actor=alice, claim=claim, confirm=True)
    services.evidence_decide(actor=adam, claim=claim, confirm=True, note="Pembanding jelas.")
    innovation.refresh_from_db()
    claim.refresh_from_db()
    assert innovation.evidence_level == 3
    assert (claim.assessed_by, claim.status) == (adam, "confirmed")
    assert AuditEvent.objects.filter(verb="evidence_confirmed", subject_id=innovation.pk).exists()


def test_kpi_series_with_baseline_proposes_level_2(ivan, adam, agency_a):
    from tests.innovations.test_monitoring import report

    innovation = implemented(agency_a)
    KpiFactory(innovation=innovation, baseline=100, target=200)
    report(ivan, innovation, datetime.date(2024, 1, 1), [120])
    assert not innovation.evidence_claims.exists()  # one value is not a series
    report(ivan, innovation, datetime.date(2024, 4, 1), [150])
    claim = innovation.evidence_claims.get()
    assert (claim.level, claim.kind, claim.from_data, claim.status) == (
        2,
        "kpi_series",
        True,
        "proposed",
    )
    assert "100" in claim.description and "150" in claim.description
    innovation.refresh_from_db()
    assert innovation.evidence_level == 0  # proposed, not yet confirmed
    report(ivan, innovation, datetime.date(2024, 7, 1), [170])
    assert innovation.evidence_claims.count() == 1  # not proposed twice


def test_implemented_replication_proposes_level_4(adam, agency_a, agency_b):
    origin = implemented(agency_a)
    confirmed(origin, 2, adam)
    origin.refresh_from_db()
    replication = knowledge_services.replication_create(
        actor=adam, origin=origin, adopter_pemda=agency_b.pemda, adopter_agency=agency_b
    )
    knowledge_services.replication_update(
        actor=adam, replication=replication, data={"status": Replication.Status.IMPLEMENTED}
    )
    claim = origin.evidence_claims.get(level=4)
    assert claim.from_data and claim.kind == "replication" and claim.status == "proposed"


def test_pemda_wide_scale_up_refused_below_level_2_with_the_reason(bob, adam, agency_a, agency_b):
    origin = implemented(agency_a, name="Posyandu Digital")
    with pytest.raises(ValidationError) as refused:
        knowledge_services.replication_create(
            actor=bob, origin=origin, adopter_pemda=agency_b.pemda, adopter_agency=agency_b
        )
    assert (
        "level 2" in refused.value.messages[0] and "Posyandu Digital" in refused.value.messages[0]
    )
    confirmed(origin, 2, adam)
    origin.refresh_from_db()
    replication = knowledge_services.replication_create(
        actor=bob, origin=origin, adopter_pemda=agency_b.pemda, adopter_agency=agency_b
    )
    assert replication.pk


def test_replication_to_another_pemda_refused_then_allowed(adam, agency_a, other_pemda):
    origin = implemented(agency_a)
    with pytest.raises(ValidationError, match="another Pemda"):
        knowledge_services.replication_create(
            actor=adam, origin=origin, adopter_pemda=other_pemda, adopter_unit_name="Kota Batu"
        )
    confirmed(origin, 2, adam)
    origin.refresh_from_db()
    assert knowledge_services.replication_create(
        actor=adam, origin=origin, adopter_pemda=other_pemda, adopter_unit_name="Kota Batu"
    ).pk


def test_refusal_is_shown_on_the_replication_page(client, bob, agency_a, agency_b):
    origin = implemented(agency_a, name="Sambang Warga")
    client.force_login(bob)
    response = client.post(
        reverse("knowledge:replication_create", args=[origin.pk]),
        {
            "adopter_agency": agency_b.pk,
            "adopter_pemda": agency_b.pemda.pk,
            "adaptation": "copied",
            "status": "planned",
        },
    )
    assert response.status_code == 400
    assert "Sambang Warga" in response.content.decode()
    assert not Replication.objects.exists()


def test_gate_setting_switches_the_gate(settings, agency_a):
    innovation = implemented(agency_a)
    assert evidence.gate_problem(innovation, "scale_up")
    settings.INOVDA_INNOVATIONS = {"EVIDENCE_GATES": {"scale_up": None}}
    assert evidence.gate_problem(innovation, "scale_up") is None


def test_scale_up_budget_reads_the_level(alice, adam, agency_a):
    innovation = implemented(agency_a)
    line = BudgetLineFactory(innovation=innovation, allocated=100 * M)
    tranche = eco_services.tranche_plan(actor=alice, line=line, gate="implemented", amount=60 * M)
    with pytest.raises(ValidationError, match="scale-up budget"):
        eco_services.tranche_release(actor=adam, tranche=tranche)
    confirmed(innovation, 2, adam)
    assert eco_services.tranche_release(actor=adam, tranche=tranche).status == "released"


def test_trial_tranche_is_not_a_scale_up(alice, adam, agency_a):
    innovation = implemented(agency_a)
    line = BudgetLineFactory(innovation=innovation, allocated=100 * M)
    tranche = eco_services.tranche_plan(actor=alice, line=line, gate="trial", amount=40 * M)
    assert eco_services.tranche_release(actor=adam, tranche=tranche).status == "released"


def test_risk_appetite_at_scale_reads_the_level(adam, agency_a):
    from inovda.ecosystem.selectors import above_appetite_q, with_ratings

    innovation = implemented(agency_a)
    risk = RiskFactory(innovation=innovation, kind="threat", likelihood=2, impact=4)  # 8
    assert risk.appetite == 6 and risk.above_appetite  # unproven at scale: appetite 6
    flagged = with_ratings(type(risk).objects.filter(pk=risk.pk)).filter(above_appetite_q())
    assert flagged.exists()
    confirmed(innovation, 2, adam)
    risk = type(risk).objects.get(pk=risk.pk)
    assert risk.appetite == 9 and not risk.above_appetite
    assert not with_ratings(type(risk).objects.filter(pk=risk.pk)).filter(above_appetite_q())


def test_evidence_panel_and_actions_by_role(client, alice, adam, lina, oscar, agency_a):
    innovation = implemented(agency_a)
    client.force_login(alice)
    page = client.get(innovation.get_absolute_url())
    assert b'id="evidence"' in page.content
    client.post(
        reverse("innovations:evidence_add", args=[innovation.pk]),
        {"level": "2", "kind": "report", "description": "Laporan triwulan."},
    )
    claim = EvidenceClaim.objects.get()
    client.force_login(lina)  # leadership reads, does not assess
    client.post(reverse("innovations:evidence_decide", args=[claim.pk]), {"confirm": "1"})
    claim.refresh_from_db()
    assert claim.status == "proposed"
    client.force_login(oscar)
    assert (
        client.post(reverse("innovations:evidence_decide", args=[claim.pk]), {"confirm": "1"})
    ).status_code == 404
    client.force_login(adam)
    client.post(reverse("innovations:evidence_decide", args=[claim.pk]), {"confirm": "1"})
    assert Innovation.objects.get(pk=innovation.pk).evidence_level == 2
