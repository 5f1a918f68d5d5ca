"""The innovations app's block on the home page (`core.extensions.home_panel`): what the
user can see, their drafts and returned innovations, and what changed lately."""

from __future__ import annotations

from inovda.organizations import access as org_access

from .access import can_create, can_edit, innovations_for_user
from .models import Innovation
from .selectors import innovation_counts_by_status


def home_context(request) -> dict:
    user = request.user
    visible = innovations_for_user(user).select_related("agency")
    own_agencies = org_access.agency_ids_with_role(user, *org_access.AGENCY_ROLES)
    my_work = [
        inn
        for inn in visible.filter(
            status__in=[Innovation.Status.DRAFT, Innovation.Status.NEEDS_REVISION]
        ).order_by("-updated_at")[:50]
        if can_edit(user, inn)
    ][:10]
    return {
        "counts": innovation_counts_by_status(user=user),
        "total": visible.count(),
        "my_work": my_work,
        "recent": visible.order_by("-updated_at")[:8],
        "own_agency_count": visible.filter(agency_id__in=own_agencies).count()
        if own_agencies
        else None,
        "can_create": can_create(user),
    }
