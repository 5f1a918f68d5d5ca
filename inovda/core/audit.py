"""Domain events: one explicit audit row per state change (Zulip's actions pattern).

Call `record()` inside the service's `transaction.atomic()` block, so the event and the
change commit or roll back together. `model_update()` is the one way a service applies
form data to a row: allowed fields only, saved with the fields that changed, one event.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from . import cache
from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(str(_plain(v)) for v in value)
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited values of `fields` on `instance` (m2m as sorted names)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            data[name] = _plain(list(getattr(instance, name).all())) if instance.pk else []
        else:
            data[name] = _plain(getattr(instance, name))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"before": old, "after": new}} for every field whose value changed."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in after
        if before.get(key) != after.get(key)
    }


def record(
    *,
    actor,
    verb: str,
    subject: models.Model,
    pemda=None,
    target: str = "",
    message: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the service's transaction")
    event = build(
        actor=actor,
        verb=verb,
        subject=subject,
        pemda=pemda,
        target=target,
        message=message,
        changes=changes,
    )
    event.save()
    cache.bump(event.pemda_id)  # the Pemda's cached figures (inovda.core.cache)
    return event


def build(
    *,
    actor,
    verb: str,
    subject: models.Model,
    pemda=None,
    target: str = "",
    message: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """An unsaved event, for services that write many at once with `bulk_create` (inside
    their transaction, like `record`)."""
    if pemda is None and getattr(subject, "pemda_id", None) is None:
        pemda = getattr(subject, "pemda", None)  # e.g. a property reaching its innovation
    return AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=subject.pk,
        subject_repr=str(subject)[:300],
        target_repr=target[:300],
        message=message,
        changes=changes or {},
        pemda_id=pemda.pk if pemda is not None else getattr(subject, "pemda_id", None),
    )


def record_many(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """`record` for many events built with `build` (a bulk service's batch): one INSERT,
    inside the service's transaction like `record`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many() must run inside the service's transaction")
    created = AuditEvent.objects.bulk_create(events)
    cache.bump(*{event.pemda_id for event in created})
    return created


def timeline(subject: models.Model):
    """Events of one subject, newest first, with their actors."""
    return AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=subject.pk,
    ).select_related("actor")


def model_update(
    *,
    instance: models.Model,
    fields: Sequence[str],
    data: dict[str, Any],
    actor=None,
    verb: str = "",
    subject: models.Model | None = None,
    pemda=None,
    target: str = "",
    message: str = "",
) -> dict[str, dict[str, Any]]:
    """Apply `data` to `instance` and return what changed, `{field: {"before", "after"}}`.

    `fields` are the fields a caller may set and the ones audited; a key of `data` outside
    them is a programming error (ValueError). Many-to-many values are set after the row is
    saved. A new instance (no primary key yet) is validated and inserted, and its changes
    list every filled field of `fields` (values given to the constructor included). An
    existing one is validated and saved with `update_fields` only when a plain field
    changed; nothing is written when nothing changed.

    With `verb`, one AuditEvent records the changes (subject: `subject` or the instance),
    always for a new row, for an existing one only when something changed. Run it inside
    the service's transaction.
    """
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)} for {type(instance).__name__}")
    adding = instance._state.adding
    before = {} if adding else snapshot(instance, list(fields))
    m2m: dict[str, Any] = {}
    changed: list[str] = []
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
            continue
        old = field.value_from_object(instance)
        setattr(instance, name, value)
        if adding or field.value_from_object(instance) != old:
            changed.append(field.name)
    if adding:
        instance.full_clean()
        instance.save()
    elif changed:
        instance.full_clean()
        auto_now = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", 0)]
        instance.save(update_fields=[*changed, *auto_now])
    for name, value in m2m.items():
        manager = getattr(instance, name)
        if adding or {o.pk for o in manager.all()} != {getattr(o, "pk", o) for o in value}:
            manager.set(value)
    after = snapshot(instance, list(fields))
    if adding:
        after = {key: value for key, value in after.items() if value not in ("", None, [])}
    changes = diff(before, after)
    if verb and (changes or adding):
        record(
            actor=actor,
            verb=verb,
            subject=subject or instance,
            pemda=pemda,
            target=target,
            message=message,
            changes=changes,
        )
    return changes


# ---------------------------------------------------------------- the past, from history


def end_of(day: datetime.date) -> datetime.datetime:
    """The last instant of `day` in the site's time zone."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def value_then(model, field: str, day: datetime.date, output_field=None):
    """An expression (for `annotate`) of `field` of each `model` row as it was at the end
    of `day`, from the audit history: the value after the last recorded change up to that
    day, else the value before the first change after it, else (never changed) the
    current value. The annual report of a past year reads the registry this way.
    `output_field`: for a field that is not text (an amount), the history's text is cast."""
    from django.db.models import CharField, F, OuterRef, Subquery
    from django.db.models.fields.json import KeyTextTransform, KeyTransform
    from django.db.models.functions import Cast, Coalesce

    end = end_of(day)
    events = AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(model),
        subject_id=OuterRef("pk"),
        changes__has_key=field,
    )
    after = KeyTextTransform("after", KeyTransform(field, "changes"))
    before = KeyTextTransform("before", KeyTransform(field, "changes"))
    last = (
        events.filter(created_at__lte=end)
        .order_by("-created_at", "-id")
        .annotate(v=after)
        .values("v")[:1]
    )
    first_later = (
        events.filter(created_at__gt=end).order_by("created_at", "id").annotate(v=before)
    ).values("v")[:1]
    then = [
        Subquery(last, output_field=CharField()),
        Subquery(first_later, output_field=CharField()),
    ]
    if output_field is not None:
        then = [Cast(value, output_field=output_field) for value in then]
    return Coalesce(*then, F(field), output_field=output_field)
