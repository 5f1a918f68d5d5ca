import datetime
import io

import pytest
from django.utils import timezone

from inovda.assessment import reference
from inovda.assessment.models import AssessmentPeriod


@pytest.fixture
def periods(db):
    """The reference periods (2026, 2023, pre-2023), loaded from data/reference."""
    reference.load(io.StringIO())
    return {p.year: p for p in AssessmentPeriod.objects.all()}


@pytest.fixture
def period(periods):
    """IID 2026, open today (tests must not depend on the calendar)."""
    p = periods[2026]
    today = timezone.localdate()
    p.opens_on, p.closes_on = (
        today - datetime.timedelta(days=30),
        today + datetime.timedelta(days=30),
    )
    p.save()
    return p


@pytest.fixture
def assessable(agency_a, agency_b):
    """Make assessable innovations: `assessable(agency_a, name=...)`."""
    from tests.assessment.factories import AssessableInnovationFactory

    def _make(agency=None, **kwargs):
        return AssessableInnovationFactory(agency=agency or agency_a, **kwargs)

    return _make


@pytest.fixture
def fill():
    """Fill a sheet's rows through the services: `fill(actor, sheet, {code: level})`,
    every row with a level gets a link as evidence."""
    from inovda.assessment import services

    def _fill(actor, sheet, levels: dict, *, evidence=True):
        rows = {r.indicator.code: r for r in sheet.rows.select_related("indicator")}
        for code, level in levels.items():
            row = rows[code]
            basis = row.indicator.bases.first() if level and row.indicator.bases.exists() else None
            services.entry_update(actor=actor, entry=row, level=level, basis=basis)
            if evidence and level:
                services.evidence_add(
                    actor=actor, entry=row, url=f"https://contoh.example/{code}.pdf"
                )
        sheet.refresh_from_db()
        return sheet

    return _fill


MANDATORY_SID = {"16": 1, "17": 1, "32": 1, "33": 1, "35": 1}  # maturity 14


@pytest.fixture
def six_basic_services(db):
    """The six basic-service affairs (the what-if refuses more than exist)."""
    from tests.assessment.factories import basic_affair

    return [basic_affair(f"1.0{code}") for code in range(1, 7)]
