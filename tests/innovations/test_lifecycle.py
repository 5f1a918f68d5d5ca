"""Every transition: allowed and refused roles, preconditions, timeline and stage."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inovda.core.models import AuditEvent, Notification
from inovda.innovations import lifecycle, services
from inovda.innovations.models import (
    FeasibilityReview,
    Innovation,
    LegalInstrument,
    Lesson,
    PanelMember,
)
from tests.innovations.factories import InnovationFactory, instrument_data, pdf_upload

pytestmark = pytest.mark.django_db
S = Innovation.Status
ROLES = ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina", "oscar"]


def at(agency, status, **extra):
    return InnovationFactory(agency=agency, complete=True, status=status, **extra)


def with_panel(innovation, n=3, recommendation="feasible"):
    review = FeasibilityReview.objects.create(innovation=innovation)
    for i in range(n):
        PanelMember.objects.create(
            review=review, name=f"Dr. Anggota {i}", kind="academic", recommendation=recommendation
        )
    return review


def trial_ready(agency):
    return at(
        agency,
        S.TRIAL,
        trial_actual_start=datetime.date(2024, 1, 1),
        trial_actual_end=datetime.date(2024, 3, 31),
        trial_report="Uji coba di tiga kelurahan berhasil; waktu layanan turun 40 persen.",
    )


# (transition, starting status, data factory, preparation, roles allowed among the cast)
CASES = {
    "submit": (S.DRAFT, dict, None, {"alice", "ivan", "adam"}),
    "start_review": (S.SUBMITTED, dict, None, {"adam", "una"}),
    "approve": (S.UNDER_REVIEW, dict, with_panel, {"adam", "una"}),
    "return": (S.SUBMITTED, lambda: {"reason": "Lengkapi data dukung"}, None, {"adam", "una"}),
    "reject": (S.SUBMITTED, lambda: {"reason": "Bukan kewenangan daerah"}, None, {"adam", "una"}),
    "adopt": (S.FEASIBLE, instrument_data, None, {"adam"}),
    "start_trial": (
        S.ADOPTED,
        lambda: {
            "planned_start": datetime.date(2024, 1, 1),
            "planned_end": datetime.date(2024, 3, 31),
        },
        None,
        {"alice", "ivan", "adam"},
    ),
    "discontinue": (S.ADOPTED, lambda: {"reason": "Anggaran dialihkan"}, None, {"alice", "adam"}),
    "resume": (S.DISCONTINUED, lambda: {"reason": "Anggaran tersedia lagi"}, None, {"adam"}),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("who", ROLES)
def test_roles_per_transition(cast, agency_a, name, who):
    status, data, prepare, allowed = CASES[name]
    innovation = at(
        agency_a, status, discontinued_from=S.ADOPTED if status == S.DISCONTINUED else ""
    )
    if prepare:
        prepare(innovation)
    if who in allowed:
        services.innovation_transition(
            actor=cast[who], innovation=innovation, name=name, data=data()
        )
        innovation.refresh_from_db()
        assert innovation.status == lifecycle.target_of(
            lifecycle.TRANSITIONS[name], innovation
        ) or (name == "resume" and innovation.status == S.ADOPTED)
        assert AuditEvent.objects.filter(
            subject_id=innovation.pk, verb=lifecycle.TRANSITIONS[name].verb
        ).exists()
    else:
        with pytest.raises(PermissionDenied) as refused:
            services.innovation_transition(
                actor=cast[who], innovation=innovation, name=name, data=data()
            )
        assert "Only" in str(refused.value) or "Hanya" in str(refused.value)
        innovation.refresh_from_db()
        assert innovation.status == status


@pytest.mark.parametrize("who", ROLES)
def test_implement_roles(cast, agency_a, who):
    innovation = trial_ready(agency_a)
    data = {"implementation_start": datetime.date(2024, 4, 1), **instrument_data()}
    if who in {"alice", "adam"}:
        services.innovation_transition(
            actor=cast[who], innovation=innovation, name="implement", data=data
        )
        innovation.refresh_from_db()
        assert innovation.status == S.IMPLEMENTED
        assert innovation.stage == Innovation.Stage.IMPLEMENTATION
        assert innovation.implementation_start == datetime.date(2024, 4, 1)
    else:
        with pytest.raises(PermissionDenied):
            services.innovation_transition(
                actor=cast[who], innovation=innovation, name="implement", data=data
            )


def test_wrong_status_says_from_where(adam, agency_a):
    innovation = at(agency_a, S.DRAFT)
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(
            actor=adam, innovation=innovation, name="adopt", data=instrument_data()
        )
    assert "Layak" in str(refused.value.messages) or "Feasible" in str(refused.value.messages)


def test_submission_needs_full_profile_and_300_words(alice, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, design_problem="pendek")
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(actor=alice, innovation=innovation, name="submit")
    assert any("300" in m for m in refused.value.messages)


@pytest.mark.parametrize("kind", [k for k, _ in Innovation.InitiatorKind.choices])
def test_each_initiator_kind_can_propose(alice, adam, agency_a, kind):
    innovation = InnovationFactory(agency=agency_a, complete=True, initiator_kind=kind)
    services.innovation_transition(actor=alice, innovation=innovation, name="submit")
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


def test_citizen_proposal_names_the_citizen(alice, agency_a):
    innovation = InnovationFactory(
        agency=agency_a, complete=True, initiator_kind="masyarakat", initiator_name=""
    )
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(actor=alice, innovation=innovation, name="submit")
    assert (
        "initiator" in str(refused.value.messages).lower()
        or "inisiator" in str(refused.value.messages).lower()
    )


def test_submit_notifies_the_reviewers(alice, adam, una, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True)
    services.innovation_submit(actor=alice, innovation=innovation)
    assert set(
        Notification.objects.filter(verb="review_requested").values_list(
            "recipient__username", flat=True
        )
    ) == {"adam", "una"}


def test_decision_needs_the_full_panel(adam, agency_a):
    innovation = at(agency_a, S.UNDER_REVIEW)
    review = with_panel(innovation, n=2)
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(actor=adam, innovation=innovation, name="approve")
    assert any("3" in m for m in refused.value.messages)
    member = PanelMember.objects.create(review=review, name="Ir. Praktisi", kind="practitioner")
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(actor=adam, innovation=innovation, name="approve")
    assert any("Ir. Praktisi" in m for m in refused.value.messages)
    services.panel_recommendation_record(actor=adam, member=member, recommendation="feasible")
    services.innovation_transition(
        actor=adam, innovation=innovation, name="approve", data={"note": "Layak dengan catatan"}
    )
    review.refresh_from_db()
    assert review.decision == "feasible" and review.decided_by == adam


def test_panel_minimum_is_a_setting(adam, agency_a, settings):
    settings.INOVDA_INNOVATIONS = {"REVIEW_MIN_PANEL": 1}
    innovation = at(agency_a, S.UNDER_REVIEW)
    with_panel(innovation, n=1)
    services.innovation_transition(actor=adam, innovation=innovation, name="approve")
    assert Innovation.objects.get(pk=innovation.pk).status == S.FEASIBLE


def test_review_round_and_panel_members(adam, una, vera, agency_a):
    innovation = at(agency_a, S.SUBMITTED)
    services.innovation_transition(actor=una, innovation=innovation, name="start_review")
    member = services.panel_member_add(
        actor=una,
        innovation=innovation,
        name="Prof. Dr. Sutrisno",
        kind="academic",
        affiliation="Universitas Brawijaya",
    )
    internal = services.panel_member_add(
        actor=adam, innovation=innovation, name="Dewi", kind="internal", user=vera
    )
    assert Notification.objects.filter(recipient=vera, verb="review_requested").exists()
    services.panel_recommendation_record(
        actor=vera, member=internal, recommendation="needs_revision"
    )
    with pytest.raises(PermissionDenied):
        services.panel_recommendation_record(actor=vera, member=member, recommendation="feasible")
    assert FeasibilityReview.objects.get(innovation=innovation).round == 1


def test_return_and_reject_need_a_reason(adam, agency_a):
    innovation = at(agency_a, S.SUBMITTED)
    for name in ("return", "reject"):
        with pytest.raises(ValidationError) as refused:
            services.innovation_transition(
                actor=adam, innovation=innovation, name=name, data={"reason": "  "}
            )
        assert refused.value.messages


def test_returned_innovation_is_editable_and_resubmitted_to_a_new_round(alice, adam, agency_a):
    innovation = at(agency_a, S.UNDER_REVIEW)
    with_panel(innovation, recommendation="needs_revision")
    services.innovation_transition(
        actor=adam, innovation=innovation, name="return", data={"reason": "Perjelas indikator"}
    )
    innovation.refresh_from_db()
    assert innovation.status == S.NEEDS_REVISION
    assert innovation.status_reason == "Perjelas indikator"
    assert Notification.objects.filter(recipient=alice, verb="decision_made").exists()
    services.innovation_update(actor=alice, innovation=innovation, data={"goals": "Lebih jelas"})
    services.innovation_submit(actor=alice, innovation=innovation)
    services.innovation_transition(actor=adam, innovation=innovation, name="start_review")
    assert list(innovation.reviews.values_list("round", flat=True)) == [2, 1]


def test_adoption_needs_the_instrument(adam, agency_a):
    innovation = at(agency_a, S.FEASIBLE)
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(
            actor=adam,
            innovation=innovation,
            name="adopt",
            data=instrument_data(instrument_file=None),
        )
    assert any("SK" in m for m in refused.value.messages)
    services.innovation_transition(
        actor=adam, innovation=innovation, name="adopt", data=instrument_data()
    )
    instrument = LegalInstrument.objects.get(innovation=innovation)
    assert instrument.purpose == "adoption" and instrument.document.purpose == "instrument"
    # What was typed is what is kept, and who stored it.
    assert (instrument.kind, instrument.number, instrument.issued_on, instrument.created_by) == (
        "sk",
        "188.45/123/35.73.112/2024",
        datetime.date(2024, 2, 1),
        adam,
    )
    assert instrument.document.uploaded_by == adam
    assert "188.45/123/35.73.112/2024" in instrument.document.description


def test_adoption_refuses_a_fake_pdf(adam, agency_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    innovation = at(agency_a, S.FEASIBLE)
    fake = SimpleUploadedFile("sk.pdf", b"MZ not a pdf")
    with pytest.raises(ValidationError):
        services.innovation_transition(
            actor=adam,
            innovation=innovation,
            name="adopt",
            data=instrument_data(instrument_file=fake),
        )
    assert not LegalInstrument.objects.exists()
    assert Innovation.objects.get(pk=innovation.pk).status == S.FEASIBLE


def test_trial_needs_a_planned_period(alice, agency_a):
    innovation = at(agency_a, S.ADOPTED, trial_start=None, trial_end=None)
    with pytest.raises(ValidationError):
        services.innovation_transition(
            actor=alice, innovation=innovation, name="start_trial", data={}
        )
    services.innovation_transition(
        actor=alice,
        innovation=innovation,
        name="start_trial",
        data={
            "planned_start": datetime.date(2024, 1, 1),
            "planned_end": datetime.date(2024, 3, 31),
            "actual_start": datetime.date(2024, 1, 8),
        },
    )
    innovation.refresh_from_db()
    assert innovation.stage == Innovation.Stage.TRIAL
    assert innovation.trial_actual_start == datetime.date(2024, 1, 8)
    assert (innovation.trial_start, innovation.trial_end) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 3, 31),
    )


def test_a_trial_without_an_actual_start_starts_today_and_keeps_its_plan(alice, agency_a):
    planned = (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    innovation = at(agency_a, S.ADOPTED, trial_start=planned[0], trial_end=planned[1])
    services.innovation_transition(actor=alice, innovation=innovation, name="start_trial", data={})
    innovation.refresh_from_db()
    assert (innovation.trial_start, innovation.trial_end) == planned
    assert innovation.trial_actual_start == timezone.localdate()


def test_a_decision_is_recorded_on_the_review_and_told_to_the_team(adam, alice, agency_a):
    innovation = at(agency_a, S.UNDER_REVIEW)
    review = with_panel(innovation)
    services.innovation_transition(
        actor=adam, innovation=innovation, name="return", data={"reason": "  Lengkapi data  "}
    )
    review.refresh_from_db()
    assert (review.decision, review.decision_note, review.decided_by) == (
        "needs_revision",
        "Lengkapi data",
        adam,
    )
    assert review.decided_at is not None
    told = Notification.objects.get(recipient=alice, verb="decision_made")
    assert innovation.name in told.message and "Lengkapi data" in told.message
    assert told.link == innovation.get_absolute_url()


def test_implementation_needs_trial_report_date_and_instrument(
    alice, agency_a, django_capture_on_commit_callbacks
):
    innovation = at(agency_a, S.TRIAL, trial_actual_start=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(
            actor=alice, innovation=innovation, name="implement", data={}
        )
    assert len(refused.value.messages) == 3
    services.trial_report_save(
        actor=alice,
        innovation=innovation,
        actual_end=datetime.date(2024, 3, 31),
        report="Berhasil di tiga kelurahan.",
        upload=pdf_upload("lap.pdf"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_transition(
            actor=alice,
            innovation=innovation,
            name="implement",
            data={"implementation_start": timezone.localdate(), **instrument_data()},
        )
    innovation.refresh_from_db()
    assert innovation.status == S.IMPLEMENTED
    assert innovation.health == Innovation.Health.GROWING  # refreshed by the task
    assert innovation.health_rule == "on_track"


def test_trial_report_refused_outside_trial_and_for_others(alice, bob, agency_a):
    innovation = at(agency_a, S.TRIAL)
    with pytest.raises(PermissionDenied):
        services.trial_report_save(
            actor=bob, innovation=innovation, actual_end=datetime.date(2024, 3, 1), report="x"
        )
    innovation.status = S.ADOPTED
    innovation.save()
    with pytest.raises(ValidationError):
        services.trial_report_save(
            actor=alice, innovation=innovation, actual_end=datetime.date(2024, 3, 1), report="x"
        )


def test_discontinue_a_running_innovation_needs_lessons(
    alice, agency_a, django_capture_on_commit_callbacks
):
    innovation = at(agency_a, S.IMPLEMENTED, stage=Innovation.Stage.IMPLEMENTATION)
    with pytest.raises(ValidationError):
        services.innovation_transition(
            actor=alice,
            innovation=innovation,
            name="discontinue",
            data={"reason": "Aplikasi tidak didukung lagi"},
        )
    lessons = {
        "results": "12.000 warga terlayani",
        "challenges_and_failures": "Server tidak dipelihara",
        "conditions_for_success": "Anggaran pemeliharaan tahunan",
        "lessons": "Rencanakan pemeliharaan sejak awal",
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_transition(
            actor=alice,
            innovation=innovation,
            name="discontinue",
            data={"reason": "Aplikasi tidak didukung lagi", **lessons},
        )
    innovation.refresh_from_db()
    assert innovation.status == S.DISCONTINUED
    assert innovation.stage == Innovation.Stage.IMPLEMENTATION  # kept
    assert innovation.health == Innovation.Health.DISCONTINUED
    lesson = Lesson.objects.get(innovation=innovation)
    assert lesson.occasion == Lesson.Occasion.DISCONTINUATION
    assert lesson.lessons.startswith("Rencanakan") and lesson.challenges.startswith("Server")


def test_resume_returns_to_where_it_stopped(alice, adam, agency_a):
    innovation = at(agency_a, S.TRIAL, stage=Innovation.Stage.TRIAL)
    services.innovation_transition(
        actor=alice,
        innovation=innovation,
        name="discontinue",
        data={
            "reason": "Jeda",
            "results": "a",
            "challenges_and_failures": "b",
            "conditions_for_success": "c",
            "lessons": "d",
        },
    )
    services.innovation_transition(
        actor=adam, innovation=innovation, name="resume", data={"reason": "Dilanjutkan"}
    )
    innovation.refresh_from_db()
    assert innovation.status == S.TRIAL and innovation.stage == Innovation.Stage.TRIAL


def test_available_lists_steps_with_what_blocks_them(adam, alice, agency_a):
    innovation = at(agency_a, S.UNDER_REVIEW)
    steps = {t.name: problems for t, problems in lifecycle.available(adam, innovation)}
    assert set(steps) == {"approve", "return", "reject", "discontinue"}
    assert steps["approve"]  # the panel is missing
    assert {t.name for t, _ in lifecycle.available(alice, innovation)} == {"discontinue"}


def test_every_transition_has_a_stage_rule_and_a_timeline_label():
    from inovda.core.models import VERB_LABELS

    for t in lifecycle.TRANSITIONS.values():
        assert t.verb in VERB_LABELS
        assert t.target is None or t.target in lifecycle.STAGE_OF or t.target == S.DISCONTINUED


def test_unknown_transition_is_refused(adam, agency_a):
    with pytest.raises(ValidationError):
        services.innovation_transition(actor=adam, innovation=at(agency_a, S.DRAFT), name="fly")


@pytest.mark.parametrize(
    "name,status",
    [
        ("return", S.SUBMITTED),
        ("reject", S.SUBMITTED),
        ("discontinue", S.ADOPTED),
        ("resume", S.DISCONTINUED),
    ],
)
def test_every_reasoned_step_refuses_a_blank_reason(adam, agency_a, name, status):
    innovation = at(agency_a, status, discontinued_from=S.ADOPTED)
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(
            actor=adam, innovation=innovation, name=name, data={"reason": ""}
        )
    assert any("lasan" in m or "reason" in m for m in refused.value.messages)
    assert Innovation.objects.get(pk=innovation.pk).status == status
