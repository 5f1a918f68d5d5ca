"""The export registry: every list can be downloaded as XLSX or CSV of what it shows.

An app registers its list in its `AppConfig.ready()` (its `exports.py`) with a few lines,
without importing the reports app, which writes the files:

    from inovda.core.exports import Column, ExportSpec, register

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
export never shows more than the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


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
