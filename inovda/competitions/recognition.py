"""When results are published the winners are recognised where the rest of Inovda looks:
the innovators' profiles (F1, the ecosystem's recognition records) and the Pemda's SPD
sheet (IID indicator 12, "Penghargaan bagi inovator"), each through its owner's service.
What could not be recorded is said on the results page, never silently skipped."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.ecosystem import services as ecosystem_services
from inovda.ecosystem.models import Recognition, TeamMember

SPD_AWARD_INDICATOR = 12


def record(*, actor, competition, winners) -> None:
    today = timezone.localdate()
    for entry in winners:
        for member in TeamMember.objects.filter(innovation=entry.innovation).select_related(
            "innovator"
        ):
            try:
                ecosystem_services.recognition_add(
                    actor=actor,
                    innovator=member.innovator,
                    data={
                        "kind": Recognition.Kind.AWARD,
                        "title": _("Rank %(rank)d, %(competition)s: %(innovation)s")
                        % {
                            "rank": entry.result.rank,
                            "competition": competition.name,
                            "innovation": entry.innovation.name,
                        },
                        "given_by": competition.pemda.name,
                        "given_on": today,
                    },
                )
            except (PermissionDenied, ValidationError):
                continue
    competition.spd_note = _spd_evidence(actor, competition)[:300]
    competition.save(update_fields=["spd_note"])


def _spd_evidence(actor, competition) -> str:
    from inovda.assessment import services as assessment_services
    from inovda.assessment.models import Aspect, Entry, PemdaAssessment

    from .pdf import results_pdf

    sheet = (
        PemdaAssessment.objects.filter(pemda=competition.pemda)
        .select_related("period")
        .order_by("-period__year")
        .first()
    )
    row = (
        Entry.objects.filter(
            pemda_assessment=sheet,
            indicator__aspect=Aspect.SPD,
            indicator__number=SPD_AWARD_INDICATOR,
        ).first()
        if sheet
        else None
    )
    if row is None:
        return _("No SPD sheet with indicator 12 yet: attach the results PDF there later.")
    upload = ContentFile(results_pdf(competition), name=f"hasil-{competition.pk}.pdf")
    try:
        assessment_services.evidence_add(
            actor=actor,
            entry=row,
            upload=upload,
            description=_("Results of %(c)s") % {"c": competition.name},
        )
    except (PermissionDenied, ValidationError) as exc:
        return _("The results PDF was not attached to the SPD sheet: %(why)s") % {
            "why": " ".join(getattr(exc, "messages", [str(exc)]))
        }
    return _("The results PDF is attached to SPD indicator 12 of IID %(year)d.") % {
        "year": sheet.period.year
    }
