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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from inovda.core.spreadsheets import cell, csv_response, csv_safe, xlsx_response

__all__ = ["Column", "ExportSpec", "cell", "csv_response", "csv_safe", "register", "xlsx_response"]


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
