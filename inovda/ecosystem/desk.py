"""The ecosystem's part of the desk (`core.desk`): the barriers the innovation unit works,
overdue first, and the reallocation requests waiting for approval. The barrier counts are
the barrier board's (`selectors.barrier_board`), so the desk and the board agree."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core import formats
from inovda.core.desk import DeskItem, DeskLine, DeskPanel, register, team_source
from inovda.organizations import access as org
from inovda.organizations.models import Role

from . import access, conf, selectors
from .models import Barrier, Reallocation


def _barriers(user):
    if not access.works_barrier_queue(user):
        return None
    board = selectors.barrier_board(user=user)
    url = reverse("ecosystem:barrier_list")
    today = selectors.today()
    items = []
    for barrier in selectors.barrier_list(user=user)[:5]:
        if barrier.due_on < today:
            note, tone = (
                _("overdue since %(date)s") % {"date": formats.long_date(barrier.due_on)},
                "danger",
            )
        else:
            note, tone = _("due %(date)s") % {"date": formats.long_date(barrier.due_on)}, ""
        items.append(DeskItem(barrier.title, barrier.get_absolute_url(), note, tone))
    return [
        DeskLine(
            _("Overdue barriers"), board.overdue, url + "?overdue=on", tone="danger", counted=False
        ),
        DeskLine(_("Open barriers"), board.open, url, items=items),
        DeskLine(
            _("Escalated barriers"),
            board.escalated,
            url + "?status=escalated",
            tone="warning",
            counted=False,
        ),
    ]


def _escalations(user):
    """Leadership: the barriers the unit escalated to the regional head, waiting for an
    answer (leadership comments on the barrier)."""
    pemda_ids = org.pemda_ids_with_role(user, Role.LEADERSHIP)
    if not pemda_ids:
        return None
    escalated = Barrier.objects.filter(
        pemda_id__in=pemda_ids,
        status=Barrier.Status.ESCALATED,
        escalated_to=Barrier.EscalationTarget.LEADERSHIP,
    )
    return [
        DeskLine(
            _("Barriers escalated to you"),
            escalated.count(),
            reverse("ecosystem:barrier_list") + "?status=escalated",
            tone="danger",
            items=[
                DeskItem(b.title, b.get_absolute_url(), formats.long_date(b.escalated_on))
                for b in escalated.order_by("escalated_on", "id")[:5]
            ],
        )
    ]


def _reallocations(user):
    pemda_ids = org.pemda_ids_with_role(user, *conf.get("BUDGET_APPROVER_ROLES"))
    if not pemda_ids:
        return None
    pending = Reallocation.objects.filter(
        pemda_id__in=pemda_ids, status=Reallocation.Status.PENDING
    ).count()
    return [
        DeskLine(
            _("Reallocation requests to decide"),
            pending,
            reverse("ecosystem:reallocation_list"),
            tone="warning",
        )
    ]


def _team(user):
    from django.db.models import Q

    return Q(pk__in=selectors.team_innovation_ids(user))


def register_desk() -> None:
    team_source(_team, members=selectors.team_user_ids)
    register(
        DeskPanel(
            key="escalations",
            title=_("Escalated to leadership"),
            build=_escalations,
            order=15,
            icon="megaphone",
        )
    )
    register(
        DeskPanel(
            key="barriers",
            title=_("Barriers to work"),
            build=_barriers,
            order=20,
            icon="cone-striped",
        )
    )
    register(
        DeskPanel(
            key="reallocations",
            title=_("Budget"),
            build=_reallocations,
            order=45,
            icon="cash-stack",
        )
    )
