"""The one spreadsheet writer (CSV and XLSX) behind every export and download of a table.

A text cell that a spreadsheet would run as a formula (starting with =, +, - or @) is
written as text: CSV cells get a leading apostrophe, XLSX cells the string type. Every
export goes through `csv_response` / `xlsx_response`, so no list can forget it.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import tempfile
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone


def cell(value) -> Any:
    """A value a spreadsheet understands: text, number, date, or blank."""
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (datetime.date, int, float, decimal.Decimal, bool)):
        return value
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(str(item) for item in items)
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@")


def csv_safe(value):
    """A text cell that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, headers: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so that Excel reads UTF-8
        yield writer.writerow(headers)
        for row in rows:
            yield writer.writerow(
                [
                    v.isoformat(sep=" ") if isinstance(v, datetime.datetime) else csv_safe(v)
                    for v in row
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_cell(sheet, value):
    """openpyxl writes a text starting with "=" as a formula: keep it text."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_response(filename: str, headers: list[str], rows: Iterable[list], title: str = "Data"):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31] or "Data")
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        header = WriteOnlyCell(sheet, value=str(text))
        header.font = bold
        header_cells.append(header)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    return workbook_response(workbook, filename)


def workbook_response(workbook, filename: str) -> FileResponse:
    """An openpyxl workbook as a download named `filename`.xlsx."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
