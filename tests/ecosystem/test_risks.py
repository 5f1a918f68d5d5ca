"""F3 risk registers: scoring, treatment rules, reviews, appetite flags, heat maps."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inovda.core.models import AuditEvent
from inovda.ecosystem import selectors, services
from inovda.ecosystem.models import Risk, RiskReview
from tests.ecosystem.conftest import days
from tests.ecosystem.factories import RiskFactory

pytestmark = pytest.mark.django_db
DATA = {
    "kind": "threat",
    "title": "Kebocoran data warga",
    "cause": "Hak akses belum dibatasi.",
    "consequence": "Pelanggaran UU PDP.",
    "likelihood": 3,
    "impact": 4,
    "treatment": "reduce",
}


def add(actor, innovation, **extra):
    return services.risk_add(actor=actor, innovation=innovation, data={**DATA, **extra})


def test_add_scores_and_proposes_a_review_date(today, alice, a_live):
    risk = add(alice, a_live)
    assert (risk.score, risk.level) == (12, "high")
    assert risk.review_on == today + days(90)
    assert risk.current_score == 12
    assert risk.above_appetite  # implementation tolerates 9
    assert AuditEvent.objects.filter(verb="risk_added", subject_id=risk.pk).exists()


def test_same_rating_is_within_appetite_in_trial(today, bob, b_live):
    assert not add(bob, b_live).above_appetite  # trial tolerates 15


def test_residual_rating_after_treatment_clears_the_flag(today, alice, a_live):
    risk = add(alice, a_live, residual_likelihood=2, residual_impact=4)
    assert (risk.residual_score, risk.residual_level, risk.current_score) == (8, "medium", 8)
    assert not risk.above_appetite


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"treatment": "exploit"}, "treatment"),
        ({"kind": "opportunity", "treatment": "avoid"}, "treatment"),
        ({"residual_likelihood": 2}, "residual_impact"),
        ({"likelihood": 6}, "likelihood"),
    ],
)
def test_invalid_registers_are_refused_with_a_reason(alice, a_live, extra, field):
    with pytest.raises(ValidationError) as excinfo:
        add(alice, a_live, **extra)
    assert field in excinfo.value.message_dict
    assert not Risk.objects.exists()


def test_opportunity_is_exploited_and_never_above_appetite(alice, a_live):
    risk = add(alice, a_live, kind="opportunity", treatment="exploit", likelihood=5, impact=5)
    assert not risk.above_appetite


@pytest.mark.parametrize("who", ["alice", "ivan", "adam"])
def test_who_keeps_the_register(cast, a_live, who):
    assert add(cast[who], a_live).pk


@pytest.mark.parametrize("who", ["bob", "una", "lina", "vera", "carl", "oscar"])
def test_who_does_not(cast, a_live, who):
    with pytest.raises(PermissionDenied):
        add(cast[who], a_live)


def test_review_records_when_and_against_which_due_date(today, alice, a_live):
    risk = RiskFactory(innovation=a_live, review_on=today - days(3), likelihood=4, impact=4)
    assert risk.review_overdue
    review = services.risk_review(
        actor=alice,
        risk=risk,
        likelihood=3,
        impact=4,
        residual_likelihood=2,
        residual_impact=3,
        next_review_on=today + days(60),
        note="Hak akses sudah dibatasi.",
    )
    risk.refresh_from_db()
    assert (review.due_on, review.reviewed_on, review.on_time) == (today - days(3), today, False)
    assert (risk.likelihood, risk.residual_score, risk.review_on) == (3, 6, today + days(60))
    assert not risk.review_overdue
    assert AuditEvent.objects.get(verb="risk_reviewed").changes["likelihood"] == {
        "before": 4,
        "after": 3,
    }


def test_next_review_must_be_in_the_future(today, alice, a_live):
    risk = RiskFactory(innovation=a_live)
    with pytest.raises(ValidationError):
        services.risk_review(actor=alice, risk=risk, likelihood=1, impact=1, next_review_on=today)
    assert not RiskReview.objects.exists()


def test_closed_risks_are_kept_as_they_were(today, alice, a_live):
    risk = RiskFactory(innovation=a_live, review_on=today - days(1))
    with pytest.raises(ValidationError, match="4000"):  # bounded like every form's note
        services.risk_close(actor=alice, risk=risk, note="x" * 4001)
    services.risk_close(actor=alice, risk=risk, note="Tidak relevan lagi.")
    risk.refresh_from_db()
    assert risk.status == "closed" and risk.closed_on == today
    assert not risk.review_overdue and not risk.above_appetite
    with pytest.raises(ValidationError):
        services.risk_update(actor=alice, risk=risk, data={"title": "X"})


def test_database_flags_match_the_python_rule(today, alice, a_live, b_live):
    cases = [
        RiskFactory(innovation=a_live, likelihood=4, impact=3),  # 12 > 9: flagged
        RiskFactory(innovation=a_live, likelihood=3, impact=3),  # 9: not
        RiskFactory(innovation=b_live, likelihood=4, impact=4),  # 16 > 15 in trial: flagged
        RiskFactory(
            innovation=a_live, likelihood=5, impact=5, residual_likelihood=1, residual_impact=2
        ),  # residual 2: not
        RiskFactory(
            innovation=a_live, kind="opportunity", treatment="exploit", likelihood=5, impact=5
        ),
        RiskFactory(innovation=a_live, likelihood=5, impact=5, status="closed"),
    ]
    flagged = set(
        selectors.with_ratings(Risk.objects.all())
        .filter(selectors.above_appetite_q())
        .values_list("pk", flat=True)
    )
    assert flagged == {r.pk for r in cases if r.above_appetite} == {cases[0].pk, cases[2].pk}


def test_heat_map_counts_inherent_and_residual(today, alice, a_live):
    RiskFactory(innovation=a_live, likelihood=5, impact=4, residual_likelihood=2, residual_impact=2)
    RiskFactory(innovation=a_live, likelihood=5, impact=4, review_on=today)
    listed = selectors.risk_list(user=alice)  # ordered lists must still group by cell
    inherent = selectors.heat_map(listed)
    residual = selectors.heat_map(listed, residual=True)
    cell = inherent[0][3]  # row likelihood 5, column impact 4
    assert (cell.likelihood, cell.impact, cell.score, cell.level, cell.count) == (
        5,
        4,
        20,
        "extreme",
        2,
    )
    assert residual[0][3].count == 1 and residual[3][1].count == 1  # (2, 2)
    assert sum(c.count for row in inherent for c in row) == 2


def test_summary_and_overdue_filter(today, alice, a_live):
    RiskFactory(innovation=a_live, review_on=today - days(1), likelihood=4, impact=4)
    RiskFactory(innovation=a_live, review_on=today + days(1), likelihood=1, impact=1)
    RiskFactory(innovation=a_live, review_on=today - days(9), status="closed")
    summary = selectors.risk_summary(selectors.risk_list(user=alice))
    assert (summary.open, summary.above_appetite, summary.overdue) == (2, 1, 1)
    assert summary.by_level == {"low": 1, "medium": 0, "high": 1, "extreme": 0}
    overdue = selectors.risk_list(user=alice, filters=selectors.RiskFilters(overdue=True))
    assert overdue.count() == 1
