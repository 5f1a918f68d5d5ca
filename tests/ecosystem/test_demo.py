"""The demo city gets records for every factor, so every page shows something real."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from inovda.ecosystem import health
from inovda.ecosystem.models import (
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Risk,
    RiskReview,
    SelfAssessment,
    Training,
)
from inovda.organizations.models import LocalGovernment
from tests.core.test_demo import demo  # noqa: F401  (the seeded city, flushed after the module)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def counts():
    return [
        m.objects.count()
        for m in (Barrier, Risk, RiskReview, BudgetLine, Reallocation, Innovator, SelfAssessment)
    ]


def test_every_register_has_records():
    assert all(n > 0 for n in counts())
    statuses = set(Barrier.objects.values_list("status", flat=True))
    assert {"open", "in_progress", "escalated", "resolved"} <= statuses
    assert any(b.overdue for b in Barrier.objects.exclude(status="resolved"))
    assert Barrier.objects.exclude(precedent=None).exists()
    assert Training.objects.exists()
    assert Innovator.objects.filter(user__username="inovator").exists()
    assert set(Reallocation.objects.values_list("status", flat=True)) >= {"approved", "pending"}


def test_every_factor_has_data_for_the_city():
    malang = LocalGovernment.objects.get(code="35.73")
    total, _ = health.pemda_health(malang.pk, timezone.localdate().year)
    assert all(score.has_data for score in total.scores.values())
    assert total.maturity  # the Pemda's own self-assessment


def test_seed_is_idempotent():
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
