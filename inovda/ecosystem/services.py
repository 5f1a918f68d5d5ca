"""Writes to the five-factor registers. Each service checks access, changes the data and
records exactly one audit event per state change, in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit, bounds, files, formats, hooks
from inovda.core.notifications import notify
from inovda.core.versioning import check_version
from inovda.innovations import evidence
from inovda.innovations.models import Innovation
from inovda.innovations.selectors import handover_people
from inovda.organizations.models import Agency, LocalGovernment, Membership, Role
from inovda.organizations.selectors import people_with_role

from . import access, conf, rules
from .models import (
    RISK_EDITABLE,
    AssessmentQuestion,
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Recognition,
    Risk,
    RiskReview,
    SelfAssessment,
    TeamMember,
    TimeAllotment,
    Training,
    Tranche,
)


def _today() -> datetime.date:
    return timezone.localdate()


def _agency_side(barrier: Barrier) -> list:
    """Who on the agency side hears a barrier's answer: the person who raised it and the
    innovation's hand-over people (its agency's operators, the innovators on its team)."""
    return [barrier.raised_by, *handover_people(barrier.innovation)]


def _tell_barrier(actor, barrier: Barrier, verb: str, recipients, message: str) -> None:
    """A barrier's hand-over, in-app and by e-mail (`core.notifications`)."""
    notify(
        recipients=recipients,
        verb=verb,
        message=message,
        link=barrier.get_absolute_url(),
        skip=actor,
    )


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


# =================================================================== F2: barriers

BARRIER_TEXT_FIELDS = ["kind", "title", "description", "impact"]


def _check_precedent(actor, precedent: Barrier | None, exclude_pk=None) -> None:
    if precedent is None:
        return
    visible = access.barriers_for_user(actor).filter(
        pk=precedent.pk, status=Barrier.Status.RESOLVED
    )
    if precedent.pk == exclude_pk or not visible.exists():
        raise ValidationError({"precedent": _("Only a resolved barrier can be a precedent.")})


@transaction.atomic
def barrier_raise(*, actor, innovation: Innovation, data: dict[str, Any]) -> Barrier:
    access.require_raise_barrier(actor, innovation)
    data = dict(data)
    precedent = data.pop("precedent", None)
    _check_precedent(actor, precedent)
    barrier = Barrier(
        pemda_id=innovation.pemda_id,
        agency_id=innovation.agency_id,
        innovation=innovation,
        raised_by=actor,
        raised_on=_today(),
        precedent=precedent,
        sla_days=rules.sla_days(data.get("kind", "")),
    )
    barrier.due_on = rules.due_on(barrier.raised_on, barrier.sla_days)
    audit.model_update(
        instance=barrier,
        fields=[*BARRIER_TEXT_FIELDS, "due_on", "precedent"],
        data=data,
        actor=actor,
        verb="barrier_raised",
        target=innovation.name,
    )
    _tell_barrier(
        actor,
        barrier,
        "barrier_raised",
        people_with_role(Role.INNOVATION_UNIT, pemda_id=barrier.pemda_id),
        _("New barrier on “%(innovation)s” (%(agency)s): %(title)s. Due %(due)s.")
        % {
            "innovation": innovation.name,
            "agency": innovation.agency,
            "title": barrier.title,
            "due": formats.long_date(barrier.due_on),
        },
    )
    return barrier


@transaction.atomic
def barrier_update(
    *, actor, barrier: Barrier, data: dict[str, Any], version: int | None = None
) -> Barrier:
    barrier = _lock(Barrier, barrier.pk)
    check_version(barrier, version)
    access.require_edit_barrier(actor, barrier)
    data = dict(data)
    if "precedent" in data:
        _check_precedent(actor, data["precedent"], exclude_pk=barrier.pk)
    if "kind" in data and data["kind"] != barrier.kind:
        # A new type brings its own SLA, counted from the day the barrier was raised.
        data["sla_days"] = rules.sla_days(data["kind"])
        data["due_on"] = rules.due_on(barrier.raised_on, data["sla_days"])
    audit.model_update(
        actor=actor,
        instance=barrier,
        data=data,
        fields=[*BARRIER_TEXT_FIELDS, "sla_days", "due_on", "precedent"],
        verb="barrier_updated",
    )
    hooks.record(instance=barrier, actor=actor)  # barrier precedents in the search index
    return barrier


