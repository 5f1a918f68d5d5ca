"""No lost update: one optimistic-locking mechanism for every editable record.

- `Versioned` (abstract model): a `version` counter, raised by every save of an existing row;
- `check_version(obj, expected)` in the service, inside its transaction: locks the row and
  refuses with `StaleVersion` when someone saved it since the user loaded it (expected is
  the version the form or the API client saw; None skips the check);
- `VersionedForm` (form mixin): the version travels as a hidden field; on `StaleVersion`
  `form.stale(exc)` keeps the user's input, says who saved what meanwhile, and takes the
  new version so that a second save, made knowingly, goes through;
- `VersionedAPIMixin` (DRF viewset mixin): `ETag: "<version>"` on GET, `If-Match` on PUT,
  PATCH and DELETE, 412 Precondition Failed on a mismatch.
"""

from __future__ import annotations

import decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException

VERSION_FIELD = "version"


class Versioned(models.Model):
    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
            fields = kwargs.get("update_fields")
            if fields is not None:
                kwargs["update_fields"] = {*fields, VERSION_FIELD}
        super().save(*args, **kwargs)


class StaleVersion(ValidationError):
    """Someone saved the record after the user loaded it."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _("Someone else saved this record while you were editing it."), code="stale"
        )


def parse_version(raw) -> int | None:
    try:
        return int(str(raw).strip().strip('W/"').strip('"'))
    except (TypeError, ValueError):
        return None


def check_version(obj: Versioned, expected) -> None:
    """Refuse a save based on an older version of `obj` (call inside the service's
    transaction: the row stays locked until it commits, so two saves cannot both pass)."""
    if expected in (None, ""):
        return
    model = type(obj)
    current = (
        model.objects.select_for_update().filter(pk=obj.pk).values_list(VERSION_FIELD, flat=True)
    )
    current = current.first()
    if current is not None and current != parse_version(expected):
        raise StaleVersion(model.objects.get(pk=obj.pk))


def _last_change(obj):
    from .audit import timeline

    return timeline(obj).exclude(changes={}).first()


class VersionedForm(forms.Form):
    """Mixin for the edit form of a `Versioned` record (pass `instance=` or `version=`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        version = kwargs.pop("version", None)
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk:
            version = getattr(instance, VERSION_FIELD, None)
        self.fields["version"].initial = version

    # Form field → attribute of the record, where the names differ.
    stale_fields: dict[str, str] = {}

    def stale(self, exc: StaleVersion) -> bool:
        """Keep what the user typed; show the other person's saved values; accept the next
        save as a conscious overwrite. True when the record already holds exactly what the
        user sent (a double submission): the caller treats it as done."""
        current, theirs = exc.current, []
        for name, field in self.fields.items():
            attr = self.stale_fields.get(name, name)
            if name == VERSION_FIELD or not hasattr(current, attr):
                continue
            value, typed = getattr(current, attr), self.cleaned_data.get(name)
            if _text(value) != _text(typed):
                theirs.append(f"{field.label}: “{_text(value)[:120] or '—'}”")
        if not theirs:
            return True
        event = _last_change(current)
        who = event.actor if event is not None else None
        message = _("%(who)s saved this record while you were editing it.") % {
            "who": (who.get_full_name() or who.get_username()) if who else _("Someone else")
        }
        message += " " + _("Their values: %(values)s.") % {"values": "; ".join(theirs)}
        message += " " + _("Your input is kept below: save again to replace theirs.")
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = current.version
        self.data = data
        self.add_error(None, ValidationError(message, code="stale"))
        return False


def _text(value) -> str:
    """A value as the user reads it, to compare what was typed with what is saved."""
    if value is None:
        return ""
    if hasattr(value, "all"):
        value = list(value.all())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(_text(v) for v in value))
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return format(decimal.Decimal(str(value)).normalize(), "f")
    return str(value).strip()


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy(
        "The record changed since you read it (its ETag no longer matches If-Match)."
    )
    default_code = "stale"


def etag(obj) -> str:
    return f'"{obj.version}"'


class VersionedAPIMixin:
    """DRF viewset mixin: ETag on every read of one record, If-Match honoured on writes.
    The viewset passes `self.if_match()` to its service as `version=` and maps
    `StaleVersion` to `PreconditionFailed` (412)."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag(self.get_object())
        return response

    def if_match(self):
        raw = self.request.headers.get("If-Match")
        if raw in (None, "", "*"):
            return None
        version = parse_version(raw.split(",")[0])
        if version is None:
            raise PreconditionFailed()
        return version

    def finalize_response(self, request, response, *args, **kwargs):
        """The new ETag after a write (the viewset keeps the saved record as `saved`)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        saved = getattr(self, "saved", None)
        if saved is not None and response.status_code < 300:
            response["ETag"] = etag(saved)
        return response
