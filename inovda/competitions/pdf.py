"""Certificates and the results sheet, on the reports' PDF base and letterhead."""

from __future__ import annotations

from inovda.core.pdf import letterhead, render_pdf

from .models import Result


def results_context(competition) -> dict:
    results = (
        Result.objects.filter(entry__competition=competition)
        .select_related("entry__innovation__agency", "entry__category")
        .order_by("entry__category_id", "rank")
    )
    return {"competition": competition, "results": results, **letterhead(competition.pemda)}


def results_pdf(competition) -> bytes:
    return render_pdf("competitions/pdf/results.html", results_context(competition))


def certificate_context(entry) -> dict:
    return {"entry": entry, "result": entry.result, **letterhead(entry.competition.pemda)}