def _owner_ok(owner, pemda_id) -> bool:
    return owner is None or Membership.objects.filter(user=owner, pemda_id=pemda_id).exists()


@transaction.atomic
def barrier_assign(*, actor, barrier: Barrier, owner, priority: str) -> Barrier:
    barrier = _lock(Barrier, barrier.pk)
    access.require_work_barrier(actor, barrier)
    if not barrier.is_open:
        raise ValidationError(_("This barrier is no longer open."))
    if not _owner_ok(owner, barrier.pemda_id):
        raise ValidationError({"owner": _("The owner must be a member of this Pemda.")})
    data = {"owner": owner, "priority": priority}
    if owner is not None and barrier.status == Barrier.Status.OPEN:
        data["status"] = Barrier.Status.IN_PROGRESS
    audit.model_update(
        actor=actor,
        instance=barrier,
        data=data,
        fields=["owner", "priority", "status"],
        verb="barrier_assigned",
    )
    if owner is not None:
        _tell_barrier(
            actor,
            barrier,
            "barrier_assigned",
            [owner, *_agency_side(barrier)],
            _("The barrier “%(title)s” is now worked by %(owner)s (due %(due)s).")
            % {
                "title": barrier.title,
                "owner": owner.get_full_name() or owner.username,
                "due": formats.long_date(barrier.due_on),
            },
        )
    return barrier


@transaction.atomic
def barrier_escalate(*, actor, barrier: Barrier, to: str, note: str) -> Barrier:
    barrier = _lock(Barrier, barrier.pk)
    access.require_work_barrier(actor, barrier)
    if not barrier.is_open:
        raise ValidationError(_("Only an open barrier can be escalated."))
    if to not in Barrier.EscalationTarget.values:
        raise ValidationError({"to": _("Choose whom to escalate to.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what the unit needs from them.")})
    audit.model_update(
        actor=actor,
        instance=barrier,
        data={
            "status": Barrier.Status.ESCALATED,
            "escalated_to": to,
            "escalated_on": _today(),
            "escalation_note": note.strip(),
        },
        fields=["status", "escalated_to", "escalated_on", "escalation_note"],
        verb="barrier_escalated",
    )
    recipients = _agency_side(barrier)
    if to == Barrier.EscalationTarget.LEADERSHIP:
        recipients += people_with_role(Role.LEADERSHIP, pemda_id=barrier.pemda_id)
    _tell_barrier(
        actor,
        barrier,
        "barrier_escalated",
        recipients,
        _("The barrier “%(title)s” was escalated to %(to)s on %(date)s: %(note)s")
        % {
            "title": barrier.title,
            "to": barrier.get_escalated_to_display(),
            "date": formats.long_date(barrier.escalated_on),
            "note": barrier.escalation_note,
        },
    )
    return barrier


@transaction.atomic
def barrier_resolve(
    *, actor, barrier: Barrier, resolution: str, precedent: Barrier | None = None
) -> Barrier:
    barrier = _lock(Barrier, barrier.pk)
    access.require_work_barrier(actor, barrier)
    if not barrier.is_open:
        raise ValidationError(_("This barrier is no longer open."))
    if len(resolution.split()) < 5:
        raise ValidationError(
            {"resolution": _("Describe the resolution in a few sentences: others will reuse it.")}
        )
    _check_precedent(actor, precedent, exclude_pk=barrier.pk)
    data = {
        "status": Barrier.Status.RESOLVED,
        "resolution": resolution.strip(),
        "resolved_on": _today(),
        "resolved_by": actor,
    }
    if precedent is not None:
        data["precedent"] = precedent
    audit.model_update(
        actor=actor,
        instance=barrier,
        data=data,
        fields=["status", "resolution", "resolved_on", "resolved_by", "precedent"],
        verb="barrier_resolved",
    )
    _tell_barrier(
        actor,
        barrier,
        "barrier_resolved",
        _agency_side(barrier),
        _("The barrier “%(title)s” was resolved on %(date)s: %(resolution)s")
        % {
            "title": barrier.title,
            "date": formats.long_date(barrier.resolved_on),
            "resolution": barrier.resolution,
        },
    )
    hooks.record(instance=barrier, actor=actor)  # barrier precedents in the search index
    return barrier


