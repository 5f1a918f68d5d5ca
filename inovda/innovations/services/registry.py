"""Writes to the innovation registry. Each service checks access, changes the data and
records its audit event in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inovda.core import audit, files, hooks
from inovda.core.versioning import check_version
from inovda.organizations import access as org_access
from inovda.organizations.models import Agency, LocalGovernment, Role

from .. import access
from ..models import DESIGN_FIELDS, Attachment, Innovation

M2M_FIELDS = ("other_affairs", "themes", "sdgs")
AUDITED_FIELDS = [
    "name",
    "agency",
    "initiator_kind",
    "initiator_name",
    "form",
    "kind",
    "classification",
    "main_affair",
    *M2M_FIELDS,
    "stage",
    "year",
    "trial_start",
    "trial_end",
    "implementation_start",
    *DESIGN_FIELDS,
    "goals",
    "benefits",
    "results",
    "budget_note",
    "latitude",
    "longitude",
    "video_url",
]


def _apply(innovation: Innovation, data: dict[str, Any]) -> dict[str, Any]:
    """Bulk path: set plain fields (bulk_create skips save(), so the design's word count is
    set here too); return the many-to-many values to set once the row exists."""
    m2m = {}
    for key, value in data.items():
        if key in M2M_FIELDS:
            m2m[key] = value
        elif key in AUDITED_FIELDS:
            setattr(innovation, key, value)
        else:
            raise ValueError(f"unknown innovation field {key!r}")
    innovation.design_word_count = innovation.compute_design_word_count()
    return m2m


def _set_m2m(innovation: Innovation, m2m: dict[str, Any]) -> None:
    for key, value in m2m.items():
        getattr(innovation, key).set(value)


@transaction.atomic
def innovation_create(*, actor, agency: Agency, data: dict[str, Any]) -> Innovation:
    access.require_create_for(actor, agency)
    innovation = Innovation(pemda_id=agency.pemda_id, agency=agency, created_by=actor, owner=actor)
    audit.model_update(
        instance=innovation,
        fields=AUDITED_FIELDS,
        data={k: v for k, v in data.items() if k != "agency"},
        actor=actor,
        verb="created",
    )
    hooks.changed(innovations=[innovation], created=True, actor=actor)
    return innovation


def _created_event(actor, innovation: Innovation, verb: str = "created", message: str = ""):
    """The unsaved audit event of a new innovation: every filled field."""
    after = audit.snapshot(innovation, AUDITED_FIELDS)
    return audit.build(
        actor=actor,
        verb=verb,
        subject=innovation,
        message=message,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in ("", None, [])}),
    )


@dataclass
class BulkRow:
    """One innovation of a bulk write: the same `data` as `innovation_create` takes (the
    agency included); `innovation` is the one to update, None to create one. A new one
    may carry its current `status` (an import records innovations already under way);
    `note` (file and row) goes into its audit event. After the write, `innovation` is the
    row written (a created one with its pk), so a caller links to it without a lookup."""

    data: dict[str, Any]
    innovation: Innovation | None = None
    status: str = ""
    note: str = ""
    created: bool = False  # set by the write: `innovation` is then the row it created


def _clean(innovation: Innovation, note: str) -> None:
    """The model's validation, as for the form (the foreign keys were resolved by lookup)."""
    try:
        innovation.full_clean(exclude=["pemda", "agency", "main_affair", "created_by", "owner"])
    except ValidationError as exc:
        raise ValidationError([f"{note}: {message}" for message in exc.messages]) from exc


def _hold_links(innovation: Innovation, m2m: dict[str, Any]) -> None:
    """Keep the many-to-many values just written on the new row as if prefetched, so its
    audit event and the index hook read them from memory instead of reading the batch
    back (what `prefetch_related` stores: a queryset whose results are set)."""
    held = innovation.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in M2M_FIELDS:
        manager = getattr(innovation, name)
        queryset = manager.get_queryset()  # lazy: no query
        queryset._result_cache = list(dict.fromkeys(m2m.get(name, [])))
        queryset._prefetch_done = True
        held[manager.prefetch_cache_name] = queryset


def _m2m_keys(innovation: Innovation, m2m: dict[str, Any]) -> dict[str, set]:
    return {name: {obj.pk for obj in getattr(innovation, name).all()} for name in m2m}


