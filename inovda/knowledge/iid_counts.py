"""The counts of IID indicators 20 (bimtek inovasi) and 31 (replikasi) offered to the IID
sheet as proposed levels, through `inovda.core.evidence_sources` (assessment is a sibling)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from inovda.core.evidence_sources import CountSource, ProposalCount, count_source

from . import access, selectors


def _bimtek(innovation, user, window=None) -> ProposalCount:
    evidence = selectors.bimtek_evidence(innovation, window=window)
    visible = set(
        access.events_for_user(user)
        .filter(pk__in=[e.pk for e in evidence.items])
        .values_list("pk", flat=True)
    )
    records = [
        (f"{e.title} ({e.date:%d/%m/%Y})", e.get_absolute_url())
        for e in evidence.items
        if e.pk in visible
    ]
    return ProposalCount(evidence.count, records, evidence.rule, evidence.count - len(records))


def _replication(innovation, user, window=None) -> ProposalCount:
    evidence = selectors.replication_evidence(innovation)
    visible = set(
        access.replications_for_user(user)
        .filter(pk__in=[r.pk for r in evidence.items])
        .values_list("pk", flat=True)
    )
    shown = [r for r in evidence.items if r.pk in visible]
    records = [
        (f"{r.adopter_pemda} — {r.get_status_display()}", r.get_absolute_url()) for r in shown
    ]
    return ProposalCount(evidence.count, records, evidence.rule, len(evidence.items) - len(records))


def register() -> None:
    count_source(
        CountSource(
            key="knowledge.bimtek",
            label=gettext_lazy("capacity events attended"),
            aspect="sid",
            indicator_number=20,
            count=_bimtek,
        )
    )
    count_source(
        CountSource(
            key="knowledge.replication",
            label=gettext_lazy("replications by other Pemda"),
            aspect="sid",
            indicator_number=31,
            count=_replication,
        )
    )
