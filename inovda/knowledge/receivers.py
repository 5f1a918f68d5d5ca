"""The knowledge app listens to the hooks (`inovda.core.hooks`) to keep the search index:
each row is written in the sender's transaction, so the index never disagrees with the
records (an import, a form, the API and a lifecycle step all end here)."""

from __future__ import annotations

from inovda.core import hooks
from inovda.core.indexing import indexer_for

from .indexing import index_many, index_object, unindex


def _innovations(sender, *, innovations, created=False, **kwargs) -> None:
    index_many(innovations, new=created)  # an import's batch: one INSERT for the new rows


def _transitioned(sender, *, innovation, **kwargs) -> None:
    index_object(innovation)  # status and stage are part of the row's filters


def _lesson(sender, *, lesson, **kwargs) -> None:
    index_object(lesson)


def _record(sender, *, instance, **kwargs) -> None:
    if indexer_for(instance) is not None:
        index_object(instance)


def _record_gone(sender, *, instance, **kwargs) -> None:
    if indexer_for(instance) is not None:
        unindex(instance)


def connect() -> None:
    hooks.innovation_changed.connect(_innovations, dispatch_uid="knowledge.index.innovations")
    hooks.innovation_transitioned.connect(_transitioned, dispatch_uid="knowledge.index.step")
    hooks.lesson_recorded.connect(_lesson, dispatch_uid="knowledge.index.lesson")
    hooks.record_changed.connect(_record, dispatch_uid="knowledge.index.record")
    hooks.record_deleted.connect(_record_gone, dispatch_uid="knowledge.index.record_gone")
