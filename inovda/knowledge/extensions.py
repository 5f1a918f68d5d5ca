"""What this app adds to shared pages: the nav link and four cards on the innovation page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from inovda.core.extensions import InnovationPanel, NavItem, innovation_panel, nav_item
from inovda.innovations.selectors import lesson_missing
from inovda.organizations import access as org_access

from . import access, selectors


def can_replicate(user, innovation=None) -> bool:
    agencies = org_access.agencies_user_can_create_for(user)
    if innovation is not None:
        agencies = agencies.exclude(pk=innovation.agency_id)
    return agencies.exists()


def similar_context(request, innovation):
    similar = selectors.similar_innovations(
        user=request.user,
        texts=selectors.innovation_text(innovation),
        exclude=innovation.pk,
        agency_id=innovation.agency_id,
        pemda_id=innovation.pemda_id,
    )
    return {"similar": similar, "can_replicate": can_replicate(request.user)}


def lessons_context(request, innovation):
    lessons = list(innovation.lessons.all())
    return {
        "innovation": innovation,
        "lessons": lessons,
        "can_write": access.can_write_about(request.user, innovation),
        "lesson_missing": lesson_missing(innovation, lessons),
    }


def replication_context(request, innovation):
    user = request.user
    return {
        "innovation": innovation,
        "evidence": selectors.replication_evidence(innovation),
        "replications": access.replications_for_user(user)
        .filter(origin=innovation)
        .select_related("adopter_pemda", "adopter_agency"),
        "origin": access.replications_for_user(user)
        .filter(adopted_innovation=innovation)
        .select_related("origin")
        .first(),
        "can_replicate": can_replicate(user, innovation)
        or access.can_write_about(user, innovation),
    }


def events_context(request, innovation):
    evidence = selectors.bimtek_evidence(innovation)
    actions = (
        access.actions_for_user(request.user)
        .filter(innovation=innovation)
        .select_related("event")
        .order_by("status", "due_date")
    )
    visible = set(
        access.events_for_user(request.user)
        .filter(pk__in=[e.pk for e in evidence.items])
        .values_list("pk", flat=True)
    )
    return {"evidence": evidence, "actions": list(actions), "visible_events": visible}


def register_all() -> None:
    nav_item(
        NavItem(label=_("Knowledge"), url_name="knowledge:search", app_name="knowledge", order=60)
    )
    innovation_panel(
        InnovationPanel(
            "knowledge/_panel_lessons.html", lessons_context, order=60, column="main", lazy=True
        )
    )
    innovation_panel(
        InnovationPanel(
            "knowledge/_panel_similar.html",
            lambda request, innovation: {"innovation": innovation},  # loaded by htmx
            order=20,
            column="side",
        )
    )
    innovation_panel(
        InnovationPanel(
            "knowledge/_panel_replication.html",
            replication_context,
            order=30,
            column="side",
            lazy=True,
        )
    )
    innovation_panel(
        InnovationPanel(
            "knowledge/_panel_events.html", events_context, order=40, column="side", lazy=True
        )
    )