@transaction.atomic
def innovations_bulk_save(
    *, actor, pemda: LocalGovernment, rows: list[BulkRow], verb: str = "created"
) -> dict[str, int]:
    """Create and update many innovations of one Pemda at once (the importer): the same
    fields, validation, audit events and hooks as `innovation_create`/`_update`, with one
    INSERT per batch. Only the Pemda admin registers for every agency of the Pemda."""
    if not org_access.has_role(actor, pemda.pk, Role.PEMDA_ADMIN):
        raise PermissionDenied(_("You may not register innovations for this Pemda."))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new: list[tuple[Innovation, dict, BulkRow]] = []
    updated: list[tuple[Innovation, dict[str, Any], BulkRow]] = []
    for row in rows:
        data = dict(row.data)
        agency = data.get("agency")
        if agency is not None and agency.pemda_id != pemda.pk:
            raise PermissionDenied(_("You may not register innovations for this agency."))
        innovation = row.innovation
        if innovation is None:
            innovation = Innovation(pemda=pemda, created_by=actor, owner=actor)
            if row.status:
                innovation.status = row.status
            m2m = _apply(innovation, data)
            _clean(innovation, row.note)
            new.append((innovation, m2m, row))
            continue
        if innovation.pemda_id != pemda.pk:
            raise PermissionDenied(_("You may not change this innovation."))
        plain = [k for k in data if k not in M2M_FIELDS]
        before = audit.snapshot(innovation, [*plain, *(k for k in M2M_FIELDS if k in data)])
        old_links = _m2m_keys(innovation, {k: v for k, v in data.items() if k in M2M_FIELDS})
        m2m = _apply(innovation, data)
        if audit.snapshot(innovation, plain) == {k: before[k] for k in plain} and old_links == {
            k: {obj.pk for obj in v} for k, v in m2m.items()
        }:
            counts["unchanged"] += 1
            continue
        _clean(innovation, row.note)
        innovation.save()
        _set_m2m(innovation, m2m)
        updated.append((innovation, before, row))
    events = []
    for innovation, before, row in updated:
        changes = audit.diff(before, audit.snapshot(innovation, list(before)))
        events.append(
            audit.build(
                actor=actor, verb="updated", subject=innovation, changes=changes, message=row.note
            )
        )
    counts["updated"] = len(updated)
    if new:
        Innovation.objects.bulk_create([innovation for innovation, _m2m, _row in new])
        for name in M2M_FIELDS:
            relation = getattr(Innovation, name)
            target = f"{relation.field.related_model._meta.model_name}_id"
            relation.through.objects.bulk_create(
                [
                    relation.through(innovation_id=innovation.pk, **{target: obj.pk})
                    for innovation, m2m, _row in new
                    for obj in m2m.get(name, [])
                ],
                ignore_conflicts=True,
            )
        # bulk_create gave the rows their pks (both engines); their agency, main affair and
        # links are in hand, so the audit events and the index read no row back.
        for innovation, m2m, row in new:
            _hold_links(innovation, m2m)
            row.innovation, row.created = innovation, True
        events += [
            _created_event(actor, innovation, verb=verb, message=row.note)
            for innovation, _m2m, row in new
        ]
        counts["created"] = len(new)
        hooks.changed(innovations=[inn for inn, _m, _r in new], created=True, actor=actor)
    if updated:
        hooks.changed(innovations=[inn for inn, _b, _r in updated], created=False, actor=actor)
    audit.record_many(events)  # one INSERT for the batch's events
    return counts


@transaction.atomic
def innovation_update(
    *, actor, innovation: Innovation, data: dict[str, Any], version: int | None = None
) -> Innovation:
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    check_version(innovation, version)
    access.require_edit(actor, innovation)
    if "agency" in data and data["agency"].pk != innovation.agency_id:
        new_agency = data["agency"]
        allowed = org_access.agencies_user_can_create_for(actor).filter(pk=new_agency.pk)
        if new_agency.pemda_id != innovation.pemda_id or not allowed.exists():
            raise PermissionDenied(_("You may not move this innovation to that agency."))
    audit.model_update(
        instance=innovation, fields=AUDITED_FIELDS, data=data, actor=actor, verb="updated"
    )
    hooks.changed(innovations=[innovation], created=False, actor=actor)
    return innovation


@transaction.atomic
def innovation_delete(*, actor, innovation: Innovation, version: int | None = None) -> None:
    check_version(innovation, version)
    access.require_delete(actor, innovation)
    # The event stays on record (its subject id points at the deleted row).
    audit.record(actor=actor, verb="deleted", subject=innovation)
    hooks.deleted(innovation=innovation, actor=actor)
    for attachment in innovation.attachments.all():
        files.discard(attachment.file)
    innovation.delete()  # rows that point at it (search index included) cascade


@transaction.atomic
def attachment_add(*, actor, innovation: Innovation, upload, description: str = "") -> Attachment:
    access.require_edit(actor, innovation)
    return attachment_store(
        actor=actor, innovation=innovation, upload=upload, description=description
    )


def attachment_store(
    *,
    actor,
    innovation: Innovation,
    upload,
    description: str = "",
    purpose: str = Attachment.Purpose.GENERAL,
    progress_report=None,
) -> Attachment:
    """Validate and store a file of the innovation (callers check access first)."""
    attachment = Attachment(
        innovation=innovation,
        purpose=purpose,
        progress_report=progress_report,
        description=description,
        uploaded_by=actor,
    )
    kind = files.store(attachment, upload=upload, prefix="attachments")
    attachment.save()
    audit.record(
        actor=actor,
        verb="attachment_added",
        subject=innovation,
        target=attachment.original_name,
        message=f"{kind.label}, {upload.size} B",
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    innovation = attachment.innovation
    access.require_edit(actor, innovation)
    if attachment.purpose != Attachment.Purpose.GENERAL:
        raise PermissionDenied(
            _("This file is part of the record (%(purpose)s) and stays.")
            % {"purpose": attachment.get_purpose_display()}
        )
    audit.record(
        actor=actor, verb="attachment_removed", subject=innovation, target=attachment.original_name
    )
    files.discard(attachment.file)
    attachment.delete()
