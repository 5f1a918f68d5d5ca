"""F1 innovators: profiles, training, recognition (SPD 12), time allotted, totals;
and the yearly self-assessment."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inovda.ecosystem import selectors, services
from inovda.ecosystem.models import AssessmentQuestion, Innovator, SelfAssessment
from tests.ecosystem.factories import InnovatorFactory, RecognitionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_operator_keeps_profiles_of_own_agency(alice, pemda, agency_a, agency_b):
    innovator = services.innovator_save(
        actor=alice,
        pemda=pemda,
        data={"name": "Rina", "kind": "asn", "agency": agency_a, "skills": "data, desain"},
    )
    assert innovator.skill_list == ["data", "desain"]
    with pytest.raises(PermissionDenied):
        services.innovator_save(actor=alice, pemda=pemda, data={"name": "X", "agency": agency_b})
    with pytest.raises(PermissionDenied):  # citizens without an agency: the unit or admin
        services.innovator_save(actor=alice, pemda=pemda, data={"name": "Warga", "kind": "citizen"})


@pytest.mark.parametrize("who", ["una", "adam"])
def test_unit_and_admin_keep_any_profile(cast, pemda, who):
    innovator = services.innovator_save(
        actor=cast[who], pemda=pemda, data={"name": "Warga Kreatif", "kind": "citizen"}
    )
    assert innovator.agency is None


@pytest.mark.parametrize("who", ["bob", "ivan", "lina", "vera", "carl", "oscar"])
def test_others_do_not(cast, pemda, agency_a, who):
    with pytest.raises(PermissionDenied):
        services.innovator_save(
            actor=cast[who], pemda=pemda, data={"name": "X", "agency": agency_a}
        )


def test_agency_of_another_pemda_is_refused(adam, pemda, other_agency):
    with pytest.raises(ValidationError):
        services.innovator_save(actor=adam, pemda=pemda, data={"name": "X", "agency": other_agency})


def test_training_recognition_time_and_team(today, alice, bob, agency_a, a_live):
    innovator = InnovatorFactory(agency=agency_a)
    services.training_add(
        actor=alice,
        innovator=innovator,
        data={"kind": "tot", "title": "TOT Design Thinking", "held_on": today, "hours": 32},
    )
    services.recognition_add(
        actor=alice,
        innovator=innovator,
        data={"kind": "incentive", "title": "Insentif", "given_on": today, "amount": 5_000_000},
        upload=SimpleUploadedFile("piagam.pdf", b"%PDF-1.4 piagam"),
    )
    services.time_allot(actor=alice, innovator=innovator, year=2026, hours_per_week=Decimal(4))
    services.time_allot(actor=alice, innovator=innovator, year=2026, hours_per_week=Decimal(6))
    services.team_member_add(actor=alice, innovator=innovator, innovation=a_live, role="lead")
    assert innovator.trainings.count() == 1
    recognition = innovator.recognitions.get()
    assert (
        recognition.evidence_name == "piagam.pdf" and recognition.evidence_type == "application/pdf"
    )
    assert innovator.allotments.get().hours_per_week == 6
    assert innovator.teams.get().role == "lead"
    with pytest.raises(PermissionDenied):
        services.training_add(actor=bob, innovator=innovator, data={"kind": "tot", "title": "X"})


def test_evidence_is_judged_by_content(today, alice, agency_a):
    innovator = InnovatorFactory(agency=agency_a)
    with pytest.raises(ValidationError):
        services.recognition_add(
            actor=alice,
            innovator=innovator,
            data={"kind": "certificate", "title": "Piagam", "given_on": today},
            upload=SimpleUploadedFile("piagam.pdf", b"not a pdf at all"),
        )
    assert not innovator.recognitions.exists()


def test_totals_per_agency_and_spd12_level(today, adam, alice, agency_a, agency_b, pemda):
    a1, a2 = InnovatorFactory(agency=agency_a), InnovatorFactory(agency=agency_a)
    b1 = InnovatorFactory(agency=agency_b)
    InnovatorFactory(pemda=pemda, kind="citizen")
    TrainingFactory(innovator=a1, hours=8)
    TrainingFactory(innovator=a1, hours=16)
    TrainingFactory(innovator=b1, held_on=today.replace(year=2024))
    RecognitionFactory(innovator=a2)
    rows, total = selectors.capability_totals(user=adam, year=2026)
    by_agency = {r.agency_id: r for r in rows}
    a = by_agency[agency_a.pk]
    assert (a.innovators, a.trained, a.training_hours, a.recognitions) == (2, 1, 24, 1)
    assert by_agency[agency_b.pk].trained == 0
    assert by_agency[None].citizens == 1
    assert (total.innovators, total.asn, total.citizens) == (4, 3, 1)
    assert selectors.spd12_level(user=adam, year=2026) == 1
    RecognitionFactory(innovator=a1, kind="incentive")
    assert selectors.spd12_level(user=adam, year=2026) == 2
    mine, _ = selectors.capability_totals(user=alice, year=2026)
    assert [r.agency_id for r in mine] == [agency_a.pk]


@pytest.fixture
def questions(db):
    for i, factor in enumerate(["F1", "F1", "F2"]):
        AssessmentQuestion.objects.create(factor=factor, code=f"q{i}", text=f"Pertanyaan {i}")


def test_self_assessment_per_year_is_updated_in_place(
    today, alice, adam, pemda, agency_a, questions
):
    services.self_assessment_save(
        actor=alice, pemda=pemda, agency=agency_a, year=2026, answers={"q0": 2, "q1": 3}
    )
    services.self_assessment_save(
        actor=alice, pemda=pemda, agency=agency_a, year=2026, answers={"q0": 4, "q2": None}
    )
    assessment = SelfAssessment.objects.get()
    assert assessment.answers == {"q0": 4}
    services.self_assessment_save(
        actor=adam, pemda=pemda, agency=None, year=2026, answers={"q2": 5}
    )
    assert SelfAssessment.objects.count() == 2


def test_self_assessment_rules(alice, bob, pemda, agency_a, questions):
    with pytest.raises(PermissionDenied):  # the Pemda's own: unit or admin only
        services.self_assessment_save(actor=alice, pemda=pemda, agency=None, year=2026, answers={})
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(
            actor=bob, pemda=pemda, agency=agency_a, year=2026, answers={}
        )
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            actor=alice, pemda=pemda, agency=agency_a, year=2026, answers={"q0": 7}
        )
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            actor=alice, pemda=pemda, agency=agency_a, year=2026, answers={"nope": 3}
        )
    assert not Innovator.objects.exists()
