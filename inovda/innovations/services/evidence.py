"""Evidence claims and the innovation's confirmed level (the only writer of
`Innovation.evidence_level`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit

from ..access import can_report, can_steer
from ..models import EvidenceClaim, Innovation, Kpi, KpiValue

__all__ = [
    "evidence_claim_add",
    "evidence_decide",
    "evidence_propose",
    "evidence_propose_from_kpis",
]


def _refresh_level(innovation: Innovation) -> None:
    level = (
        innovation.evidence_claims.filter(status=EvidenceClaim.Status.CONFIRMED).aggregate(
            m=Max("level")
        )["m"]
        or 0
    )
    if level != innovation.evidence_level:
        Innovation.objects.filter(pk=innovation.pk).update(evidence_level=level)
        innovation.evidence_level = level


@transaction.atomic
def evidence_claim_add(
    *, actor, innovation: Innovation, level: int, kind: str, description: str, link: str = ""
) -> EvidenceClaim:
    """A person proposes a level with the evidence behind it (the team or the steering
    roles); it counts once confirmed."""
    if not (can_report(actor, innovation) or can_steer(actor, innovation)):
        raise PermissionDenied(_("You may not record evidence for this innovation."))
    claim = EvidenceClaim(
        innovation=innovation,
        level=level,
        kind=kind,
        description=description,
        link=link,
        proposed_by=actor,
    )
    claim.full_clean()
    claim.save()
    audit.record(
        actor=actor,
        verb="evidence_proposed",
        subject=innovation,
        target=claim.get_level_display(),
        message=description,
    )
    return claim


@transaction.atomic
def evidence_propose(
    *, innovation: Innovation, level: int, kind: str, description: str
) -> EvidenceClaim | None:
    """A level proposed from data already in Inovda (no person yet); skipped when a claim
    at this level or higher is already proposed or confirmed."""
    if innovation.evidence_claims.filter(
        level__gte=level,
        status__in=[EvidenceClaim.Status.PROPOSED, EvidenceClaim.Status.CONFIRMED],
    ).exists():
        return None
    claim = EvidenceClaim.objects.create(
        innovation=innovation, level=level, kind=kind, description=description, from_data=True
    )
    audit.record(
        actor=None,
        verb="evidence_proposed",
        subject=innovation,
        target=claim.get_level_display(),
        message=description,
    )
    return claim


def evidence_propose_from_kpis(*, innovation: Innovation) -> EvidenceClaim | None:
    """A KPI with its baseline and at least two reported values is data showing change:
    level 2 is proposed."""
    for kpi in Kpi.objects.filter(innovation=innovation):
        values = list(
            KpiValue.objects.filter(kpi=kpi)
            .order_by("report__period_end")
            .values_list("value", flat=True)
        )
        if len(values) >= 2:
            return evidence_propose(
                innovation=innovation,
                level=EvidenceClaim.Level.CHANGE,
                kind=EvidenceClaim.Kind.KPI_SERIES,
                description=_(
                    "KPI “%(kpi)s”: baseline %(baseline)s %(unit)s, then %(values)s in the "
                    "progress reports."
                )
                % {
                    "kpi": kpi.name,
                    "baseline": kpi.baseline,
                    "unit": kpi.unit,
                    "values": ", ".join(str(v) for v in values[-4:]),
                },
            )
    return None


@transaction.atomic
def evidence_decide(*, actor, claim: EvidenceClaim, confirm: bool, note: str = "") -> EvidenceClaim:
    claim = EvidenceClaim.objects.select_for_update().select_related("innovation").get(pk=claim.pk)
    innovation = claim.innovation
    if not can_steer(actor, innovation):
        raise PermissionDenied(_("Only the Pemda admin or the innovation unit assess evidence."))
    if claim.status != EvidenceClaim.Status.PROPOSED:
        raise ValidationError(_("This claim was already assessed."))
    claim.status = EvidenceClaim.Status.CONFIRMED if confirm else EvidenceClaim.Status.REJECTED
    claim.assessed_by, claim.assessed_at, claim.note = actor, timezone.now(), note
    claim.save()
    before = innovation.evidence_level
    _refresh_level(innovation)
    audit.record(
        actor=actor,
        verb="evidence_confirmed" if confirm else "evidence_rejected",
        subject=innovation,
        target=claim.get_level_display(),
        message=note,
        changes={"evidence_level": {"before": before, "after": innovation.evidence_level}}
        if before != innovation.evidence_level
        else {},
    )
    return claim
