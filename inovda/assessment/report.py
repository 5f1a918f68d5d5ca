"""The "Laporan Inovasi Daerah" of one innovation (profile, indicator table, evidence
list) as a PDF, rendered by WeasyPrint from a template."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.utils import timezone

from inovda.innovations.models import DESIGN_FIELDS

from . import explain, selectors
from .export import evidence_links

# WeasyPrint narrates every layout step at INFO; keep the server log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def innovation_report_pdf(request, sheet) -> bytes:
    from weasyprint import HTML

    rows = selectors.sheet_rows(sheet)
    score = selectors.sheet_score(rows)
    problems = selectors.eligibility(sheet, tuple(score.verified_mandatory_missing))
    innovation = sheet.innovation
    context = {
        "sheet": sheet,
        "period": sheet.period,
        "innovation": innovation,
        "score": score,
        "rows": [(row, evidence_links(request, row)) for row in rows],
        "design": [
            (innovation._meta.get_field(name).verbose_name, getattr(innovation, name))
            for name in DESIGN_FIELDS
        ],
        "problems_claimed": explain.problems_text(problems["claimed"]),
        "problems_verified": explain.problems_text(problems["verified"], verified=True),
        "printed": timezone.localtime(),
    }
    html = render_to_string("assessment/report.html", context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
