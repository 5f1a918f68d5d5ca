"""The registry's part of the desk (`core.desk`): an agency's reports due and overdue,
innovations returned for revision and change-agent reviews to answer (an operator's whole
agency; an innovator's own team only, `selectors.desk_innovations`); a change agent's
reviews to write; the Pemda admin's submissions to decide and stalled innovations."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core import formats
from inovda.core.desk import DeskItem, DeskLine, DeskPanel, register
from inovda.organizations import access as org
from inovda.organizations.models import Role

from . import selectors
from .models import AgentReview, Innovation

S = Innovation.Status
SHOWN = 5


def _list_url(**query) -> str:
    from urllib.parse import urlencode

    return reverse("innovations:list") + ("?" + urlencode(query) if query else "")


def _agency(user):
    own = selectors.desk_innovations(user)
    if own is None:
        return None
    due = selectors.reports_due(own)
    overdue = [r for r in due if r.overdue]
    soon = [r for r in due if not r.overdue]

    def item(r):
        when = _("overdue since %(date)s") if r.overdue else _("due %(date)s")
        return DeskItem(
            f"{r.innovation.name} · {r.label}",
            r.innovation.get_absolute_url() + "#reports",
            when % {"date": formats.long_date(r.due)},
            "danger" if r.overdue else "",
        )

    revision = own.filter(status=S.NEEDS_REVISION)
    unanswered = AgentReview.objects.filter(innovation__in=own, response="")
    return [
        DeskLine(
            _("Progress reports overdue"),
            len(overdue),
            tone="danger",
            items=[item(r) for r in overdue[:SHOWN]],
        ),
        DeskLine(
            _("Progress reports due soon"),
            len(soon),
            tone="warning",
            items=[item(r) for r in soon[:SHOWN]],
        ),
        DeskLine(
            _("Innovations returned for revision"),
            revision.count(),
            _list_url(status=S.NEEDS_REVISION, mine=1),
            tone="danger",
            items=[
                DeskItem(i.name, i.get_absolute_url())
                for i in revision.order_by("-updated_at")[:SHOWN]
            ],
        ),
        DeskLine(
            _("Change-agent reviews to answer"),
            unanswered.count(),
            items=[
                DeskItem(r.innovation.name, r.innovation.get_absolute_url() + "#agents")
                for r in unanswered.select_related("innovation").order_by("created_at", "id")[
                    :SHOWN
                ]
            ],
        ),
    ]


def _agent(user):
    if not org.pemda_ids_with_role(user, Role.CHANGE_AGENT):
        return None
    to_write = selectors.reviews_to_write(user)
    return [
        DeskLine(
            _("Reviews to write"),
            to_write.count(),
            items=[
                DeskItem(a.innovation.name, a.innovation.get_absolute_url() + "#agents")
                for a in to_write[:SHOWN]
            ],
        )
    ]


def _admin(user):
    pemda_ids = org.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    if not pemda_ids:
        return None
    pemda = Innovation.objects.filter(pemda_id__in=pemda_ids)
    submitted = pemda.filter(status=S.SUBMITTED)
    stalled = pemda.filter(health=Innovation.Health.STAGNANT)
    return [
        DeskLine(
            _("Submissions waiting for a feasibility review"),
            submitted.count(),
            _list_url(status=S.SUBMITTED),
            items=[
                DeskItem(i.name, i.get_absolute_url())
                for i in submitted.order_by("submitted_at", "id")[:SHOWN]
            ],
        ),
        DeskLine(
            _("In feasibility review"),
            pemda.filter(status=S.UNDER_REVIEW).count(),
            _list_url(status=S.UNDER_REVIEW),
        ),
        DeskLine(
            _("Feasible, waiting for adoption"),
            pemda.filter(status=S.FEASIBLE).count(),
            _list_url(status=S.FEASIBLE),
        ),
        DeskLine(
            _("Stalled innovations"),
            stalled.count(),
            reverse("innovations:watchlist"),
            tone="danger",
            items=[
                DeskItem(i.name, i.get_absolute_url())
                for i in stalled.order_by("health_since", "name")[:SHOWN]
            ],
        ),
    ]


def register_desk() -> None:
    register(
        DeskPanel(
            key="reports",
            title=_("Innovations you work on"),
            build=_agency,
            order=25,
            icon="journal-text",
        )
    )
    register(DeskPanel(key="agent", title=_("Change agent"), build=_agent, order=35, icon="people"))
    register(
        DeskPanel(
            key="approvals", title=_("Decisions"), build=_admin, order=40, icon="check2-square"
        )
    )