@transaction.atomic
def barrier_reopen(*, actor, barrier: Barrier, reason: str) -> Barrier:
    barrier = _lock(Barrier, barrier.pk)
    access.require_work_barrier(actor, barrier)
    if barrier.status != Barrier.Status.RESOLVED:
        raise ValidationError(_("Only a resolved barrier can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the barrier is reopened.")})
    audit.model_update(
        instance=barrier,
        fields=["status", "resolved_on", "resolved_by"],
        data={
            "status": Barrier.Status.IN_PROGRESS if barrier.owner_id else Barrier.Status.OPEN,
            "resolved_on": None,
            "resolved_by": None,
        },
        actor=actor,
        verb="barrier_reopened",
        message=reason.strip(),
    )
    hooks.record(instance=barrier, actor=actor)  # barrier precedents in the search index
    return barrier


@transaction.atomic
def barrier_withdraw(*, actor, barrier: Barrier, reason: str = "") -> Barrier:
    barrier = _lock(Barrier, barrier.pk)
    if not barrier.is_open or not access.can_edit_barrier(actor, barrier):
        raise PermissionDenied(_("You may not withdraw this barrier."))
    reason = bounds.checked_note(reason)
    before = barrier.status
    barrier.status = Barrier.Status.WITHDRAWN
    barrier.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        verb="barrier_withdrawn",
        subject=barrier,
        message=reason,
        changes={"status": {"before": before, "after": barrier.status}},
    )
    hooks.record(instance=barrier, actor=actor)  # barrier precedents in the search index
    return barrier


@transaction.atomic
def barrier_comment(*, actor, barrier: Barrier, message: str) -> None:
    if not access.can_comment_barrier(actor, barrier):
        raise PermissionDenied(_("You may not comment on this barrier."))
    if not message.strip():
        raise ValidationError({"message": _("Write a comment first.")})
    audit.record(actor=actor, verb="barrier_commented", subject=barrier, message=message.strip())


# =================================================================== F3: risks

RISK_FIELDS = [*RISK_EDITABLE, "status"]


