"""Citizens' benefit feedback as IID evidence: indicator 33 (*kemanfaatan inovasi*) of an
innovation's SID sheet is offered a generated PDF of the feedback summary, marked as
self-reported by citizens, through `inovda.core.evidence_sources` (the assessment app
attaches it with its own service; it never imports this app)."""

from __future__ import annotations

from django.db.models import Avg, Count, Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import formats
from inovda.core.evidence_sources import EvidenceFile, EvidenceSource, evidence_source
from inovda.core.pdf import letterhead, render_pdf

from . import selectors
from .models import Feedback, Publication

KEMANFAATAN_INDICATOR = 33


def _summary(innovation) -> str | None:
    agg = Feedback.objects.filter(publication__innovation=innovation).aggregate(
        n=Count("id"), mean=Avg("satisfaction")
    )
    if not agg["n"]:
        return None
    return _("%(n)d answers, mean satisfaction %(mean).2f / 5 (self-reported)") % {
        "n": agg["n"],
        "mean": agg["mean"],
    }


def feedback_evidence(innovation) -> EvidenceFile | None:
    """The feedback summary as a PDF, in Indonesian (the IID is filed in Indonesian)."""
    publication = Publication.objects.filter(innovation=innovation).first()
    summary = selectors.feedback_summary(publication)
    if not summary or not summary["n"]:
        return None
    span = Feedback.objects.filter(publication=publication).aggregate(
        first=Min("created_at"), last=Max("created_at")
    )
    today = timezone.localdate()
    with translation.override("id"):
        content = render_pdf(
            "public/pdf/feedback_evidence.html",
            {
                "innovation": innovation,
                "summary": summary,
                "first": span["first"],
                "last": span["last"],
                **letterhead(innovation.pemda),
            },
        )
        description = _(
            "Citizen benefit feedback summary, %(n)d answers to %(date)s: self-reported by citizens"
        ) % {"n": summary["n"], "date": formats.long_date(today)}
    return EvidenceFile(
        content=content,
        filename=f"umpan-balik-warga-{innovation.pk}-{today:%Y%m%d}.pdf",
        description=description,
    )


def register() -> None:
    evidence_source(
        EvidenceSource(
            key="public.feedback",
            label=gettext_lazy("citizen benefit feedback summary (PDF)"),
            aspect="sid",
            indicator_number=KEMANFAATAN_INDICATOR,
            summary=_summary,
            build=feedback_evidence,
        )
    )
