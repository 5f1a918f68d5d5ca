"""Change agents (agen perubahan): assignment, reviews and the innovator's answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit
from inovda.core.notifications import notify
from inovda.organizations import access as org_access
from inovda.organizations.models import Role

from .. import access
from ..models import AgentAssignment, AgentReview, Innovation
from ..selectors import handover_people

__all__ = [
    "agent_assign",
    "agent_unassign",
    "agent_review_write",
    "agent_review_answer",
]


def _name(user) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def agent_assign(*, actor, innovation: Innovation, agent) -> AgentAssignment:
    access.require_steer(actor, innovation)
    if innovation.pemda_id not in org_access.pemda_ids_with_role(agent, Role.CHANGE_AGENT):
        raise ValidationError(
            _("%(name)s is not a change agent of this Pemda.") % {"name": _name(agent)}
        )
    if innovation.status == Innovation.Status.DRAFT:
        raise ValidationError(_("Agents are assigned to submitted innovations."))
    if innovation.agent_assignments.filter(agent=agent, ended_at=None).exists():
        raise ValidationError(_("%(name)s is already assigned.") % {"name": _name(agent)})
    assignment = AgentAssignment.objects.create(
        innovation=innovation, agent=agent, assigned_by=actor
    )
    audit.record(actor=actor, verb="agent_assigned", subject=innovation, target=_name(agent))
    notify(
        recipients=[agent],
        verb="review_requested",
        message=_("You are the change agent of “%(name)s”: review what the innovator does.")
        % {"name": innovation.name},
        link=innovation.get_absolute_url() + "#agents",
    )
    return assignment


@transaction.atomic
def agent_unassign(*, actor, assignment: AgentAssignment) -> None:
    innovation = assignment.innovation
    access.require_steer(actor, innovation)
    if assignment.ended_at is None:
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at"])
        audit.record(
            actor=actor, verb="agent_unassigned", subject=innovation, target=_name(assignment.agent)
        )


@transaction.atomic
def agent_review_write(
    *, actor, innovation: Innovation, findings: str, recommendations: str
) -> AgentReview:
    access.require_assigned_agent(actor, innovation)
    if not findings.strip() or not recommendations.strip():
        raise ValidationError(_("Write both the findings and the recommendations."))
    review = AgentReview.objects.create(
        innovation=innovation,
        agent=actor,
        findings=findings.strip(),
        recommendations=recommendations.strip(),
    )
    audit.record(
        actor=actor, verb="agent_review", subject=innovation, message=review.recommendations
    )
    notify(
        recipients=handover_people(innovation),
        verb="agent_review",
        message=_("%(agent)s reviewed “%(name)s”. Please answer.")
        % {"agent": _name(actor), "name": innovation.name},
        link=innovation.get_absolute_url() + "#agents",
    )
    return review


@transaction.atomic
def agent_review_answer(*, actor, review: AgentReview, response: str) -> AgentReview:
    innovation = review.innovation
    access.require_report(actor, innovation)
    if not response.strip():
        raise ValidationError(_("Write the answer."))
    review.response = response.strip()
    review.responded_by = actor
    review.responded_at = timezone.now()
    review.save(update_fields=["response", "responded_by", "responded_at"])
    audit.record(
        actor=actor, verb="agent_review_answered", subject=innovation, message=review.response
    )
    notify(
        recipients=[review.agent],
        verb="agent_review",
        message=_("%(who)s answered your review of “%(name)s”.")
        % {"who": _name(actor), "name": innovation.name},
        link=innovation.get_absolute_url() + "#agents",
    )
    return review
