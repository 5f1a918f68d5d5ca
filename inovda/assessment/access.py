"""Who may do what in the IID assessment. Objects are resolved through the user with the
registry's helpers (`innovation_for_user`, `pemdas_for_user`): outside scope is a 404;
visible but not allowed is a 403 (raised by the services).

- operators fill the SID sheets of their own agency's innovations (the Pemda admin may
  fill any of the Pemda's), only while the sheet is a draft or returned, and the period
  is open; an innovator fills the sheet of an innovation they lead (its person in
  charge, in their agency), but the agency's operator (or the Pemda admin) submits it;
  the other roles read;
- only the Pemda admin fills the SPD sheet;
- only verifiers accept or reject rows, return or verify sheets;
- exports for the national window: Pemda admin, innovation unit, verifier, leadership.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from inovda.innovations.access import innovation_for_user
from inovda.innovations.models import Innovation
from inovda.organizations import access as org
from inovda.organizations.models import LocalGovernment, Role

from .models import AssessmentPeriod, Entry, Evidence, InnovationAssessment, PemdaAssessment

# Innovations that may be put forward: those in implementation (penerapan).
ASSESSABLE_STATUSES = frozenset({Innovation.Status.IMPLEMENTED})
EXPORT_ROLES = (Role.PEMDA_ADMIN, Role.INNOVATION_UNIT, Role.VERIFIER, Role.LEADERSHIP)


def pemda_for_user(user, pk) -> LocalGovernment:
    try:
        return org.pemdas_for_user(user).get(pk=pk)
    except (LocalGovernment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _fills_for_agency(user, innovation: Innovation) -> bool:
    return org.has_role(user, innovation.pemda_id, Role.PEMDA_ADMIN) or (
        innovation.agency_id in org.agency_ids_with_role(user, Role.OPERATOR)
    )


def put_forward_filter(user, period: AssessmentPeriod, pemda_id: int) -> dict | None:
    """`can_put_forward` as queryset filter arguments for one Pemda's innovations (None:
    none can be), so that a list of candidates is cut in the database, not row by row."""
    if not period.is_open():
        return None
    statuses = {"status__in": ASSESSABLE_STATUSES}
    if org.has_role(user, pemda_id, Role.PEMDA_ADMIN):
        return statuses
    return {**statuses, "agency_id__in": org.agency_ids_with_role(user, Role.OPERATOR)}


def can_put_forward(user, period: AssessmentPeriod, innovation: Innovation) -> bool:
    return (
        period.is_open()
        and innovation.status in ASSESSABLE_STATUSES
        and _fills_for_agency(user, innovation)
    )


def leads(user, innovation: Innovation) -> bool:
    """The user is an innovator of the innovation's agency and its person in charge."""
    return innovation.owner_id == getattr(user, "pk", None) and (
        innovation.agency_id in org.agency_ids_with_role(user, Role.INNOVATOR)
    )


def can_fill(user, sheet: InnovationAssessment | PemdaAssessment) -> bool:
    if not (sheet.is_editable and sheet.period.is_open()):
        return False
    if isinstance(sheet, PemdaAssessment):
        return org.has_role(user, sheet.pemda_id, Role.PEMDA_ADMIN)
    return _fills_for_agency(user, sheet.innovation) or leads(user, sheet.innovation)


def can_submit(user, sheet: InnovationAssessment | PemdaAssessment) -> bool:
    """Send the sheet to the verifiers: who fills it, except an innovator (the operator
    answers for the agency's sheets)."""
    if not can_fill(user, sheet):
        return False
    if isinstance(sheet, PemdaAssessment):
        return True
    return _fills_for_agency(user, sheet.innovation)


def can_verify(user, pemda_id: int) -> bool:
    return org.has_role(user, pemda_id, Role.VERIFIER)


def can_start_spd(user, period: AssessmentPeriod, pemda_id: int) -> bool:
    return (
        period.is_regional and period.is_open() and org.has_role(user, pemda_id, Role.PEMDA_ADMIN)
    )


def can_export(user, pemda_id: int) -> bool:
    return org.has_role(user, pemda_id, *EXPORT_ROLES)


# One refusal per rule: views and services call these.


def require_fill(user, sheet: InnovationAssessment | PemdaAssessment) -> None:
    """Refuse filling with the reason that applies: the sheet's status, the closed period,
    or the role."""
    if can_fill(user, sheet):
        return
    org.require(
        sheet.is_editable, _("This sheet is under review or verified; it cannot be changed now.")
    )
    org.require(sheet.period.is_open(), _("The assessment period is closed."))
    org.require(False, _("You may not fill this sheet."))


def require_submit(user, sheet: InnovationAssessment | PemdaAssessment) -> None:
    """Refuse submitting: the filling rules first, then the innovator's limit."""
    if can_submit(user, sheet):
        return
    require_fill(user, sheet)
    org.require(False, _("The agency's operator submits this sheet to the verifiers."))


def require_verify(user, pemda_id: int) -> None:
    org.require(can_verify(user, pemda_id), _("Only verifiers verify."))


def require_export(user, pemda_id: int) -> None:
    org.require(can_export(user, pemda_id), _("Your role does not export for the national window."))


def require_rules_editor(user) -> None:
    org.require(
        getattr(user, "is_superuser", False), _("Only a system administrator edits the IID rules.")
    )


def sheet_for_user(user, period: AssessmentPeriod, innovation_pk) -> InnovationAssessment:
    """The innovation's sheet for `period`, if the user may read the innovation."""
    innovation = innovation_for_user(user, innovation_pk)
    try:
        return InnovationAssessment.objects.select_related("period", "innovation__agency").get(
            period=period, innovation=innovation
        )
    except InnovationAssessment.DoesNotExist:
        raise Http404 from None


def entry_for_user(user, pk) -> Entry:
    """A row, resolved through its sheet's innovation or Pemda."""
    try:
        entry = Entry.objects.select_related(
            "indicator",
            "innovation_assessment__period",
            "innovation_assessment__innovation",
            "pemda_assessment__period",
        ).get(pk=pk)
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if entry.innovation_assessment_id:
        innovation_for_user(user, entry.innovation_assessment.innovation_id)
    else:
        pemda_for_user(user, entry.pemda_assessment.pemda_id)
    return entry


def evidence_for_user(user, pk) -> Evidence:
    try:
        evidence = Evidence.objects.only("id", "entry_id").get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    entry = entry_for_user(user, evidence.entry_id)
    return Evidence.objects.select_related("entry").get(pk=evidence.pk, entry=entry)
