"""Hooks: how an app hears about another app's writes without the writer importing it.

The owning app's service sends the hook inside its own transaction, after the write, so a
subscriber's work (the search index row, a tranche released, a health refresh queued)
commits or rolls back with the change. Hooks are Django signals sent with `send()`: a
subscriber that raises aborts the write, as a bug in the same transaction would.

    innovation_changed      innovations=[...], created=bool, actor   (create, update, import)
    innovation_transitioned innovation, step, source, target, actor, data  (a lifecycle step)
    innovation_deleted      innovation, actor            (before the row is deleted)
    lesson_recorded         lesson, actor                (a lesson written or changed)
    record_changed          instance, actor              (any other record others may mirror,
                                                          e.g. a barrier in the search index)
    record_deleted          instance, actor              (before the row is deleted)
    task_reclaimed          task, given_up               (a task left RUNNING by a dead
                                                          worker: back to READY, or FAILED
                                                          once given_up; inovda.core.workers)

Senders call the small functions below (keyword-only, so a typo fails loudly). A subscriber
connects in its `AppConfig.ready()`:

    from inovda.core import hooks

    def _index(sender, *, innovations, **kwargs):
        for innovation in innovations:
            index_object(innovation)

    hooks.innovation_changed.connect(_index, dispatch_uid="knowledge.index_innovations")

Always accept `**kwargs`: hooks may gain arguments. `sender` is the model class.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

innovation_changed = Signal()
innovation_transitioned = Signal()
innovation_deleted = Signal()
lesson_recorded = Signal()
record_changed = Signal()
record_deleted = Signal()
task_reclaimed = Signal()


def changed(*, innovations: Iterable, created: bool, actor) -> None:
    innovations = list(innovations)
    if innovations:
        innovation_changed.send(
            sender=type(innovations[0]), innovations=innovations, created=created, actor=actor
        )


def transitioned(*, innovation, step: str, source: str, target: str, actor, data: dict) -> None:
    innovation_transitioned.send(
        sender=type(innovation),
        innovation=innovation,
        step=step,
        source=source,
        target=target,
        actor=actor,
        data=data,
    )


def deleted(*, innovation, actor) -> None:
    innovation_deleted.send(sender=type(innovation), innovation=innovation, actor=actor)


def lesson(*, lesson, actor) -> None:
    lesson_recorded.send(sender=type(lesson), lesson=lesson, actor=actor)


def record(*, instance, actor=None) -> None:
    record_changed.send(sender=type(instance), instance=instance, actor=actor)


def record_gone(*, instance, actor=None) -> None:
    record_deleted.send(sender=type(instance), instance=instance, actor=actor)


def reclaimed(*, task, given_up: bool) -> None:
    task_reclaimed.send(sender=type(task), task=task, given_up=given_up)
