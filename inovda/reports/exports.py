"""One export mechanism for every list: XLSX or CSV of what the list shows, filters included.

An app adds its list in its `AppConfig.ready()` with a few lines:

    from inovda.reports.exports import Column, ExportSpec, register

    register(ExportSpec(
        key="barriers",
        title=_("Barriers"),
        rows=lambda request: barrier_list(user=request.user, filters=filters_from(request.GET)),
        columns=[
            Column(_("Barrier"), "title"),
            Column(_("Innovation"), lambda b: b.innovation.name),
            Column(_("Opened"), "created_at"),
        ],
    ))

and links to it from the list template, which passes on the list's current query string:

    {% include "reports/_export_links.html" with export="barriers" %}

`rows(request)` must start from what the user may see (the list's own selector), so an
export never shows more than the page. CSV streams; XLSX is written row by row
(openpyxl's write-only mode) to a temporary file.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy translation
    value: str | Callable[[Any], Any]  # an attribute path ("agency.name") or a function

    def get(self, obj) -> Any:
        if callable(self.value):
            return self.value(obj)
        for part in self.value.split("."):
            if obj is None:
                return None
            display = getattr(obj, f"get_{part}_display", None)
            obj = display() if display else getattr(obj, part)
        return obj


@dataclass(frozen=True)
class ExportSpec:
    key: str
    title: Any
    rows: Callable[[Any], Iterable]  # rows(request) → the filtered list
    columns: list[Column]
    prefetch: tuple[str, ...] = ()


_EXPORTS: dict[str, ExportSpec] = {}


def register(spec: ExportSpec) -> None:
    _EXPORTS[spec.key] = spec


def get(key: str) -> ExportSpec | None:
    return _EXPORTS.get(key)


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


def table_rows(columns: list[Column], objects: Iterable) -> Iterator[list]:
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=2000)
    for obj in objects:
        yield [cell(column.get(obj)) for column in columns]


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
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


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


# ---------------------------------------------------------------- the innovation list


def _innovation_rows(request):
    from inovda.innovations.forms import InnovationFilterForm
    from inovda.innovations.selectors import innovation_list, innovation_years
    from inovda.organizations.access import agencies_for_user

    form = InnovationFilterForm(
        request.GET or None,
        agencies=agencies_for_user(request.user),
        years=innovation_years(user=request.user),
    )
    return innovation_list(user=request.user, filters=form.to_filters())


INNOVATIONS = ExportSpec(
    key="innovations",
    title=gettext_lazy("Innovations"),
    rows=_innovation_rows,
    prefetch=("themes", "other_affairs"),
    columns=[
        Column(gettext_lazy("ID"), "pk"),
        Column(gettext_lazy("Innovation name"), "name"),
        Column(gettext_lazy("Pemda"), "pemda.name"),
        Column(gettext_lazy("Agency"), "agency.name"),
        Column(
            gettext_lazy("Main government affair"), lambda i: i.main_affair and i.main_affair.code
        ),
        Column(
            gettext_lazy("Overlapping affairs"),
            lambda i: ", ".join(a.code for a in i.other_affairs.all()),
        ),
        Column(gettext_lazy("Form (bentuk)"), "form"),
        Column(gettext_lazy("Kind (digital)"), "kind"),
        Column(gettext_lazy("Classification"), "classification"),
        Column(gettext_lazy("Stage"), "stage"),
        Column(gettext_lazy("Status"), "status"),
        Column(gettext_lazy("Initiator"), "initiator_kind"),
        Column(gettext_lazy("Initiator name"), "initiator_name"),
        Column(gettext_lazy("Year initiated"), "year"),
        Column(gettext_lazy("Trial start"), "trial_start"),
        Column(gettext_lazy("Trial end"), "trial_end"),
        Column(gettext_lazy("Implementation start"), "implementation_start"),
        Column(gettext_lazy("Themes"), "themes"),
        Column(gettext_lazy("Goals"), "goals"),
        Column(gettext_lazy("Benefits"), "benefits"),
        Column(gettext_lazy("Results"), "results"),
        Column(gettext_lazy("Design words"), "design_word_count"),
        Column(gettext_lazy("Updated"), "updated_at"),
    ],
)
