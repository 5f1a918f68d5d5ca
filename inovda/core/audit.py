"""Domain events: one explicit audit row per state change (Zulip's actions pattern).

Call `record()` inside the service's `transaction.atomic()` block, so the event and the
change commit or roll back together.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

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


def timeline(subject: models.Model):
    """Events of one subject, newest first, with their actors."""
    return AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=subject.pk,
    ).select_related("actor")
