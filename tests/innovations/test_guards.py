"""Every refusal of the innovations services that no other test pins down, each with a
test that fails when its guard is removed (see `scripts/service_guards.py`)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inovda.core.models import AuditEvent
from inovda.innovations import services
from inovda.innovations.models import (
    AgentAssignment,
    AgentReview,
    Attachment,
    FeasibilityReview,
    HealthOverride,
    Innovation,
    PanelMember,
    ProgressReport,
    RevivalAction,
    RevivalPlan,
    SponsorConfirmation,
)
from tests.innovations.factories import (
    InnovationFactory,
    KpiFactory,
    implemented,
    instrument_data,
    pdf_upload,
)
from tests.organizations.factories import AgencyFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status
H = Innovation.Health
TODAY = timezone.localdate


def at(agency, status, **extra):
    return InnovationFactory(agency=agency, complete=True, status=status, **extra)


# --- Registry ---------------------------------------------------------------------------


def test_an_innovation_is_not_moved_to_another_pemdas_agency(adam, agency_a, other_agency):
    innovation = at(agency_a, S.DRAFT)
    with pytest.raises(PermissionDenied):
        services.innovation_update(actor=adam, innovation=innovation, data={"agency": other_agency})
    innovation.refresh_from_db()
    assert innovation.agency == agency_a


def test_a_submitted_innovation_is_not_deleted(adam, agency_a):
    innovation = at(agency_a, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.innovation_delete(actor=adam, innovation=innovation)
    assert Innovation.objects.filter(pk=innovation.pk).exists()


def test_an_instrument_file_cannot_be_deleted(adam, agency_a):
    innovation = at(agency_a, S.FEASIBLE)
    innovation.reviews.create(round=1)
    services.innovation_transition(
        actor=adam, innovation=innovation, name="adopt", data=instrument_data()
    )
    instrument = Attachment.objects.get(innovation=innovation)
    assert instrument.purpose == Attachment.Purpose.INSTRUMENT
    with pytest.raises(PermissionDenied):
        services.attachment_delete(actor=adam, attachment=instrument)
    assert Attachment.objects.filter(pk=instrument.pk).exists()


def test_files_of_an_innovation_are_removed_only_by_its_editors(alice, bob, agency_a):
    innovation = at(agency_a, S.DRAFT)
    attachment = services.attachment_add(actor=alice, innovation=innovation, upload=pdf_upload())
    with pytest.raises(PermissionDenied):
        services.attachment_delete(actor=bob, attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --- Feasibility panel and trial --------------------------------------------------------


def test_the_panel_is_formed_only_during_the_review(adam, agency_a):
    innovation = at(agency_a, S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.panel_member_add(actor=adam, innovation=innovation, name="Dr. A", kind="academic")
    assert not PanelMember.objects.exists()


def test_a_panel_member_has_a_name(adam, agency_a):
    innovation = at(agency_a, S.UNDER_REVIEW)
    FeasibilityReview.objects.create(innovation=innovation)
    with pytest.raises(ValidationError):
        services.panel_member_add(actor=adam, innovation=innovation, name=" ", kind="academic")
    assert not PanelMember.objects.exists()


@pytest.fixture
def member(agency_a):
    innovation = at(agency_a, S.UNDER_REVIEW)
    review = FeasibilityReview.objects.create(innovation=innovation)
    return PanelMember.objects.create(review=review, name="Dr. Anggota", kind="academic")


def test_a_recommendation_is_recorded_by_the_member_or_the_steering_roles(alice, member):
    with pytest.raises(PermissionDenied):
        services.panel_recommendation_record(actor=alice, member=member, recommendation="feasible")
    member.refresh_from_db()
    assert member.recommendation == ""


def test_a_decided_review_takes_no_more_recommendations(adam, member):
    FeasibilityReview.objects.filter(pk=member.review_id).update(decided_at=timezone.now())
    with pytest.raises(ValidationError):
        services.panel_recommendation_record(actor=adam, member=member, recommendation="feasible")
    member.refresh_from_db()
    assert member.recommendation == ""


def test_a_recommendation_is_one_of_the_choices(adam, member):
    with pytest.raises(ValidationError):
        services.panel_recommendation_record(actor=adam, member=member, recommendation="maybe")
    member.refresh_from_db()
    assert member.recommendation == ""


@pytest.mark.parametrize(
    "actual_end, report",
    [
        (datetime.date(2024, 3, 31), "  "),  # no findings
        (None, "Berhasil di tiga kelurahan."),  # no end date
        (datetime.date(2023, 12, 31), "Berhasil di tiga kelurahan."),  # ends before it started
    ],
)
def test_trial_report_validations(alice, agency_a, actual_end, report):
    innovation = at(agency_a, S.TRIAL, trial_actual_start=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.trial_report_save(
            actor=alice, innovation=innovation, actual_end=actual_end, report=report
        )
    innovation.refresh_from_db()
    assert innovation.trial_report == "" and innovation.trial_actual_end is None


# --- Monitoring -------------------------------------------------------------------------


def _report(actor, innovation, **extra):
    return services.progress_report_submit(
        actor=actor,
        innovation=innovation,
        period_start=datetime.date(2024, 1, 1),
        activities="Sosialisasi.",
        today=datetime.date(2024, 5, 1),
        **extra,
    )


def test_reports_start_with_the_trial(alice, agency_a):
    with pytest.raises(ValidationError):
        _report(alice, at(agency_a, S.ADOPTED))
    assert not ProgressReport.objects.exists()


def test_a_report_gives_values_only_for_the_innovations_kpis(alice, agency_a):
    innovation = implemented(agency_a, start=datetime.date(2024, 1, 1))
    foreign = KpiFactory(innovation=implemented(agency_a))
    with pytest.raises(ValidationError):
        _report(alice, innovation, kpi_values={foreign.pk: 5})
    assert not ProgressReport.objects.exists()


def test_budget_amounts_are_not_negative(alice, agency_a):
    innovation = implemented(agency_a, start=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        _report(alice, innovation, budget_realised=-1)
    assert not ProgressReport.objects.exists()


def _confirm(actor, innovation, **extra):
    data = {
        "sponsor_name": "dr. Husnul Muarif",
        "sponsor_position": "Kepala Dinas Kesehatan",
        "confirmed_on": TODAY(),
        **extra,
    }
    return services.sponsor_confirm(actor=actor, innovation=innovation, **data)


@pytest.mark.parametrize(
    "status, extra",
    [
        (S.ADOPTED, {}),  # not running yet
        (S.IMPLEMENTED, {"sponsor_position": " "}),
        (S.IMPLEMENTED, {"confirmed_on": datetime.date(2999, 1, 1)}),
    ],
)
def test_sponsor_confirmation_refusals(alice, agency_a, status, extra):
    innovation = at(agency_a, status)
    with pytest.raises(ValidationError):
        _confirm(alice, innovation, **extra)
    assert not SponsorConfirmation.objects.exists()


def test_cadence_is_one_of_the_choices(alice, agency_a):
    innovation = implemented(agency_a)
    with pytest.raises(ValidationError):
        services.cadence_set(actor=alice, innovation=innovation, cadence="weekly")
    innovation.refresh_from_db()
    assert innovation.report_cadence == "quarterly"


def test_a_kpi_of_another_innovation_is_not_edited_through_this_one(alice, agency_a):
    innovation, other = implemented(agency_a), implemented(agency_a)
    kpi = KpiFactory(innovation=other, name="Asli")
    data = {"name": "Diubah", "unit": "orang", "baseline": 1, "target": 2, "direction": "increase"}
    with pytest.raises(PermissionDenied):
        services.kpi_save(actor=alice, innovation=innovation, data=data, kpi=kpi)
    kpi.refresh_from_db()
    assert kpi.name == "Asli" and kpi.innovation == other


# --- Health override, change agents, revival --------------------------------------------


@pytest.mark.parametrize(
    "status, health, reason, expires",
    [
        (S.TRIAL, H.GROWING, "Alasan", None),  # health starts with implementation
        (S.IMPLEMENTED, H.NOT_APPLICABLE, "Alasan", None),
        (S.IMPLEMENTED, H.GROWING, "Alasan", datetime.date(2000, 1, 1)),
    ],
)
def test_override_refusals(una, agency_a, status, health, reason, expires):
    innovation = at(agency_a, status)
    with pytest.raises(ValidationError):
        services.health_override_set(
            actor=una, innovation=innovation, status=health, reason=reason, expires_on=expires
        )
    assert not HealthOverride.objects.exists()


def test_override_is_cleared_only_by_the_steering_roles(una, alice, agency_a):
    innovation = implemented(agency_a)
    services.health_override_set(actor=una, innovation=innovation, status=H.GROWING, reason="A")
    with pytest.raises(PermissionDenied):
        services.health_override_clear(actor=alice, innovation=innovation)
    assert HealthOverride.objects.filter(cleared_at=None).exists()


def test_agents_are_assigned_by_the_steering_roles_to_submitted_innovations(
    adam, alice, carl, agency_a
):
    with pytest.raises(PermissionDenied):
        services.agent_assign(actor=alice, innovation=implemented(agency_a), agent=carl)
    with pytest.raises(ValidationError):
        services.agent_assign(actor=adam, innovation=at(agency_a, S.DRAFT), agent=carl)
    assert not AgentAssignment.objects.exists()


def test_an_agent_is_assigned_once(adam, carl, agency_a):
    innovation = implemented(agency_a)
    services.agent_assign(actor=adam, innovation=innovation, agent=carl)
    with pytest.raises(ValidationError):
        services.agent_assign(actor=adam, innovation=innovation, agent=carl)
    assert AgentAssignment.objects.count() == 1


def test_an_assignment_is_ended_only_by_the_steering_roles(adam, alice, carl, agency_a):
    assignment = services.agent_assign(actor=adam, innovation=implemented(agency_a), agent=carl)
    with pytest.raises(PermissionDenied):
        services.agent_unassign(actor=alice, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.ended_at is None


def test_a_review_and_its_answer_are_written_out(adam, carl, alice, agency_a):
    innovation = implemented(agency_a)
    services.agent_assign(actor=adam, innovation=innovation, agent=carl)
    with pytest.raises(ValidationError):
        services.agent_review_write(
            actor=carl, innovation=innovation, findings="Temuan", recommendations=" "
        )
    assert not AgentReview.objects.exists()
    review = services.agent_review_write(
        actor=carl, innovation=innovation, findings="Temuan", recommendations="Saran"
    )
    with pytest.raises(ValidationError):
        services.agent_review_answer(actor=alice, review=review, response=" ")
    review.refresh_from_db()
    assert review.response == ""


@pytest.fixture
def stagnant(agency_a):
    return implemented(agency_a, health=H.STAGNANT)


def test_one_open_revival_plan_with_a_diagnosis(alice, stagnant):
    with pytest.raises(ValidationError):
        services.revival_plan_create(actor=alice, innovation=stagnant, diagnosis=" ")
    services.revival_plan_create(actor=alice, innovation=stagnant, diagnosis="Operator pindah")
    with pytest.raises(ValidationError):
        services.revival_plan_create(actor=alice, innovation=stagnant, diagnosis="Lagi")
    assert RevivalPlan.objects.count() == 1


def test_revival_actions_need_an_open_plan_a_description_and_an_owner(alice, adam, oscar, stagnant):
    plan = services.revival_plan_create(actor=alice, innovation=stagnant, diagnosis="Sebab")
    add = {"actor": alice, "plan": plan, "owner": adam, "due_on": TODAY()}
    with pytest.raises(ValidationError):
        services.revival_action_add(**{**add, "description": " "})
    with pytest.raises(ValidationError):
        services.revival_action_add(**{**add, "description": "Latih", "owner": oscar})
    with pytest.raises(ValidationError):
        services.revival_plan_close(actor=alice, plan=plan, status=RevivalPlan.Status.OPEN)
    services.revival_plan_close(actor=alice, plan=plan, status=RevivalPlan.Status.ABANDONED)
    with pytest.raises(ValidationError):
        services.revival_action_add(**{**add, "description": "Latih"})
    assert not RevivalAction.objects.exists()


def test_revival_is_planned_only_by_its_planners(bob, stagnant):
    with pytest.raises(PermissionDenied):
        services.revival_plan_create(actor=bob, innovation=stagnant, diagnosis="Sebab")
    assert not AuditEvent.objects.filter(verb="revival_plan_created").exists()


def test_an_agency_of_another_pemda_cannot_be_chosen_on_create(alice, other_pemda):
    elsewhere = AgencyFactory(pemda=other_pemda, name="Dinas Lain")
    with pytest.raises(PermissionDenied):
        services.innovation_create(actor=alice, agency=elsewhere, data={"name": "X"})
    assert not Innovation.objects.exists()
