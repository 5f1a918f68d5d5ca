import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inovda.competitions import selectors, services
from inovda.competitions.models import Assignment, Entry, Phase, Result
from inovda.core.models import AuditEvent, Notification
from inovda.ecosystem.models import Innovator, Recognition, TeamMember
from tests.competitions.conftest import score_all
from tests.innovations.factories import implemented


def test_proposal_form_is_built_from_the_reference_sections(competition):
    sections = list(competition.categories.get().sections.all())
    assert [s.title for s in sections][:2] == ["Ringkasan", "Latar Belakang dan Tujuan"]
    assert {s.title: s.max_words for s in sections}["Signifikansi"] == 600
    assert sections[-1].wants_attachment


def test_entry_references_the_innovation_and_is_prefilled(competition, alice, agency_a):
    innovation = implemented(agency_a, goals="Warga terlayani cepat.")
    entry = services.entry_create(
        actor=alice,
        competition=competition,
        category=competition.categories.get(),
        innovation=innovation,
    )
    assert entry.innovation_id == innovation.pk
    assert entry.answers.get(section__title="Ringkasan").text == "Warga terlayani cepat."


def test_only_own_agency_enters_and_word_limits_hold(competition, alice, bob, agency_a):
    innovation = implemented(agency_a)
    category = competition.categories.get()
    with pytest.raises(PermissionDenied):
        services.entry_create(
            actor=bob, competition=competition, category=category, innovation=innovation
        )
    entry = services.entry_create(
        actor=alice, competition=competition, category=category, innovation=innovation
    )
    ringkasan = entry.answers.get(section__title="Ringkasan")
    with pytest.raises(ValidationError) as too_long:
        services.entry_save(actor=alice, entry=entry, texts={ringkasan.section_id: "kata " * 201})
    assert "201 words; the limit is 200." in str(too_long.value)
    with pytest.raises(ValidationError, match="submission phase"):
        services.entry_submit(actor=alice, entry=entry)


def test_advance_needs_its_preconditions(pemda, una, alice):
    from inovda.competitions.models import Competition

    bare = Competition.objects.create(pemda=pemda, name="Kosong", year=2026)
    with pytest.raises(ValidationError) as refused:
        services.phase_advance(actor=una, competition=bare)
    assert len(refused.value.messages) == 3
    with pytest.raises(PermissionDenied):
        services.phase_advance(actor=alice, competition=bare)


def test_assignment_balances_load_and_skips_own_agency(competition, entries, rudi):
    assignments = Assignment.objects.filter(entry__competition=competition)
    assert assignments.count() == 9  # three entries × three reviewers
    loads = {}
    for a in assignments:
        loads[a.reviewer.user.username] = loads.get(a.reviewer.user.username, 0) + 1
        assert a.reviewer.agency_id != a.entry.innovation.agency_id
    assert max(loads.values()) - min(loads.values()) <= 1
    b_entry = entries[2]
    assert not b_entry.assignments.filter(reviewer__user=rudi).exists()
    assert Notification.objects.filter(verb="competition_assigned").exists()


def test_reviewer_cannot_score_own_agency(competition, entries, una, rudi):
    reviewer = competition.reviewers.get(user=rudi)
    forced = Assignment.objects.create(entry=entries[2], reviewer=reviewer)  # agency B entry
    with pytest.raises(PermissionDenied, match="own agency"):
        services.score_save(
            actor=rudi, assignment=forced, levels={c.pk: 3 for c in competition.criteria.all()}
        )


def test_declared_conflict_reassigns_to_a_free_reviewer(competition, entries, vera):
    assignment = Assignment.objects.filter(entry=entries[0], reviewer__user=vera).first()
    if assignment is None:
        assignment = Assignment.objects.filter(entry=entries[0]).first()
    user = assignment.reviewer.user
    new = services.conflict_declare(actor=user, assignment=assignment, reason="Kerabat inovator")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CONFLICT
    assert new.entry == entries[0] and new.reviewer != assignment.reviewer
    active = entries[0].assignments.exclude(status=Assignment.Status.CONFLICT)
    assert active.count() == 3
    assert AuditEvent.objects.filter(verb="competition_conflict_declared").exists()
    with pytest.raises(PermissionDenied):
        services.conflict_declare(actor=new.reviewer.user, assignment=assignment, reason="x")


