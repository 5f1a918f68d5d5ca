"""Reads about organisations, always within what the user may see."""

from __future__ import annotations

from inovda.core.extensions import agency_figures_for

from . import access

EMPTY = {"total": 0, "implemented": 0, "draft": 0}


def agency_overview(*, user, pemda_id: int | None = None) -> list[dict]:
    """Each visible agency with the figures other apps give per agency (the innovations the
    user may see, per status group: `core.extensions.agency_figures`)."""
    agencies = access.agencies_for_user(user).filter(is_active=True)
    if pemda_id:
        agencies = agencies.filter(pemda_id=pemda_id)
    figures = agency_figures_for(user)
    return [
        {"agency": agency, **EMPTY, **figures.get(agency.pk, {})}
        for agency in agencies.select_related("pemda", "parent").order_by(
            "pemda__code", "kind", "name"
        )
    ]


def people_with_role(*roles: str, pemda_id: int | None = None, agency_id: int | None = None):
    """The active users holding one of `roles` in a Pemda (any of its agencies' roles too)
    or in one agency: who receives a hand-over's notification."""
    from django.contrib.auth import get_user_model

    if pemda_id is None and agency_id is None:
        raise ValueError("name a Pemda or an agency")
    where = {"memberships__role__in": roles}
    if pemda_id is not None:
        where["memberships__pemda_id"] = pemda_id
    if agency_id is not None:
        where["memberships__agency_id"] = agency_id
    return list(get_user_model().objects.filter(is_active=True, **where).distinct())
