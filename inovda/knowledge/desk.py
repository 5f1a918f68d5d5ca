"""The knowledge app's part of the desk (`core.desk`): the follow-up actions agreed at
events that the user owns, overdue first."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core import formats
from inovda.core.desk import DeskItem, DeskLine, DeskPanel, register

from . import selectors


def _actions(user):
    mine = selectors.action_list(user=user, only="mine")
    overdue = mine.filter(selectors.overdue_q())
    open_count = mine.count()
    if not open_count:
        return None  # only for people who own follow-up actions
    url = reverse("knowledge:action_list")
    items = [
        DeskItem(
            a.title,
            url + "?only=mine",
            _("due %(date)s") % {"date": formats.long_date(a.due_date)} if a.due_date else "",
        )
        for a in mine[:5]
    ]
    return [
        DeskLine(
            _("Your overdue follow-up actions"),
            overdue.count(),
            url + "?only=mine",
            tone="danger",
            counted=False,
        ),
        DeskLine(_("Your open follow-up actions"), open_count, url + "?only=mine", items=items),
    ]


def register_desk() -> None:
    register(
        DeskPanel(
            key="actions", title=_("Follow-up actions"), build=_actions, order=50, icon="list-check"
        )
    )
