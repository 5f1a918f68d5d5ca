"""Lessons learned: the one writer of `Lesson`. The knowledge app's form and the
discontinue step (its no-blame closure) both write through here; every write is audited
and sent as the `lesson_recorded` hook (the search index listens)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from inovda.core import audit, hooks

from .. import access
from ..models import Innovation, Lesson

LESSON_FIELDS = ["occasion", "title", "lessons", *Lesson.TEXT_FIELDS]

__all__ = ["LESSON_FIELDS", "lesson_create", "lesson_update", "lesson_delete"]


def _write(*, actor, lesson: Lesson, data: dict[str, Any], verb: str) -> Lesson:
    audit.model_update(instance=lesson, fields=LESSON_FIELDS, data=data, actor=actor, verb=verb)
    hooks.lesson(lesson=lesson, actor=actor)
    return lesson


def closure_lesson_write(*, actor, innovation: Innovation, data: dict[str, Any]) -> Lesson:
    """The discontinue step's no-blame closure (the step has checked role and fields)."""
    return _write(
        actor=actor,
        lesson=Lesson(innovation=innovation, created_by=actor),
        data={
            "occasion": Lesson.Occasion.DISCONTINUATION,
            "title": _("Lessons from closing %(name)s") % {"name": innovation.name},
            **data,
        },
        verb="created",
    )


@transaction.atomic
def lesson_create(*, actor, innovation: Innovation, data: dict[str, Any]) -> Lesson:
    access.require_write_lessons(actor, innovation)
    lesson = Lesson(innovation=innovation, created_by=actor)
    return _write(actor=actor, lesson=lesson, data=data, verb="created")


@transaction.atomic
def lesson_update(*, actor, lesson: Lesson, data: dict[str, Any]) -> Lesson:
    lesson = Lesson.objects.select_for_update().select_related("innovation").get(pk=lesson.pk)
    access.require_write_lessons(actor, lesson.innovation)
    return _write(actor=actor, lesson=lesson, data=data, verb="updated")


@transaction.atomic
def lesson_delete(*, actor, lesson: Lesson) -> None:
    access.require_write_lessons(actor, lesson.innovation)
    audit.record(actor=actor, verb="deleted", subject=lesson)
    hooks.record_gone(instance=lesson, actor=actor)
    lesson.delete()
