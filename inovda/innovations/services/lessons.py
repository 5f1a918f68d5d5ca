"""Lessons learned: the one writer of `Lesson`. The knowledge app's form and the
discontinue step (its no-blame closure) both write through here; every write is audited
and sent as the `lesson_createed` hook (the search index listens)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from inovda.core import audit, hooks

from .. import access
from ..models import Innovation, Lesson

LESSON_FIELDS = ["occasion", "title", "lessons", *Lesson.TEXT_FIELDS]

__all__ = ["LESSON_FIELDS", "lesson_create", "lesson_update", "lesson_delete"]


def _write(*, actor, lesson: Lesson, data: dict[str, Any], verb: str) -> Lesson:
    unknown = set(data) - set(LESSON_FIELDS)
    if unknown:
        raise ValueError(f"unknown lesson fields {sorted(unknown)!r}")
    before = audit.snapshot(lesson, LESSON_FIELDS) if lesson.pk else {}
    for key, value in data.items():
        setattr(lesson, key, value)
    lesson.full_clean()
    lesson.save()
    after = audit.snapshot(lesson, LESSON_FIELDS)
    if verb == "created":
        after = {k: v for k, v in after.items() if v not in ("", None, [])}
    changes = audit.diff(before, after)
    if changes or verb != "updated":
        audit.record(actor=actor, verb=verb, subject=lesson, changes=changes)
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
    if not access.can_write_lessons(actor, innovation):
        raise PermissionDenied(_("You may not write lessons about this innovation."))
    lesson = Lesson(innovation=innovation, created_by=actor)
    return _write(actor=actor, lesson=lesson, data=data, verb="created")


@transaction.atomic
def lesson_update(*, actor, lesson: Lesson, data: dict[str, Any]) -> Lesson:
    lesson = Lesson.objects.select_for_update().select_related("innovation").get(pk=lesson.pk)
    if not access.can_write_lessons(actor, lesson.innovation):
        raise PermissionDenied(_("You may not change this lesson."))
    return _write(actor=actor, lesson=lesson, data=data, verb="updated")


@transaction.atomic
def lesson_delete(*, actor, lesson: Lesson) -> None:
    if not access.can_write_lessons(actor, lesson.innovation):
        raise PermissionDenied(_("You may not delete this lesson."))
    audit.record(actor=actor, verb="deleted", subject=lesson)
    hooks.record_gone(instance=lesson, actor=actor)
    lesson.delete()
