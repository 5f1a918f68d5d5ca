"""The public side's cards on the staff innovation page: its public version (propose,
review, withdraw), the citizen proposal it came from, and the self-reported beneficiary
satisfaction beside the monitoring cards."""

from __future__ import annotations

from inovda.core.extensions import InnovationPanel, innovation_panel
from inovda.innovations import access as inn_access
from inovda.innovations.models import Innovation
from inovda.organizations import access as org_access
from inovda.organizations.models import AGENCY_ROLES, Role

from . import selectors, services


def is_public_staff(user) -> bool:
    """Pemda admins (moderation, approval) and agency staff (answers)."""
    return bool(
        org_access.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
        or org_access.agency_ids_with_role(user, *AGENCY_ROLES)
    )


def publication_context(request, innovation: Innovation):
    if innovation.status == Innovation.Status.DRAFT:
        return None
    state = selectors.publication_state(innovation)
    user = request.user
    return {
        "innovation": innovation,
        **state,
        "can_propose": inn_access.can_report(user, innovation)
        and innovation.status in services.PUBLISHABLE,
        "can_withdraw": state["live"] is not None
        and (
            inn_access.can_report(user, innovation)
            or org_access.has_role(user, innovation.pemda_id, Role.PEMDA_ADMIN)
        ),
        "proposal": getattr(innovation, "citizen_proposal", None),
        # The latest progress reports with their public summary, if any (write / review).
        "reports": list(
            innovation.progress_reports.select_related("public_summary").order_by("-period_end")[:4]
        ),
    }


def feedback_context(request, innovation: Innovation):
    state = selectors.publication_state(innovation)
    if state["publication"] is None:
        return None
    summary = selectors.feedback_summary(state["publication"])
    if not (summary and summary["n"]) and innovation.status != Innovation.Status.IMPLEMENTED:
        return None
    return {"innovation": innovation, "summary": summary, "publication": state["publication"]}


def register() -> None:
    innovation_panel(
        InnovationPanel(
            "public/panels/publication.html", publication_context, 40, "side", lazy=True
        )
    )
    innovation_panel(
        InnovationPanel("public/panels/feedback.html", feedback_context, order=22, lazy=True)
    )
