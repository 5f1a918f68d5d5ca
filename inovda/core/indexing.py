"""The search-index registry: what each record type contributes to the one search box.

The knowledge app keeps the index table and the search; every app (ecosystem's barrier
precedents, knowledge's own events and library, ...) registers an indexer for its records
in its `AppConfig.ready()` without importing the knowledge app:

    from inovda.core.indexing import IndexEntry, Indexer, join_text, register

    register(Indexer(
        doc_type="barrier",                       # stable code stored in the index
        label=_("Barrier precedents"),            # shown in the type filter
        model="ecosystem.Barrier",                # app_label.ModelName
        entry=lambda barrier: IndexEntry(...),    # or None: "do not index this one"
        url=lambda object_id: reverse("ecosystem:barrier_detail", args=[object_id]),
        visible=innovation_bound,                 # innovations.access: follows the innovation
    ))                                            # (or organizations.access.pemda_wide)

Services then send `hooks.record(instance=...)` after a write and `hooks.record_gone(...)`
before a delete (innovations and lessons have their own hooks); the knowledge app keeps
the row in the same transaction. `manage.py search_reindex` rebuilds from the indexers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

MARK_START, MARK_END = "\x02", "\x03"  # highlight markers; never stored in the index


@dataclass
class IndexEntry:
    title: str
    body: str = ""
    pemda_id: int | None = None
    agency_id: int | None = None
    innovation_id: int | None = None
    year: int | None = None
    affair_ids: Iterable[int] = ()
    theme_ids: Iterable[int] = ()


@dataclass(frozen=True)
class Indexer:
    doc_type: str
    label: Any  # lazy translation
    model: str  # "app_label.ModelName"
    entry: Callable[[Any], IndexEntry | None]
    url: Callable[[int], str]
    visible: Callable[[Any], Q]  # who may find a row: a rule shared by types (one Q per rule)
    queryset: Callable[[], models.QuerySet] | None = None  # for search_reindex
    icon: str = "bi-file-text"

    def model_class(self):
        return apps.get_model(self.model)

    def all_objects(self):
        return self.queryset() if self.queryset else self.model_class()._default_manager.all()


_INDEXERS: dict[str, Indexer] = {}


def register(indexer: Indexer) -> None:
    _INDEXERS[indexer.doc_type] = indexer


def indexers() -> list[Indexer]:
    return list(_INDEXERS.values())


def indexer_for_type(doc_type: str) -> Indexer | None:
    return _INDEXERS.get(doc_type)


def indexer_for(obj) -> Indexer | None:
    label = obj._meta.label
    for indexer in _INDEXERS.values():
        if indexer.model == label:
            return indexer
    return None


def clean_text(text: str) -> str:
    return (text or "").replace(MARK_START, " ").replace(MARK_END, " ")


def join_text(*parts: str) -> str:
    """Non-empty parts, one per paragraph."""
    return "\n".join(clean_text(p).strip() for p in parts if p and p.strip())
