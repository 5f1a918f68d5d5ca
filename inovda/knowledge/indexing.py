"""The search index: one table (`SearchDocument`) fed by small per-type indexers.

An indexer says, for one model, what its search row holds and who may see it:

    register(Indexer(
        doc_type="barrier",                       # stable code stored in the index
        label=_("Barrier precedents"),            # shown in the type filter
        model="ecosystem.Barrier",                # app_label.ModelName
        entry=lambda barrier: IndexEntry(...),    # or None: "do not index this one"
        visible=pemda_wide,                       # or innovation_bound, or your own rule
        url=lambda object_id: reverse("ecosystem:barrier_detail", args=[object_id]),
    ))

Services that write a record call `index_object(obj)` in their transaction (and
`unindex(obj)` before deleting it, unless the row cascades through `innovation`/`pemda`).
`manage.py search_reindex` rebuilds everything from the registered indexers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import Q

from inovda.innovations.access import innovations_for_user
from inovda.organizations import access as org_access

from . import conf
from .models import SearchDocument

MARK_START, MARK_END = "\x02", "\x03"  # highlight markers; never stored in the index


def innovation_bound(user) -> Q:
    """Rows about an innovation: visible exactly when the innovation is (one rule)."""
    return Q(innovation__in=innovations_for_user(user).values("pk"))


def pemda_wide(user) -> Q:
    """Rows shared with everyone who reads the Pemda (events, library)."""
    return Q(pemda_id__in=org_access.readable_pemda_ids(user))


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
    visible: Callable[[Any], Q] = field(default=pemda_wide)
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


def indexer_for(obj) -> Indexer:
    label = obj._meta.label
    for indexer in _INDEXERS.values():
        if indexer.model == label:
            return indexer
    raise LookupError(f"no search indexer is registered for {label}")


def visibility_q(user) -> Q:
    """What `user` may find: each type's own rule, grouped so each rule appears once."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)  # everything; an empty Q() would vanish inside an OR
    by_rule: dict[Callable, list[str]] = {}
    for indexer in _INDEXERS.values():
        by_rule.setdefault(indexer.visible, []).append(indexer.doc_type)
    q = Q(pk__in=[])
    for rule, types in by_rule.items():
        q |= Q(doc_type__in=types) & rule(user)
    # Nothing is ever visible outside the Pemda the user reads. Said once more up front, it
    # bounds every rule and lets both engines start from the (pemda, doc_type) index.
    return Q(pemda_id__in=org_access.readable_pemda_ids(user)) & q


def clean_text(text: str) -> str:
    return (text or "").replace(MARK_START, " ").replace(MARK_END, " ")


def join_text(*parts: str) -> str:
    """Non-empty parts, one per paragraph."""
    return "\n".join(clean_text(p).strip() for p in parts if p and p.strip())


def vector_expression() -> SearchVector:
    """PostgreSQL: title (weight A) and body (weight B) in the configured language."""
    config = conf.get("PG_CONFIG")
    return SearchVector("title", weight="A", config=config) + SearchVector(
        "body", weight="B", config=config
    )


def write_vectors(queryset) -> None:
    """Compute `search_vector` of these rows (PostgreSQL; SQLite's FTS5 uses triggers)."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=vector_expression())


def _write_vectors(ids: list[int]) -> None:
    if ids:
        write_vectors(SearchDocument.objects.filter(pk__in=ids))


def _store(doc_type: str, object_id: int, entry: IndexEntry) -> SearchDocument:
    doc, _created = SearchDocument.objects.update_or_create(
        doc_type=doc_type,
        object_id=object_id,
        defaults={
            "title": clean_text(entry.title)[:300],
            "body": clean_text(entry.body),
            "pemda_id": entry.pemda_id,
            "agency_id": entry.agency_id,
            "innovation_id": entry.innovation_id,
            "year": entry.year,
        },
    )
    doc.affairs.set(sorted(set(entry.affair_ids)))
    doc.themes.set(sorted(set(entry.theme_ids)))
    return doc


@transaction.atomic
def index_object(obj) -> SearchDocument | None:
    """Create or refresh the search row of `obj` (or drop it when its indexer says None)."""
    indexer = indexer_for(obj)
    entry = indexer.entry(obj)
    if entry is None:
        unindex(obj)
        return None
    doc = _store(indexer.doc_type, obj.pk, entry)
    _write_vectors([doc.pk])
    return doc


def unindex(obj, pk: int | None = None) -> None:
    """Drop the search row of `obj` (pass `pk` when the object is already deleted)."""
    indexer = indexer_for(obj)
    SearchDocument.objects.filter(doc_type=indexer.doc_type, object_id=pk or obj.pk).delete()


def reindex(doc_types: Iterable[str] | None = None, stdout=None) -> int:
    """Rebuild the rows of the given types (all by default) from their records."""
    count = 0
    wanted = set(doc_types) if doc_types else set(_INDEXERS)
    for doc_type in sorted(wanted):
        indexer = _INDEXERS[doc_type]
        with transaction.atomic():
            SearchDocument.objects.filter(doc_type=doc_type).delete()
            ids = []
            for obj in indexer.all_objects().iterator(chunk_size=500):
                entry = indexer.entry(obj)
                if entry is not None:
                    ids.append(_store(doc_type, obj.pk, entry).pk)
            _write_vectors(ids)
        count += len(ids)
        if stdout is not None:
            stdout.write(f"Search index: {len(ids)} {doc_type} documents.")
    return count
