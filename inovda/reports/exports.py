"""XLSX and CSV of a registered list (`inovda.core.exports`), filters included: CSV
streams; XLSX is written row by row (openpyxl's write-only mode) to a temporary file.
The innovation list's own export is registered here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

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
