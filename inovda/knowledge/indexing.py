"""The search index: one table (`SearchDocument`) fed by the indexers that apps register
in `inovda.core.indexing` (innovations, lessons, events and library here; barrier
precedents in ecosystem).

The knowledge app keeps the rows current by listening to the hooks (`inovda.core.hooks`)
that the owning services send inside their transactions: `innovation_changed`,
`innovation_transitioned`, `lesson_recorded`, `record_changed` and `record_deleted`
(see `receivers.py`). `manage.py search_reindex` rebuilds everything from the indexers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Q, Value

from inovda.core.analysis import analyze
from inovda.core.indexing import (
    MARK_END,
    MARK_START,
    IndexEntry,
    Indexer,
    clean_text,
    indexer_for,
    indexer_for_type,
    indexers,
    join_text,
    register,
)
from inovda.innovations.access import innovation_bound
from inovda.organizations import access as org_access
from inovda.organizations.access import pemda_wide

from . import conf
from .models import SearchDocument


def visibility_q(user) -> Q:
    """What `user` may find: each type's own rule, grouped so each rule appears once."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)  # everything; an empty Q() would vanish inside an OR
    by_rule: dict[Callable, list[str]] = {}
    for indexer in indexers():
        by_rule.setdefault(indexer.visible, []).append(indexer.doc_type)
    q = Q(pk__in=[])
    for rule, types in by_rule.items():
        q |= Q(doc_type__in=types) & rule(user)
    # Nothing is ever visible outside the Pemda the user reads. Said once more up front, it
    # bounds every rule and lets both engines start from the (pemda, doc_type) index.
    return Q(pemda_id__in=org_access.readable_pemda_ids(user)) & q


def vector_expression(title: str, body: str) -> SearchVector:
    """PostgreSQL: the analysed title (weight A) and body (weight B), config 'simple' (the
    words are already Indonesian stems: PostgreSQL must keep them as they are)."""
    config = conf.get("PG_CONFIG")
    return SearchVector(Value(title), weight="A", config=config) + SearchVector(
        Value(body), weight="B", config=config
    )


def analysed(title: str, body: str) -> dict:
    """The index columns of a row: raw text (shown) and its analysis (matched), ADR 0018;
    on PostgreSQL also the search vector of that analysis, so the row is written once with
    its vector (a second UPDATE would leave a dead copy of every row behind it)."""
    title, body = clean_text(title)[:300], clean_text(body)
    columns = {
        "title": title,
        "body": body,
        "index_title": analyze(title),
        "index_body": analyze(body),
    }
    if connection.vendor == "postgresql":
        columns["search_vector"] = vector_expression(columns["index_title"], columns["index_body"])
    return columns


def _store(doc_type: str, object_id: int, entry: IndexEntry) -> SearchDocument:
    doc, _created = SearchDocument.objects.update_or_create(
        doc_type=doc_type,
        object_id=object_id,
        defaults={
            **analysed(entry.title, entry.body),
            "pemda_id": entry.pemda_id,
            "agency_id": entry.agency_id,
            "innovation_id": entry.innovation_id,
            "year": entry.year,
        },
    )
    doc.affairs.set(sorted(set(entry.affair_ids)))
    doc.themes.set(sorted(set(entry.theme_ids)))
    return doc


def _indexer(obj) -> Indexer:
    indexer = indexer_for(obj)
    if indexer is None:
        raise LookupError(f"no search indexer is registered for {obj._meta.label}")
    return indexer


@transaction.atomic
def index_object(obj) -> SearchDocument | None:
    """Create or refresh the search row of `obj` (or drop it when its indexer says None)."""
    indexer = _indexer(obj)
    entry = indexer.entry(obj)
    if entry is None:
        unindex(obj)
        return None
    return _store(indexer.doc_type, obj.pk, entry)


@transaction.atomic
def index_many(objs: Iterable, new: bool = False) -> None:
    """`index_object` for many objects of one type (an import's batch): the rows that are
    new are written with one INSERT (and one per filter relation) instead of a lookup, an
    insert and two relation updates each; existing rows are refreshed one by one. `new`:
    the objects were just created (none has a row yet), so none is looked up."""
    objs = list(objs)
    if not objs:
        return
    indexer = _indexer(objs[0])
    doc_type = indexer.doc_type
    stored: set[int] = set()
    if not new:
        stored = set(
            SearchDocument.objects.filter(
                doc_type=doc_type, object_id__in=[obj.pk for obj in objs]
            ).values_list("object_id", flat=True)
        )
    fresh: list[tuple[SearchDocument, IndexEntry]] = []
    for obj in objs:
        if obj.pk in stored:
            index_object(obj)
            continue
        entry = indexer.entry(obj)
        if entry is None:
            continue
        doc = SearchDocument(
            doc_type=doc_type,
            object_id=obj.pk,
            **analysed(entry.title, entry.body),
            pemda_id=entry.pemda_id,
            agency_id=entry.agency_id,
            innovation_id=entry.innovation_id,
            year=entry.year,
        )
        fresh.append((doc, entry))
        stored.add(obj.pk)
    if not fresh:
        return
    SearchDocument.objects.bulk_create([doc for doc, _entry in fresh])
    for name, ids_of in (("affairs", "affair_ids"), ("themes", "theme_ids")):
        relation = getattr(SearchDocument, name)
        through, field = relation.through, relation.field
        own, other = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create(
            [
                through(**{own: doc.pk, other: target})
                for doc, entry in fresh
                for target in sorted(set(getattr(entry, ids_of)))
            ]
        )


def unindex(obj, pk: int | None = None) -> None:
    """Drop the search row of `obj` (pass `pk` when the object is already deleted)."""
    indexer = _indexer(obj)
    SearchDocument.objects.filter(doc_type=indexer.doc_type, object_id=pk or obj.pk).delete()


def reindex(doc_types: Iterable[str] | None = None, stdout=None) -> int:
    """Rebuild the rows of the given types (all by default) from their records."""
    count = 0
    wanted = set(doc_types) if doc_types else {i.doc_type for i in indexers()}
    for doc_type in sorted(wanted):
        indexer = indexer_for_type(doc_type)
        with transaction.atomic():
            SearchDocument.objects.filter(doc_type=doc_type).delete()
            stored = 0
            for obj in indexer.all_objects().iterator(chunk_size=500):
                entry = indexer.entry(obj)
                if entry is not None:
                    _store(doc_type, obj.pk, entry)
                    stored += 1
        count += stored
        if stdout is not None:
            stdout.write(f"Search index: {stored} {doc_type} documents.")
    return count


__all__ = [
    "MARK_END",
    "MARK_START",
    "IndexEntry",
    "analysed",
    "Indexer",
    "index_many",
    "index_object",
    "indexer_for_type",
    "indexers",
    "innovation_bound",
    "join_text",
    "pemda_wide",
    "register",
    "reindex",
    "unindex",
    "visibility_q",
]
