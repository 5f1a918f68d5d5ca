"""Every refusal of the assessment services, each with a test that fails when the guard
is removed (listed by `scripts/service_guards.py`; `make mutation` checks them too)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inovda.assessment import services
from inovda.assessment.models import AssessmentPeriod, Entry, InnovationAssessment, SheetStatus
from inovda.core.models import AuditEvent
from tests.assessment.conftest import MANDATORY_SID
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(period, assessable, alice):
    return services.innovation_put_forward(actor=alice, period=period, innovation=assessable())


@pytest.fixture
def submitted(sheet, alice, fill):
    fill(alice, sheet, {**MANDATORY_SID, "18": 2})
    return services.sheet_submit(actor=alice, sheet=sheet)


def _row(sheet, number) -> Entry:
    return sheet.rows.select_related("indicator").get(indicator__number=number)


def test_an_innovation_is_put_forward_once_per_period(sheet, period, alice):
    with pytest.raises(ValidationError):
        services.innovation_put_forward(actor=alice, period=period, innovation=sheet.innovation)
    assert InnovationAssessment.objects.count() == 1


def test_a_returned_sheet_is_not_withdrawn(submitted, alice, vera):
    services.sheet_return(actor=vera, sheet=submitted, note="Lengkapi bukti")
    with pytest.raises(PermissionDenied):
        services.innovation_withdraw(actor=alice, sheet=submitted)
    assert InnovationAssessment.objects.filter(pk=submitted.pk).exists()


def test_a_basis_of_another_indicator_is_refused(sheet, alice):
    other_basis = _row(sheet, 33).indicator.bases.first()
    with pytest.raises(ValidationError):
        services.entry_update(actor=alice, entry=_row(sheet, 16), level=1, basis=other_basis)
    assert _row(sheet, 16).basis is None


def test_evidence_needs_a_file_or_a_link(sheet, alice):
    with pytest.raises(ValidationError):
        services.evidence_add(actor=alice, entry=_row(sheet, 16), url="")
    assert not _row(sheet, 16).evidence.exists()


def test_rows_of_a_draft_sheet_are_not_reviewed(sheet, alice, vera, fill):
    fill(alice, sheet, {"16": 1})
    with pytest.raises(ValidationError):
        services.entry_review(actor=vera, entry=_row(sheet, 16), accept=True)
    assert _row(sheet, 16).review == Entry.Review.WAITING


def test_a_level_without_evidence_is_not_accepted(submitted, alice, vera):
    row = _row(submitted, 18)
    Entry.objects.filter(pk=row.pk).update(evidence_count=0)
    with pytest.raises(ValidationError):
        services.entry_review(actor=vera, entry=row, accept=True)
    assert _row(submitted, 18).review == Entry.Review.WAITING


def test_only_a_submitted_or_verified_sheet_is_returned(sheet, vera):
    with pytest.raises(ValidationError):
        services.sheet_return(actor=vera, sheet=sheet, note="Belum dikirim")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


def test_only_a_submitted_sheet_is_verified(submitted, vera):
    """A sheet that would pass every other check (all rows accepted) but is back in draft:
    only the status refuses it, with its own reason."""
    for row in submitted.rows.all():
        if row.needs_review:
            services.entry_review(actor=vera, entry=row, accept=True)
    type(submitted).objects.filter(pk=submitted.pk).update(status=SheetStatus.DRAFT)
    with pytest.raises(ValidationError, match="Hanya lembar yang dikirim"):
        services.sheet_verify(actor=vera, sheet=submitted)
    submitted.refresh_from_db()
    assert submitted.status == SheetStatus.DRAFT
    assert not AuditEvent.objects.filter(verb="iid_verified").exists()


@pytest.mark.parametrize("who", ["alice", "bob", "adam", "una", "oscar"])
def test_only_verifiers_return_a_sheet(cast, submitted, who):
    with pytest.raises(PermissionDenied):
        services.sheet_return(actor=cast[who], sheet=submitted, note="Lengkapi")
    submitted.refresh_from_db()
    assert submitted.status == SheetStatus.SUBMITTED


def test_one_period_per_year(period):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError):
        services.period_copy(actor=root, source=period, year=period.year)
    assert AssessmentPeriod.objects.filter(year=period.year).count() == 1


def test_only_a_system_administrator_records_rule_edits(period, adam):
    with pytest.raises(PermissionDenied):
        services.period_edited(actor=adam, period=period, changes={"weights": "edited"})
    assert not AuditEvent.objects.filter(verb="period_edited").exists()
