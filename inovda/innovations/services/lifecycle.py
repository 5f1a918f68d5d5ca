"""The lifecycle's writes: every status change goes through `innovation_transition`,
driven by the table in `inovda.innovations.lifecycle`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit, hooks
from inovda.core.notifications import notify
from inovda.organizations.models import Role

from .. import access, lifecycle
from ..models import (
    Attachment,
    FeasibilityReview,
    Innovation,
    LegalInstrument,
    PanelMember,
)
from ..selectors import handover_people, pemda_staff
from .health import refresh_on_commit
from .lessons import closure_lesson_write
from .registry import attachment_store

S = Innovation.Status

__all__ = [
    "innovation_submit",
    "innovation_transition",
    "panel_member_add",
    "panel_recommendation_record",
    "trial_report_save",
    "open_review",
]


def open_review(innovation: Innovation) -> FeasibilityReview | None:
    return innovation.reviews.filter(decided_at=None).first()


def _record_instrument(actor, innovation, purpose, data) -> LegalInstrument:
    document = attachment_store(
        actor=actor,
        innovation=innovation,
        upload=data["instrument_file"],
        description=_("%(kind)s number %(number)s")
        % {
            "kind": LegalInstrument.Kind(data["instrument_kind"]).label,
            "number": data["instrument_number"],
        },
        purpose=Attachment.Purpose.INSTRUMENT,
    )
    return LegalInstrument.objects.create(
        innovation=innovation,
        purpose=purpose,
        kind=data["instrument_kind"],
        number=data["instrument_number"],
        issued_on=data["instrument_date"],
        document=document,
        created_by=actor,
    )


def _stamp_submitted(actor, innovation, data, now):
    innovation.submitted_at = now


def _open_review(actor, innovation, data, now):
    last = innovation.reviews.order_by("-round").first()
    FeasibilityReview.objects.create(
        innovation=innovation, round=(last.round + 1) if last else 1, opened_by=actor
    )


def _start_trial(actor, innovation, data, now):
    innovation.trial_start = data.get("planned_start") or innovation.trial_start
    innovation.trial_end = data.get("planned_end") or innovation.trial_end
    innovation.trial_actual_start = data.get("actual_start") or timezone.localdate()


def _start_implementation(actor, innovation, data, now):
    innovation.implementation_start = data["implementation_start"]


def _remember_source(actor, innovation, data, now):
    innovation.discontinued_from = innovation.status


def _forget_source(actor, innovation, data, now):
    innovation.discontinued_from = ""


def _closure_lesson(actor, innovation, data, now):
    """The no-blame closure: a lesson, when its four fields are given (required for a
    running innovation by the row's `lessons_given` check)."""
    if all((data.get(f) or "").strip() for f in lifecycle.LESSONS_FIELDS):
        closure_lesson_write(
            actor=actor,
            innovation=innovation,
            data={
                field: data[key].strip() for key, field in lifecycle.CLOSURE_LESSON_FIELDS.items()
            },
        )


# The effects the rows of lifecycle.TRANSITIONS name, before the status changes.
EFFECTS = {
    "stamp_submitted": _stamp_submitted,
    "open_review": _open_review,
    "start_trial": _start_trial,
    "start_implementation": _start_implementation,
    "remember_source": _remember_source,
    "forget_source": _forget_source,
    "closure_lesson": _closure_lesson,
}
_unknown = {e for t in lifecycle.TRANSITIONS.values() for e in t.effects} - set(EFFECTS)
assert not _unknown, f"lifecycle rows name unknown effects: {_unknown}"


def _apply_effects(actor, innovation: Innovation, t: lifecycle.Transition, data: dict) -> None:
    now = timezone.now()
    for name in t.effects:
        EFFECTS[name](actor, innovation, data, now)
    if t.decision:
        review = open_review(innovation)
        if review is not None:
            review.decision = t.decision
            review.decision_note = (data.get("reason") or data.get("note") or "").strip()
            review.decided_by = actor
            review.decided_at = now
            review.save()
    if t.instrument:
        _record_instrument(actor, innovation, t.instrument, data)


@transaction.atomic
def innovation_transition(
    *, actor, innovation: Innovation, name: str, data: dict | None = None
) -> Innovation:
    """Move the innovation one step along the lifecycle, or say why not.

    Raises PermissionDenied when the actor's role may not take the step, ValidationError
    when the status or a precondition does not allow it (with every reason).
    """
    data = dict(data or {})
    t = lifecycle.get(name)
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    lifecycle.refusal(actor, innovation, t, data)
    before = {"status": innovation.status, "stage": innovation.stage}
    target = lifecycle.target_of(t, innovation)
    _apply_effects(actor, innovation, t, data)
    innovation.clean()  # the dates the step set must be possible (rolls the step back)
    innovation.status = target
    if target in lifecycle.STAGE_OF:
        innovation.stage = lifecycle.STAGE_OF[target]
    reason = (data.get("reason") or data.get("note") or "").strip()
    innovation.status_reason = reason
    innovation.status_changed_at = timezone.now()
    innovation.save()
    after = {"status": innovation.status, "stage": innovation.stage}
    audit.record(
        actor=actor,
        verb=t.verb,
        subject=innovation,
        message=reason,
        changes=audit.diff(before, after),
    )
    if t.notify:
        NOTIFY[t.notify](innovation, t, reason)
    hooks.transitioned(
        innovation=innovation,
        step=t.name,
        source=before["status"],
        target=target,
        actor=actor,
        data=data,
    )
    refresh_on_commit(innovation)
    return innovation


def innovation_submit(*, actor, innovation: Innovation) -> Innovation:
    """Usulan: the first step of the lifecycle (see lifecycle.TRANSITIONS["submit"])."""
    return innovation_transition(actor=actor, innovation=innovation, name="submit")


def _notify_steering(innovation: Innovation, t: lifecycle.Transition, reason: str) -> None:
    notify(
        recipients=pemda_staff(innovation, Role.PEMDA_ADMIN, Role.INNOVATION_UNIT),
        verb="review_requested",
        message=_("“%(name)s” (%(agency)s) was submitted and waits for its feasibility review.")
        % {"name": innovation.name, "agency": innovation.agency},
        link=innovation.get_absolute_url(),
    )


def _notify_team(innovation: Innovation, t: lifecycle.Transition, reason: str) -> None:
    message = _("“%(name)s”: %(step)s. Status now: %(status)s.") % {
        "name": innovation.name,
        "step": t.label,
        "status": innovation.get_status_display(),
    }
    if reason:
        message += " " + _("Reason: %(reason)s") % {"reason": reason}
    notify(
        recipients=handover_people(innovation),
        verb="decision_made",
        message=message,
        link=innovation.get_absolute_url(),
    )


# Whom a row's `notify` names.
NOTIFY = {"steering": _notify_steering, "team": _notify_team}


@transaction.atomic
def panel_member_add(
    *,
    actor,
    innovation: Innovation,
    name: str,
    kind: str,
    affiliation: str = "",
    user=None,
) -> PanelMember:
    access.require_steer(actor, innovation)
    innovation.refresh_from_db(fields=["status"])
    review = open_review(innovation)
    if innovation.status != S.UNDER_REVIEW or review is None:
        raise ValidationError(_("Panel members are added while the feasibility review is open."))
    if not name.strip():
        raise ValidationError(_("The member's name is required."))
    member = PanelMember.objects.create(
        review=review, name=name.strip(), kind=kind, affiliation=affiliation.strip(), user=user
    )
    audit.record(
        actor=actor,
        verb="panel_member_added",
        subject=innovation,
        target=member.name,
        message=", ".join(filter(None, [str(member.get_kind_display()), member.affiliation])),
    )
    if user is not None:
        notify(
            recipients=[user],
            verb="review_requested",
            message=_("You sit on the feasibility review panel of “%(name)s”.")
            % {"name": innovation.name},
            link=innovation.get_absolute_url(),
        )
    return member


@transaction.atomic
def panel_recommendation_record(
    *, actor, member: PanelMember, recommendation: str, note: str = ""
) -> PanelMember:
    member = PanelMember.objects.select_related("review__innovation").get(pk=member.pk)
    innovation = member.review.innovation
    if not (access.can_steer(actor, innovation) or (member.user_id and member.user_id == actor.pk)):
        raise PermissionDenied(
            _("Only the member, the Pemda admin or the innovation unit record this.")
        )
    if member.review.decided_at is not None:
        raise ValidationError(_("This review is already decided."))
    if recommendation not in dict(member._meta.get_field("recommendation").choices):
        raise ValidationError(_("Choose a recommendation."))
    member.recommendation = recommendation
    member.recommendation_note = note.strip()
    member.recommended_at = timezone.now()
    member.save()
    audit.record(
        actor=actor,
        verb="recommendation_recorded",
        subject=innovation,
        target=member.name,
        message=f"{member.get_recommendation_display()}. {member.recommendation_note}".strip(),
    )
    return member


@transaction.atomic
def trial_report_save(
    *, actor, innovation: Innovation, actual_end, report: str, upload=None
) -> Innovation:
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    access.require_report(actor, innovation)
    if innovation.status != S.TRIAL:
        raise ValidationError(_("The trial report is recorded while the innovation is in trial."))
    problems = []
    if not report.strip():
        problems.append(_("Write the trial's findings."))
    if not actual_end:
        problems.append(_("The actual end of the trial is required."))
    elif innovation.trial_actual_start and actual_end < innovation.trial_actual_start:
        problems.append(_("The trial cannot end before it started."))
    if problems:
        raise ValidationError(problems)
    changes = audit.model_update(
        instance=innovation,
        fields=["trial_actual_end", "trial_report"],
        data={"trial_actual_end": actual_end, "trial_report": report.strip()},
    )
    if upload is not None:
        attachment_store(
            actor=actor,
            innovation=innovation,
            upload=upload,
            description=_("Trial report"),
            purpose=Attachment.Purpose.TRIAL_REPORT,
        )
    audit.record(
        actor=actor,
        verb="trial_report_saved",
        subject=innovation,
        changes=changes,
    )
    return innovation
