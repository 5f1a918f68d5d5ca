"""Writes to the innovation registry. Each service checks access, changes the data and
records its audit event in one transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from inovda.core import audit, files
from inovda.core.versioning import check_version
from inovda.knowledge.indexing import index_object  # knowledge search index (issue 6)
from inovda.organizations import access as org_access
from inovda.organizations.models import Agency

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
# What a submission needs besides the design (the national profile, docs/domain.md §2).
REQUIRED_FOR_SUBMISSION = [
    "name",
    "initiator_kind",
    "form",
    "kind",
    "main_affair",
    "stage",
    "goals",
    "benefits",
]


# Initiators that are people (or a council member): the proposal names them; a citizen's
# proposal is entered by staff with the citizen's name.
NAMED_INITIATORS = frozenset(set(Innovation.InitiatorKind) - {Innovation.InitiatorKind.AGENCY})


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
    index_object(innovation)  # knowledge search index (issue 6)
    return innovation


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
    index_object(innovation)  # knowledge search index (issue 6)
    return innovation


@transaction.atomic
def innovation_delete(*, actor, innovation: Innovation, version: int | None = None) -> None:
    check_version(innovation, version)
    access.require_delete(actor, innovation)
    # The event stays on record (its subject id points at the deleted row).
    audit.record(actor=actor, verb="deleted", subject=innovation)
    for attachment in innovation.attachments.all():
        files.discard(attachment.file)
    innovation.delete()  # its search rows go with it (FK cascade; knowledge, issue 6)


def submission_problems(innovation: Innovation) -> list[str]:
    """Every reason the innovation cannot be submitted yet, in words a user understands."""
    problems = []
    for name in REQUIRED_FOR_SUBMISSION:
        if getattr(innovation, name) in ("", None):
            label = Innovation._meta.get_field(name).verbose_name
            problems.append(_("“%(field)s” is required.") % {"field": label})
    named = innovation.initiator_kind in NAMED_INITIATORS
    if named and not innovation.initiator_name.strip():
        problems.append(
            _("Name the initiator (%(kind)s): who proposed this innovation.")
            % {"kind": innovation.get_initiator_kind_display()}
        )
    minimum = settings.INOVDA["DESIGN_MIN_WORDS"]
    words = innovation.compute_design_word_count()
    if words < minimum:
        problems.append(
            _("The design (rancang bangun) has %(words)d words; at least %(minimum)d are needed.")
            % {"words": words, "minimum": minimum}
        )
    return problems


def innovation_submit(*, actor, innovation: Innovation) -> Innovation:
    """Usulan: the first step of the lifecycle (see lifecycle.TRANSITIONS["submit"])."""
    from .lifecycle import innovation_transition

    return innovation_transition(actor=actor, innovation=innovation, name="submit")


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