def test_scores_calibration_moderation_and_publication(
    competition, entries, una, adam, vera, carl, lina, rudi, alice
):
    score_all(
        competition,
        {
            vera: 1,  # harsh on everything
            carl: {"Ngalam Command Center": 5, "Sambang Kelurahan": 4, "Puskesmas Ramah": 4},
            lina: {"Ngalam Command Center": 5, "Sambang Kelurahan": 4, "Puskesmas Ramah": 4},
            rudi: {"Ngalam Command Center": 5, "Sambang Kelurahan": 4, "Puskesmas Ramah": 4},
        },
    )
    entry_rows, reviewer_rows = selectors.calibration(competition)
    labels = {r.reviewer.user.username: r.label for r in reviewer_rows}
    assert labels["vera"] == "harsh"
    assert all(e.sd is not None and e.range >= e.sd for e in entry_rows)
    services.phase_advance(actor=una, competition=competition)  # → presentation (shortlist)
    services.phase_advance(actor=una, competition=competition)  # → field
    with pytest.raises(ValidationError, match="calibration"):
        services.phase_advance(actor=una, competition=competition)
    outlier = Assignment.objects.filter(entry=entries[0], reviewer__user=vera).first()
    if outlier:
        services.moderate(actor=una, assignment=outlier, reason="Jauh dari panel, tanpa alasan")
        with pytest.raises(ValidationError):
            services.moderate(actor=una, assignment=outlier, reason=" ")
        with pytest.raises(ValidationError, match="4000"):
            services.moderate(actor=una, assignment=outlier, reason="x" * 4001)
    innovator = Innovator.objects.create(pemda=competition.pemda, name="Budi")
    TeamMember.objects.create(innovator=innovator, innovation=entries[0].innovation, role="lead")
    services.calibration_confirm(actor=una, competition=competition)
    services.phase_advance(actor=adam, competition=competition)  # → announcement
    competition.refresh_from_db()
    assert competition.phase == Phase.ANNOUNCEMENT and competition.published_at
    results = {
        r.entry.innovation.name: r for r in Result.objects.select_related("entry__innovation")
    }
    assert results["Ngalam Command Center"].rank == 1
    assert Recognition.objects.filter(innovator=innovator, kind="award").exists()
    assert "SPD" in competition.spd_note
    assert AuditEvent.objects.filter(verb="competition_published").exists()
    # Reproducible: the stored ranking equals the ranking recomputed from the scores.
    recomputed = {
        row.entry: (row.rank, round(row.score, 2))
        for rows in selectors.standings(competition).values()
        for row in rows
    }
    stored = {r.entry_id: (r.rank, float(r.total)) for r in Result.objects.all()}
    assert recomputed == stored
    with pytest.raises(ValidationError, match="final"):
        services.moderate(actor=una, assignment=outlier or Assignment.objects.first(), reason="x")


def test_tie_is_broken_by_the_heaviest_differing_criterion_and_explained(
    competition, entries, vera, carl, lina, rudi
):
    crit = {c.name: c for c in competition.criteria.all()}
    # Weights Kebaruan 3, Signifikansi 5, Keberlanjutan 2: both first entries total
    # 31/10 × 20 = 62; entry 0 is ahead on Signifikansi, the heaviest criterion.
    levels = {
        entries[0].pk: {"Kebaruan": 1, "Signifikansi": 4, "Keberlanjutan": 4},
        entries[1].pk: {"Kebaruan": 2, "Signifikansi": 3, "Keberlanjutan": 5},
        entries[2].pk: {"Kebaruan": 1, "Signifikansi": 1, "Keberlanjutan": 1},
    }
    for a in Assignment.objects.filter(entry__competition=competition).select_related("reviewer"):
        services.score_save(
            actor=a.reviewer.user,
            assignment=a,
            levels={crit[n].pk: v for n, v in levels[a.entry_id].items()},
        )
    rows = {r.entry: r for r in selectors.standings(competition)[entries[0].category_id]}
    first, second = rows[entries[0].pk], rows[entries[1].pk]
    assert first.score == second.score == 62.0
    assert (first.rank, second.rank) == (1, 2)
    assert "Signifikansi" in first.tie_note and "Signifikansi" in second.tie_note
    assert rows[entries[2].pk].tie_note == ""


def test_reminders_go_to_reviewers_with_pending_scores(competition, entries, una):
    sent = services.reviewers_remind(actor=una, competition=competition)
    assert sent == 4
    assert services.reviewers_remind(actor=una, competition=competition) == 0  # once a day


def test_entries_stay_in_their_state(competition, entries):
    assert all(e.status == Entry.Status.SUBMITTED for e in entries)


def test_results_become_spd_evidence_for_indicator_12(competition, period, adam, una, pemda):
    from inovda.assessment import services as assessment_services
    from inovda.assessment.models import Evidence
    from inovda.competitions import recognition

    assessment_services.spd_start(actor=adam, period=period, pemda=pemda)
    refused = recognition._spd_evidence(una, competition)  # the unit cannot fill the SPD
    assert "not attached" in refused and not Evidence.objects.exists()
    done = recognition._spd_evidence(adam, competition)
    evidence = Evidence.objects.get()
    assert evidence.entry.indicator.number == 12 and evidence.content_type == "application/pdf"
    assert "indicator 12" in done