def _check_risk(risk: Risk) -> None:
    errors = {}
    if risk.treatment == Risk.Treatment.EXPLOIT and risk.kind != Risk.Kind.OPPORTUNITY:
        errors["treatment"] = _("Only an opportunity is exploited.")
    if risk.treatment in (Risk.Treatment.AVOID, Risk.Treatment.TRANSFER) and (
        risk.kind == Risk.Kind.OPPORTUNITY
    ):
        errors["treatment"] = _("An opportunity is exploited, reduced or accepted.")
    if (risk.residual_likelihood is None) != (risk.residual_impact is None):
        errors["residual_impact"] = _("Give both residual likelihood and impact, or neither.")
    if not _owner_ok(risk.owner, risk.pemda_id):
        errors["owner"] = _("The owner must be a member of this Pemda.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def risk_add(*, actor, innovation: Innovation, data: dict[str, Any]) -> Risk:
    access.require_manage_risks(actor, innovation)
    data = dict(data)
    data.setdefault("review_on", _today() + datetime.timedelta(days=conf.get("RISK_REVIEW_DAYS")))
    risk = Risk(
        pemda_id=innovation.pemda_id,
        agency_id=innovation.agency_id,
        innovation=innovation,
        identified_on=_today(),
    )
    audit.model_update(
        instance=risk,
        fields=RISK_FIELDS,
        data=data,
        actor=actor,
        verb="risk_added",
        target=innovation.name,
    )
    _check_risk(risk)  # after the save: a refusal rolls the transaction back
    return risk


@transaction.atomic
def risk_update(*, actor, risk: Risk, data: dict[str, Any], version: int | None = None) -> Risk:
    risk = _lock(Risk, risk.pk)
    check_version(risk, version)
    access.require_manage_risks(actor, risk.innovation)
    if risk.status == Risk.Status.CLOSED:
        raise ValidationError(_("A closed risk is kept as it was."))
    audit.model_update(
        instance=risk, fields=RISK_FIELDS, data=data, actor=actor, verb="risk_updated"
    )
    _check_risk(risk)  # after the save: a refusal rolls the transaction back
    return risk


@transaction.atomic
def risk_review(
    *,
    actor,
    risk: Risk,
    likelihood: int,
    impact: int,
    next_review_on: datetime.date,
    residual_likelihood: int | None = None,
    residual_impact: int | None = None,
    note: str = "",
) -> RiskReview:
    """Record a review: the ratings as they stand now and the next review date. The review
    answers the review date that was due, so the register's currency can be measured."""
    risk = _lock(Risk, risk.pk)
    access.require_manage_risks(actor, risk.innovation)
    if risk.status == Risk.Status.CLOSED:
        raise ValidationError(_("A closed risk is not reviewed."))
    today = _today()
    if next_review_on <= today:
        raise ValidationError({"next_review_on": _("The next review must be after today.")})
    review = RiskReview(
        risk=risk,
        due_on=risk.review_on,
        reviewed_on=today,
        reviewed_by=actor,
        likelihood=likelihood,
        impact=impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        note=note.strip(),
    )
    review.full_clean()
    data = {
        "likelihood": likelihood,
        "impact": impact,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
        "review_on": next_review_on,
        "last_reviewed_on": today,
    }
    changes = audit.model_update(instance=risk, fields=list(data), data=data)
    _check_risk(risk)  # after the save: a refusal rolls the transaction back
    review.save()
    audit.record(
        actor=actor, verb="risk_reviewed", subject=risk, message=review.note, changes=changes
    )
    return review


@transaction.atomic
def risk_close(*, actor, risk: Risk, note: str = "") -> Risk:
    risk = _lock(Risk, risk.pk)
    access.require_manage_risks(actor, risk.innovation)
    if risk.status == Risk.Status.CLOSED:
        raise ValidationError(_("This risk is already closed."))
    note = bounds.checked_note(note)
    # The change of status is in the history, so a past year's heat map knows the risk
    # was still open then (`selectors.risks_open_on`).
    audit.model_update(
        actor=actor,
        instance=risk,
        data={"status": Risk.Status.CLOSED, "closed_on": _today()},
        fields=["status", "closed_on"],
        verb="risk_closed",
        message=note,
    )
    return risk


# =================================================================== F5: budget

BUDGET_FIELDS = ["fiscal_year", "source", "account_code", "description", "allocated"]


@transaction.atomic
def budget_line_add(*, actor, innovation: Innovation, data: dict[str, Any]) -> BudgetLine:
    access.require_manage_budget(actor, innovation)
    line = BudgetLine(
        pemda_id=innovation.pemda_id, agency_id=innovation.agency_id, innovation=innovation
    )
    if data.get("allocated") is not None and data["allocated"] <= 0:
        raise ValidationError({"allocated": _("The allocation must be more than zero.")})
    audit.model_update(
        instance=line,
        fields=BUDGET_FIELDS,
        data=data,
        actor=actor,
        verb="budget_line_added",
        target=innovation.name,
    )
    return line


@transaction.atomic
def budget_line_update(
    *, actor, line: BudgetLine, data: dict[str, Any], version: int | None = None
) -> BudgetLine:
    line = _lock(BudgetLine, line.pk)
    check_version(line, version)
    access.require_manage_budget(actor, line.innovation)
    new = data.get("allocated", line.allocated)
    if new != line.allocated and (new < line.realised or new < _tranche_total(line)):
        raise ValidationError(
            {"allocated": _("The allocation cannot fall below what is realised or planned.")}
        )
    audit.model_update(
        actor=actor, instance=line, data=data, fields=BUDGET_FIELDS, verb="budget_line_updated"
    )
    return line


@transaction.atomic
def budget_line_record_realisation(
    *, actor, line: BudgetLine, realised: Decimal, as_of: datetime.date
) -> BudgetLine:
    """Enter the amount realised so far (SP2D/SPJ), as of a date."""
    line = _lock(BudgetLine, line.pk)
    access.require_manage_budget(actor, line.innovation)
    if realised < 0:
        raise ValidationError({"realised": _("The realisation cannot be negative.")})
    if as_of > _today():
        raise ValidationError({"as_of": _("The date cannot be in the future.")})
    audit.model_update(
        actor=actor,
        instance=line,
        data={
            "realised": realised,
            "realised_as_of": as_of,
            "realised_source": BudgetLine.RealisedSource.ENTERED,
        },
        fields=["realised", "realised_as_of", "realised_source"],
        verb="budget_realised",
    )
    return line


@transaction.atomic
def budget_realisation_from_reports(*, innovation_id: int, fiscal_year: int, actor=None):
    """Budget realisation has one source: the spending the progress reports carry. Each
    budget line of the fiscal year takes the sum of what the year's reports booked on it
    say was realised (as of the last period reported); the only line of a year also takes
    the reports that name no line. A line no report fed keeps what was entered. Returns the
    lines changed (None when none)."""
    from .selectors import reports_feeding

    lines = list(
        BudgetLine.objects.select_for_update()
        .filter(innovation_id=innovation_id, fiscal_year=fiscal_year)
        .order_by("id")
    )
    changed = []
    for line in lines:
        reported = reported_spending(reports_feeding(line, alone=len(lines) == 1))
        if reported is None:
            continue
        audit.model_update(
            actor=actor,
            instance=line,
            data={
                "realised": reported["realised"],
                "realised_as_of": reported["as_of"],
                "realised_source": BudgetLine.RealisedSource.REPORTS,
            },
            fields=["realised", "realised_as_of", "realised_source"],
            verb="budget_realised",
            message=_("From the progress reports of %(year)d.") % {"year": fiscal_year},
        )
        changed.append(line)
    return changed or None


def reported_spending(reports) -> dict | None:
    """What the progress reports `reports` say was realised, and as of when."""
    from django.db.models import Max, Sum

    row = reports.filter(budget_realised__isnull=False).aggregate(
        realised=Sum("budget_realised"), as_of=Max("period_end")
    )
    return row if row["realised"] is not None else None


@transaction.atomic
def reallocation_request(
    *, actor, from_line: BudgetLine, to_line: BudgetLine, amount: Decimal, reason: str
) -> Reallocation:
    access.require_manage_budget(actor, from_line.innovation)
    if (from_line.agency_id, from_line.fiscal_year) != (to_line.agency_id, to_line.fiscal_year):
        raise ValidationError(
            {"to_line": _("Money moves between lines of the same agency and fiscal year.")}
        )
    if from_line.pk == to_line.pk:
        raise ValidationError({"to_line": _("Choose another line to move the money to.")})
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    if amount > from_line.allocated - from_line.realised:
        raise ValidationError(
            {"amount": _("Only the unspent part of the line (allocated − realised) can move.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the money should move.")})
    request = Reallocation(
        pemda_id=from_line.pemda_id,
        agency_id=from_line.agency_id,
        from_line=from_line,
        to_line=to_line,
        amount=amount,
        reason=reason.strip(),
        requested_by=actor,
        requested_on=_today(),
    )
    audit.model_update(
        instance=request,
        fields=["from_line", "to_line", "amount", "reason"],
        data={},
        actor=actor,
        verb="reallocation_requested",
    )
    notify(
        recipients=people_with_role(*conf.get("BUDGET_APPROVER_ROLES"), pemda_id=request.pemda_id),
        verb="reallocation_requested",
        message=_("%(who)s asks to move Rp %(amount)s from “%(from)s” to “%(to)s”: %(reason)s")
        % {
            "who": actor.get_full_name() or actor.username,
            "amount": intcomma(int(amount)),
            "from": from_line.description,
            "to": to_line.description,
            "reason": request.reason,
        },
        link=reverse("ecosystem:reallocation_list"),
        skip=actor,
    )
    return request


@transaction.atomic
def reallocation_decide(
    *, actor, reallocation: Reallocation, approve: bool, note: str = ""
) -> Reallocation:
    """Approve (the amount moves between the two lines) or reject a pending request."""
    reallocation = _lock(Reallocation, reallocation.pk)
    access.require_approve_budget(actor, reallocation.pemda_id)
    if reallocation.status != Reallocation.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the request is rejected.")})
    if approve:
        source = _lock(BudgetLine, reallocation.from_line_id)
        target = _lock(BudgetLine, reallocation.to_line_id)
        if reallocation.amount > source.allocated - source.realised:
            raise ValidationError(
                _("The source line no longer has that much unspent; ask for a new request.")
            )
        source.allocated -= reallocation.amount
        target.allocated += reallocation.amount
        source.save(update_fields=["allocated", "updated_at"])
        target.save(update_fields=["allocated", "updated_at"])
    reallocation.status = Reallocation.Status.APPROVED if approve else Reallocation.Status.REJECTED
    reallocation.decided_by = actor
    reallocation.decided_on = _today()
    reallocation.decision_note = note.strip()
    reallocation.save()
    audit.record(
        actor=actor,
        verb="reallocation_approved" if approve else "reallocation_rejected",
        subject=reallocation,
        message=reallocation.decision_note,
        changes={"status": {"before": "pending", "after": reallocation.status}},
    )
    decided = (
        _("Your request to move Rp %(amount)s from “%(from)s” was approved on %(date)s.")
        if approve
        else _("Your request to move Rp %(amount)s from “%(from)s” was rejected on %(date)s.")
    ) % {
        "amount": intcomma(int(reallocation.amount)),
        "from": reallocation.from_line.description,
        "date": formats.long_date(reallocation.decided_on),
    }
    if reallocation.decision_note:
        decided += " " + reallocation.decision_note
    notify(
        recipients=[reallocation.requested_by],
        verb="reallocation_decided",
        message=decided,
        link=reverse("ecosystem:reallocation_list"),
        skip=actor,
    )
    return reallocation


@transaction.atomic
def reallocation_withdraw(*, actor, reallocation: Reallocation) -> Reallocation:
    reallocation = _lock(Reallocation, reallocation.pk)
    access.require_manage_budget(actor, reallocation.from_line.innovation)
    if reallocation.status != Reallocation.Status.PENDING:
        raise ValidationError(_("Only a pending request can be withdrawn."))
    reallocation.status = Reallocation.Status.WITHDRAWN
    reallocation.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, verb="reallocation_withdrawn", subject=reallocation)
    return reallocation


