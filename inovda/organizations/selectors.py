"""Reads about organisations, always within what the user may see."""

from __future__ import annotations

from django.db.models import Count

from inovda.innovations.access import innovations_for_user
from inovda.innovations.models import Innovation

from . import access


def agency_overview(*, user, pemda_id: int | None = None) -> list[dict]:
    """Each visible agency with the count of innovations the user may see, per status group."""
    agencies = access.agencies_for_user(user).filter(is_active=True)
    if pemda_id:
        agencies = agencies.filter(pemda_id=pemda_id)
    counts: dict[int, dict[str, int]] = {}
    rows = innovations_for_user(user).values("agency_id", "status").annotate(n=Count("id"))
    for row in rows:
        bucket = counts.setdefault(row["agency_id"], {"total": 0, "implemented": 0, "draft": 0})
        bucket["total"] += row["n"]
        if row["status"] == Innovation.Status.IMPLEMENTED:
            bucket["implemented"] += row["n"]
        if row["status"] == Innovation.Status.DRAFT:
            bucket["draft"] += row["n"]
    empty = {"total": 0, "implemented": 0, "draft": 0}
    return [
        {"agency": agency, **counts.get(agency.pk, empty)}
        for agency in agencies.select_related("pemda", "parent").order_by(
            "pemda__code", "kind", "name"
        )
    ]
