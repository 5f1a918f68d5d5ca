"""PDF reports with WeasyPrint: one helper for every report.

A report is a template that extends "reports/pdf/base.html" (letterhead with the Pemda's
name and logo, page numbers, footer; the reports app adds its letterhead settings through
`letterhead_part`) and a view that resolves its subject through the
user and returns `pdf_response(...)`. The event (FGD) report, say, is then:

    @login_required
    def event_report(request, pk):
        event = event_for_user(request.user, pk)           # 404 outside scope
        return pdf_response(request, "knowledge/pdf/event.html",
                            {"event": event, **letterhead(event.pemda)},
                            filename=f"fgd-{event.pk}")

Nothing is fetched from the network while rendering: the logo is embedded as a data URI
and only `data:` URLs are allowed.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
from collections.abc import Callable

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

# WeasyPrint reports every layout step at INFO; keep the server log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_PARTS: list[Callable[[object], dict]] = []


def letterhead_part(part: Callable[[object], dict]) -> None:
    """Register `part(pemda) -> dict`, merged into every report's letterhead context."""
    if part not in _PARTS:
        _PARTS.append(part)


def logo_data_uri(pemda) -> str:
    if not pemda.logo:
        return ""
    try:
        with pemda.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    content_type = mimetypes.guess_type(pemda.logo.name)[0] or "image/png"
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def letterhead(pemda) -> dict:
    """The context every report template needs for its letterhead and footer."""
    context = {"pemda": pemda, "logo": logo_data_uri(pemda), "generated_at": timezone.localtime()}
    for part in _PARTS:
        context.update(part(pemda))
    return context


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context, request=request)
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def pdf_response(request, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{slugify(filename) or "report"}.pdf"'
    return response
