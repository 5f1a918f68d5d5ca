"""Pure rules: SLA due dates and overdue, risk scores, levels and appetite, realisation."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inovda.ecosystem import rules

D = datetime.date


@pytest.mark.parametrize(
    "kind,days", [("regulation", 45), ("it_data", 14), ("culture", 60), ("unknown", 21)]
)
def test_sla_days_per_type_with_other_as_fallback(kind, days):
    assert rules.sla_days(kind) == days


def test_sla_is_a_setting(settings):
    settings.INOVDA_ECOSYSTEM = {"BARRIER_SLA_DAYS": {"it_data": 5}}
    assert rules.sla_days("it_data") == 5
    assert rules.sla_days("regulation") == 45  # other types keep their default


def test_due_date_counts_calendar_days():
    assert rules.due_on(D(2026, 1, 25), 14) == D(2026, 2, 8)


@pytest.mark.parametrize(
    "status,today,overdue",
    [
        ("open", D(2026, 2, 8), False),  # on the due date: not yet late
        ("open", D(2026, 2, 9), True),
        ("in_progress", D(2026, 2, 9), True),
        ("escalated", D(2026, 3, 1), True),
        ("resolved", D(2026, 3, 1), False),  # late perhaps, but not overdue
        ("withdrawn", D(2026, 3, 1), False),
    ],
)
def test_overdue(status, today, overdue):
    assert rules.is_overdue(status=status, due=D(2026, 2, 8), today=today) is overdue


def test_resolved_within_sla():
    due = D(2026, 2, 8)
    assert rules.resolved_within_sla(due=due, resolved=None) is None
    assert rules.resolved_within_sla(due=due, resolved=due) is True
    assert rules.resolved_within_sla(due=due, resolved=D(2026, 2, 9)) is False


@pytest.mark.parametrize(
    "likelihood,impact,score,level",
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (4, 4, 16, "high"),
        (4, 5, 20, "extreme"),
        (5, 5, 25, "extreme"),
    ],
)
def test_risk_score_and_level(likelihood, impact, score, level):
    assert rules.risk_score(likelihood, impact) == score
    assert rules.risk_level(score) == level


def test_no_rating_no_score():
    assert rules.risk_score(None, 3) is None
    assert rules.risk_level(None) == ""


@given(st.integers(1, 5), st.integers(1, 5))
def test_every_score_has_a_level(likelihood, impact):
    assert rules.risk_level(rules.risk_score(likelihood, impact)) in {
        "low",
        "medium",
        "high",
        "extreme",
    }


def test_appetite_is_more_tolerant_in_trial_than_in_implementation():
    assert rules.risk_appetite("uji_coba") > rules.risk_appetite("penerapan")


@pytest.mark.parametrize(
    "kind,status,score,stage,flag",
    [
        ("threat", "open", 12, "uji_coba", False),  # trial tolerates up to 15
        ("threat", "open", 12, "penerapan", True),  # implementation only up to 9
        ("threat", "open", 9, "penerapan", False),
        ("threat", "closed", 25, "penerapan", False),
        ("opportunity", "open", 25, "penerapan", False),
        ("threat", "treating", 16, "uji_coba", True),
        ("threat", "open", None, "penerapan", False),
    ],
)
def test_above_appetite(kind, status, score, stage, flag):
    assert rules.above_appetite(kind=kind, status=status, score=score, stage=stage) is flag


def test_appetite_is_a_setting(settings):
    settings.INOVDA_ECOSYSTEM = {"RISK_APPETITE": {"penerapan": 20}}
    assert not rules.above_appetite(kind="threat", status="open", score=16, stage="penerapan")


def test_review_overdue():
    due = D(2026, 5, 1)
    assert rules.review_overdue(status="open", review_on=due, today=D(2026, 5, 2))
    assert not rules.review_overdue(status="open", review_on=due, today=due)
    assert not rules.review_overdue(status="closed", review_on=due, today=D(2027, 1, 1))


def test_realisation_rate():
    assert rules.realisation_rate(Decimal(200), Decimal(50)) == 0.25
    assert rules.realisation_rate(Decimal(0), Decimal(50)) is None
    assert rules.realisation_rate(None, None) is None
    assert rules.realisation_rate(Decimal(100), Decimal(120)) == 1.2  # overspent is shown


@pytest.mark.parametrize(
    "status,gate,reached",
    [
        ("adopted", "adopted", True),
        ("trial", "adopted", True),
        ("adopted", "trial", False),
        ("implemented", "trial", True),
        ("submitted", "adopted", False),
        ("implemented", "nonsense", False),
    ],
)
def test_gate_reached(status, gate, reached):
    assert rules.gate_reached(status=status, gate=gate) is reached
