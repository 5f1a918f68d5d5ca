"""The IID's part of the desk (`core.desk`): a verifier's sheets and rows to verify, and
an agency's sheets returned and rows rejected."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inovda.core.desk import DeskItem, DeskLine, DeskPanel, register
from inovda.innovations.selectors import desk_innovations
from inovda.organizations import access as org
from inovda.organizations.models import Role

from . import selectors


def days_waiting(sheet, now=None) -> int:
    if sheet.submitted_at is None:
        return 0
    return max(0, ((now or timezone.now()) - sheet.submitted_at).days)


def _waiting_note(days: int) -> str:
    if days == 0:
        return str(_("submitted today"))
    return ngettext("%(n)d day waiting", "%(n)d days waiting", days) % {"n": days}


def _sheet_url(sheet) -> str:
    return reverse("assessment:sheet", args=[sheet.period.year, sheet.innovation_id])


def _verifier(user):
    pemda_ids = org.pemda_ids_with_role(user, Role.VERIFIER)
    if not pemda_ids:
        return None
    desk = selectors.verifier_desk(user, pemda_ids)
    queue = reverse("assessment:queue")
    now = timezone.now()
    items = []
    for sheet in desk.oldest:
        days = days_waiting(sheet, now)
        items.append(
            DeskItem(
                sheet.innovation.name,
                _sheet_url(sheet),
                _waiting_note(days),
                tone="danger" if days >= selectors.QUEUE_AGES[1] else "",
            )
        )
    return [
        DeskLine(_("IID sheets to verify"), desk.sheets, queue, items=items),
        DeskLine(
            _("IID rows waiting for your review"), desk.rows, queue, tone="warning", counted=False
        ),
    ]


def _agency(user):
    innovations = desk_innovations(user)
    if innovations is None:
        return None
    desk = selectors.agency_desk(innovations)
    items = [DeskItem(sheet.innovation.name, _sheet_url(sheet)) for sheet in desk.sheets]
    return [
        DeskLine(
            _("IID sheets returned for revision"),
            desk.returned,
            reverse("assessment:index"),
            tone="danger",
            items=items,
        ),
        DeskLine(
            _("IID rows rejected by the verifier"),
            desk.rejected_rows,
            tone="danger",
            counted=False,
        ),
    ]


def register_desk() -> None:
    register(
        DeskPanel(
            key="iid_verify", title=_("Verification"), build=_verifier, order=10, icon="patch-check"
        )
    )
    register(
        DeskPanel(
            key="iid_agency",
            title=_("IID of the innovations you work on"),
            build=_agency,
            order=30,
            icon="clipboard-check",
        )
    )
