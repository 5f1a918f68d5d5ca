"""The leadership's part of the desk (`core.desk`): the leadership dashboard's headline
numbers, read from its overview section (`core.sections.section_for`), so the desk and
the dashboard show one number."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core.desk import DeskLine, DeskPanel, register
from inovda.core.sections import section_for
from inovda.organizations import access as org
from inovda.organizations.models import Role

from . import selectors


def _leadership(user):
    pemda_id = next(iter(sorted(org.pemda_ids_with_role(user, Role.LEADERSHIP))), None)
    if pemda_id is None:
        return None
    try:
        scope = selectors.pemda_scope(user, pemda_id)
    except PermissionDenied:
        return None
    data = section_for("leadership", "overview", scope)
    if data is None:
        return None
    dashboard = reverse("reports:leadership") + f"?pemda={pemda_id}"
    return [
        DeskLine(stat.label, stat.value, stat.url or dashboard, figure=True) for stat in data.stats
    ]


def register_desk() -> None:
    register(
        DeskPanel(
            key="leadership",
            title=_("Headline numbers"),
            build=_leadership,
            order=5,
            icon="speedometer2",
        )
    )
