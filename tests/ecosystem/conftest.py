"""Ecosystem fixtures on top of the cast: a running innovation per agency, a fixed today."""

import datetime

import pytest

from inovda.innovations.models import Innovation
from tests.ecosystem.factories import TODAY
from tests.innovations.factories import InnovationFactory


@pytest.fixture(autouse=True)
def _evidence_gates_off(settings):
    """The five-factor rules are tested here on their own; how the evidence gates change
    the scale-up budget and the risk appetite at scale is in tests/innovations/test_evidence.py."""
    settings.INOVDA_INNOVATIONS = {
        "EVIDENCE_GATES": {
            "scale_up": None,
            "replication_other_pemda": None,
            "scale_up_budget": None,
            "risk_at_scale": None,
        }
    }


@pytest.fixture
def today(monkeypatch):
    """Freeze 'today' of the ecosystem code at TODAY (15 June 2026)."""
    from django.utils import timezone

    real = timezone.localdate

    def fake(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", fake)
    return TODAY


@pytest.fixture
def a_live(agency_a):
    return InnovationFactory(
        agency=agency_a,
        name="Layanan Kominfo Berjalan",
        status=Innovation.Status.IMPLEMENTED,
        stage=Innovation.Stage.IMPLEMENTATION,
        year=2024,
    )


@pytest.fixture
def b_live(agency_b):
    return InnovationFactory(
        agency=agency_b,
        name="Layanan Dinkes Berjalan",
        status=Innovation.Status.TRIAL,
        stage=Innovation.Stage.TRIAL,
        year=2025,
    )


@pytest.fixture
def a_draft(agency_a):
    return InnovationFactory(agency=agency_a, name="Draf Kominfo")


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
