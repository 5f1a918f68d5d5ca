"""Writes of the organizations app: agencies (perangkat daerah).

One writer: the importer and any other app create or change agencies here, with the
audit event in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from inovda.core import audit

from . import access
from .models import Agency, LocalGovernment, Role

AGENCY_FIELDS = ["name", "short_name", "kind", "parent", "is_active"]


@transaction.atomic
def agency_save(
    *,
    actor,
    pemda: LocalGovernment,
    data: dict[str, Any],
    agency: Agency | None = None,
    verb: str = "created",
    message: str = "",
) -> tuple[Agency, str]:
    """Create an agency of `pemda`, or change `agency`; returns it and "created",
    "updated" or "unchanged". Only the Pemda admin registers agencies."""
    if not access.has_role(actor, pemda.pk, Role.PEMDA_ADMIN):
        raise PermissionDenied(_("Only the Pemda admin registers agencies."))
    fields = [k for k in AGENCY_FIELDS if k in data]
    if agency is None:
        agency = Agency(pemda=pemda, **data)
        agency.full_clean()
        agency.save()
        after = audit.snapshot(agency, fields)
        audit.record(
            actor=actor,
            verb=verb,
            subject=agency,
            changes=audit.diff({}, {k: v for k, v in after.items() if v not in ("", None)}),
            message=message,
        )
        return agency, "created"
    if agency.pemda_id != pemda.pk:
        raise PermissionDenied(_("This agency belongs to another Pemda."))
    before = audit.snapshot(agency, fields)
    for key, value in data.items():
        setattr(agency, key, value)
    changes = audit.diff(before, audit.snapshot(agency, fields))
    if not changes:
        return agency, "unchanged"
    agency.full_clean()
    agency.save()
    audit.record(actor=actor, verb="updated", subject=agency, changes=changes, message=message)
    return agency, "updated"
