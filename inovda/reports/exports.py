"""XLSX and CSV of a registered list (`inovda.core.exports`), filters included: CSV
streams; XLSX is written row by row (openpyxl's write-only mode) to a temporary file.
The innovation list's own export is registered here too.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inovda.core.exports import Column, ExportSpec
from inovda.core.spreadsheets import cell, csv_response, xlsx_response


def table_rows(columns: list[Column], objects: Iterable) -> Iterator[list]:
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=2000)
    for obj in objects:
        yield [cell(column.get(obj)) for column in columns]


def export_response(spec: ExportSpec, request, fmt: str):
    headers = [str(column.header) for column in spec.columns]
    objects = spec.rows(request)
    if spec.prefetch and isinstance(objects, QuerySet):
        objects = objects.prefetch_related(*spec.prefetch)
    rows = table_rows(spec.columns, objects)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{slugify(str(spec.title))}-{stamp}"
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(filename, headers, rows, title=str(spec.title))


def import_template_response(importer, pemda, title: str):
    """An import template: the headers and an example row on the first sheet, and on a
    second sheet each column with whether it is required and what it accepts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    bold = Font(bold=True)
    sheet.append([str(field.label) for field in importer.fields])
    sheet.append(importer.example_row(pemda))
    for cell_ in sheet[1]:
        cell_.font = bold
    for cell_ in sheet[2]:
        cell_.fill = PatternFill("solid", fgColor="FFF2CC")
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    sheet.freeze_panes = "A2"
    allowed = importer.allowed(pemda)
    values = workbook.create_sheet(str(_("Allowed values"))[:31])
    values.append(
        [str(_("Column")), str(_("Required")), str(_("What it accepts")), str(_("Example"))]
    )
    for cell_ in values[1]:
        cell_.font = bold
    example = importer.example_row(pemda)
    for field, sample in zip(importer.fields, example, strict=True):
        values.append(
            [
                str(field.label),
                str(_("yes")) if field.required else "",
                allowed.get(field.name, str(_("Text."))),
                sample,
            ]
        )
    values.append([])
    values.append(
        [
            str(
                _(
                    "The yellow row of the first sheet is an example: replace it. Left as it is, "
                    "it is recognised and skipped."
                )
            )
        ]
    )
    for width, letter in ((32, "A"), (10, "B"), (80, "C"), (36, "D")):
        values.column_dimensions[letter].width = width
    for row in values.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"template-{importer.kind}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
