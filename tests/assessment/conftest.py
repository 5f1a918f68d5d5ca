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