def _tranche_total(line: BudgetLine) -> Decimal:
    return line.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def tranche_plan(*, actor, line: BudgetLine, gate: str, amount: Decimal) -> Tranche:
    line = _lock(BudgetLine, line.pk)
    access.require_manage_budget(actor, line.innovation)
    if gate not in conf.get("TRANCHE_GATES"):
        raise ValidationError({"gate": _("Choose a lifecycle gate.")})
    if amount <= 0 or _tranche_total(line) + amount > line.allocated:
        raise ValidationError({"amount": _("The tranches cannot add up to more than the line.")})
    tranche = Tranche.objects.create(line=line, gate=gate, amount=amount)
    audit.record(
        actor=actor,
        verb="tranche_planned",
        subject=line,
        target=f"{tranche.gate_label}: {formats.money(amount)}",
    )
    return tranche


@transaction.atomic
def tranche_release(*, actor, tranche: Tranche) -> Tranche:
    tranche = (
        Tranche.objects.select_for_update().select_related("line__innovation").get(pk=tranche.pk)
    )
    line = tranche.line
    access.require_approve_budget(actor, line.pemda_id)
    if tranche.status == Tranche.Status.RELEASED:
        raise ValidationError(_("This tranche was already released."))
    if not rules.gate_reached(status=line.innovation.status, gate=tranche.gate):
        raise ValidationError(
            _("The innovation has not reached “%(gate)s” yet.") % {"gate": tranche.gate_label}
        )
    if tranche.gate == conf.get("TRANCHE_GATES")[-1]:  # the scale-up money
        refusal = evidence.gate_problem(line.innovation, "scale_up_budget")
        if refusal:
            raise ValidationError(refusal)
    tranche.status = Tranche.Status.RELEASED
    tranche.released_on = _today()
    tranche.released_by = actor
    tranche.save()
    audit.record(
        actor=actor,
        verb="tranche_released",
        subject=line,
        target=f"{tranche.gate_label}: {formats.money(tranche.amount)}",
    )
    return tranche


