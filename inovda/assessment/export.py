"""Export for the national window: every eligible innovation's profile and, in catalogue
order, the chosen level of each SID indicator with its evidence links (XLSX and CSV)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inovda.core.spreadsheets import cell, csv_response, xlsx_response
from inovda.innovations.models import DESIGN_FIELDS, Innovation

from . import selectors
from .models import Aspect, AssessmentPeriod


def filename(period: AssessmentPeriod, pemda, ext: str, verified: bool) -> str:
    basis = "terverifikasi" if verified else "klaim"
    return f"iid-{period.year}-{slugify(pemda.name)}-{basis}.{ext}"


def _label(name: str) -> str:
    return str(Innovation._meta.get_field(name).verbose_name).capitalize()


def evidence_links(request, entry) -> list[str]:
    return [
        e.link or request.build_absolute_uri(reverse("assessment:evidence", args=[e.pk]))
        for e in entry.evidence.all()
    ]


def table(request, period: AssessmentPeriod, pemda, *, verified: bool):
    """(header, rows): one row per eligible innovation, indicators in catalogue order."""
    indicators = list(selectors.catalogue(period, Aspect.SID))
    header = [
        pgettext("number", "No"),
        _label("name"),
        _label("agency"),
        _("Pemda"),
        _label("form"),
        _label("kind"),
        _label("classification"),
        _label("stage"),
        _label("initiator_kind"),
        _label("initiator_name"),
        _label("main_affair"),
        _label("other_affairs"),
        _label("implementation_start"),
        _("Development date"),
        _("What was developed"),
        *(_label(name) for name in DESIGN_FIELDS),
        _("Design words"),
        _label("goals"),
        _label("benefits"),
        _label("results"),
        _label("video_url"),
        _("Sheet status"),
        _("Maturity (claimed)"),
        _("Maturity (verified)"),
    ]
    for ind in indicators:
        header.append(f"{ind.code}. {ind.name} — {_('level')}")
        if ind.bases.all():
            header.append(f"{ind.code} — {_('basis')}")
        header += [f"{ind.code} — {_('review')}", f"{ind.code} — {_('evidence')}"]
    rows = []
    for number, sheet in enumerate(
        selectors.export_sheets(period, pemda.pk, verified=verified), start=1
    ):
        inn = sheet.innovation
        row = [
            number,
            inn.name,
            inn.agency.name,
            inn.pemda.name,
            inn.get_form_display(),
            inn.get_kind_display(),
            inn.get_classification_display(),
            inn.get_stage_display(),
            inn.get_initiator_kind_display(),
            inn.initiator_name,
            str(inn.main_affair or ""),
            "; ".join(str(a) for a in inn.other_affairs.all()),
            inn.implementation_start,
            sheet.development_date,
            sheet.development_note,
            *(getattr(inn, name) for name in DESIGN_FIELDS),
            inn.design_word_count,
            inn.goals,
            inn.benefits,
            inn.results,
            inn.video_url,
            sheet.get_status_display(),
            float(sheet.claimed_score),
            float(sheet.verified_score),
        ]
        by_indicator = {entry.indicator_id: entry for entry in sheet.rows.all()}
        for ind in indicators:
            entry = by_indicator.get(ind.pk)
            row.append(entry.level if entry else 0)
            if ind.bases.all():
                row.append(str(entry.basis or "") if entry else "")
            row.append(entry.get_review_display() if entry and entry.needs_review else "")
            row.append("\n".join(evidence_links(request, entry)) if entry else "")
        rows.append(row)
    return header, rows


def response(request, period: AssessmentPeriod, pemda, *, verified: bool, ext: str):
    """The XLSX or CSV download, through the one formula-safe writer of every export."""
    header, rows = table(request, period, pemda, verified=verified)
    rows = ([cell(value) for value in row] for row in rows)
    name = filename(period, pemda, ext, verified).removesuffix(f".{ext}")
    if ext == "xlsx":
        return xlsx_response(name, header, rows, title=f"IID {period.year}")
    return csv_response(name, header, rows)