# =================================================================== F1: innovators

INNOVATOR_FIELDS = ["name", "kind", "agency", "position", "skills", "user", "is_active"]


@transaction.atomic
def innovator_save(
    *, actor, pemda: LocalGovernment, data: dict[str, Any], innovator: Innovator | None = None
) -> Innovator:
    """Create (innovator=None) or update a profile."""
    agency: Agency | None = data.get("agency", innovator.agency if innovator else None)
    if agency is not None and agency.pemda_id != pemda.pk:
        raise ValidationError({"agency": _("The agency belongs to another Pemda.")})
    if innovator is not None:
        innovator = _lock(Innovator, innovator.pk)
        access.require_manage_innovators(actor, innovator.pemda_id, innovator.agency_id)
    access.require_manage_innovators(actor, pemda.pk, agency.pk if agency else None)
    innovator = innovator or Innovator(pemda=pemda)
    audit.model_update(
        instance=innovator,
        fields=INNOVATOR_FIELDS,
        data=data,
        actor=actor,
        verb="innovator_saved",
    )
    return innovator


def _check_profile(actor, innovator: Innovator) -> None:
    access.require_manage_innovators(actor, innovator.pemda_id, innovator.agency_id)


@transaction.atomic
def team_member_add(
    *, actor, innovator: Innovator, innovation: Innovation, role: str
) -> TeamMember:
    _check_profile(actor, innovator)
    if innovation.pemda_id != innovator.pemda_id:
        raise ValidationError({"innovation": _("The innovation belongs to another Pemda.")})
    member, created = TeamMember.objects.update_or_create(
        innovator=innovator, innovation=innovation, defaults={"role": role}
    )
    audit.record(
        actor=actor,
        verb="team_joined",
        subject=innovator,
        target=f"{innovation.name} ({member.get_role_display()})",
    )
    return member


@transaction.atomic
def training_add(*, actor, innovator: Innovator, data: dict[str, Any]) -> Training:
    _check_profile(actor, innovator)
    training = Training(innovator=innovator)
    audit.model_update(
        instance=training, fields=["kind", "title", "organiser", "held_on", "hours"], data=data
    )
    audit.record(
        actor=actor,
        verb="training_added",
        subject=innovator,
        target=f"{training.get_kind_display()}: {training.title}",
    )
    return training


@transaction.atomic
def recognition_add(
    *, actor, innovator: Innovator, data: dict[str, Any], upload=None
) -> Recognition:
    _check_profile(actor, innovator)
    recognition = Recognition(innovator=innovator)
    if upload is not None:
        files.store(
            recognition,
            "evidence",
            upload=upload,
            prefix="recognitions",
            attrs={"original_name": "evidence_name", "content_type": "evidence_type"},
        )
    audit.model_update(
        instance=recognition, fields=["kind", "title", "given_by", "given_on", "amount"], data=data
    )
    audit.record(
        actor=actor,
        verb="recognition_added",
        subject=innovator,
        target=f"{recognition.get_kind_display()}: {recognition.title}",
    )
    return recognition


@transaction.atomic
def time_allot(
    *, actor, innovator: Innovator, year: int, hours_per_week: Decimal, basis: str = ""
) -> TimeAllotment:
    _check_profile(actor, innovator)
    allotment = TimeAllotment.objects.filter(innovator=innovator, year=year).first()
    allotment = allotment or TimeAllotment(innovator=innovator, year=year)
    before = str(allotment.hours_per_week) if allotment.pk else None
    allotment.hours_per_week = hours_per_week
    allotment.basis = basis
    allotment.full_clean()
    allotment.save()
    audit.record(
        actor=actor,
        verb="time_allotted",
        subject=innovator,
        target=f"{year}: {hours_per_week} h/week",
        changes={"hours_per_week": {"before": before, "after": str(hours_per_week)}},
    )
    return allotment


# =================================================================== self-assessment


@transaction.atomic
def self_assessment_save(
    *,
    actor,
    pemda: LocalGovernment,
    agency: Agency | None,
    year: int,
    answers: dict[str, int],
    note: str = "",
) -> SelfAssessment:
    if agency is not None and agency.pemda_id != pemda.pk:
        raise ValidationError(_("The agency belongs to another Pemda."))
    access.require_self_assess(actor, pemda.pk, agency.pk if agency else None)
    known = set(AssessmentQuestion.objects.filter(is_active=True).values_list("code", flat=True))
    clean = {}
    for code, value in answers.items():
        if code not in known:
            raise ValidationError(_("Unknown question %(code)s.") % {"code": code})
        if value in (None, ""):
            continue
        if int(value) not in range(1, 6):
            raise ValidationError(_("Answers are levels from 1 to 5."))
        clean[code] = int(value)
    assessment = (
        SelfAssessment.objects.select_for_update()
        .filter(pemda=pemda, agency=agency, year=year)
        .first()
    ) or SelfAssessment(pemda=pemda, agency=agency, year=year)
    before = dict(assessment.answers) if assessment.pk else {}
    assessment.answers = clean
    assessment.note = note.strip()
    assessment.assessed_by = actor
    assessment.save()
    audit.record(
        actor=actor,
        verb="self_assessed",
        subject=assessment,
        changes={
            code: {"before": before.get(code), "after": clean.get(code)}
            for code in sorted(set(before) | set(clean))
            if before.get(code) != clean.get(code)
        },
    )
    return assessment
