"""Bounded text: every text a user fills has a maximum length that fits its content, so a
form or an API call cannot store megabytes in one field (the request-size limit only
bounds a whole request).

- a `CharField` keeps its `max_length` (names, titles: 120–255);
- a `TextField` gets `limit_for(field)`: its own `max_length` when the model gives one,
  else by what it holds — a note, reason, comment or answer `NOTE` (4,000 characters), the
  chapters of the design (rancang bangun), minutes, reports and rule notes `LONG` (100,000),
  any other description `TEXT` (20,000);
- a form or serializer text field declared without a maximum gets `TEXT`.

`install_forms()` (when `inovda.core.apps` is imported, before any app's admin or forms
module builds a field) and `install_serializers()` (from `CoreConfig.ready()`) apply this to
every model form (the admin's included), every plain form `CharField`, every DRF
`ModelSerializer` and plain serializer `CharField`, without a migration (a `TextField`'s
length is not a database constraint; the model definitions are unchanged). Too long a
text is refused by the field's own validator, with Django's / DRF's message in the user's
language ("Pastikan nilai ini mengandung paling banyak 4000 karakter (sekarang 4194304
karakter)."; "Isi bidang ini tidak boleh melebihi 20000 karakter."), and a form is shown
again with what was typed. The API answers 400 with
that message under the field's name.

A service that takes a free text straight from a one-button action (a reason, a closing
note: no form in between) checks it with `checked_note()`, so no path stores more.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

NOTE = 4_000
TEXT = 20_000
LONG = 100_000

LONG_PREFIXES = ("design_",)
LONG_NAMES = frozenset(
    {
        "activities",
        "agenda",
        "minutes",
        "trial_report",
        "notes",
        "evidence_description",
        "evidence_required",
        "findings",
        "recommendations",
    }
)
NOTE_SUFFIXES = ("note", "reason", "comment", "answer", "tips")


def limit_for(field: models.Field) -> int:
    """The most characters a user may put in this model field."""
    if getattr(field, "max_length", None):
        return field.max_length
    name = field.name or ""
    if name.startswith(LONG_PREFIXES) or name in LONG_NAMES:
        return LONG
    if name.endswith(NOTE_SUFFIXES):
        return NOTE
    return TEXT


def checked_note(text: str, limit: int = NOTE) -> str:
    """`text` stripped, or a ValidationError when it is longer than `limit` characters."""
    text = (text or "").strip()
    if len(text) > limit:
        raise ValidationError(
            _("This text is too long: at most %(limit)s characters (now %(length)s).")
            % {"limit": limit, "length": len(text)}
        )
    return text


_installed: set[str] = set()


def install_forms() -> None:
    """Bound model forms and plain forms (idempotent)."""
    if "forms" in _installed:
        return
    _installed.add("forms")

    text_formfield = models.TextField.formfield

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", limit_for(self))
        return text_formfield(self, **kwargs)

    models.TextField.formfield = formfield

    char_init = forms.CharField.__init__

    def char_field_init(self, *args, max_length=None, **kwargs):
        if max_length is None and not isinstance(self, forms.JSONField):
            max_length = TEXT
        char_init(self, *args, max_length=max_length, **kwargs)

    forms.CharField.__init__ = char_field_init


def install_serializers() -> None:
    """Bound DRF model serializers and plain serializer text fields (idempotent)."""
    if "serializers" in _installed:
        return
    _installed.add("serializers")
    from rest_framework import fields, serializers

    field_kwargs = serializers.get_field_kwargs

    def get_field_kwargs(field_name, model_field):
        kwargs = field_kwargs(field_name, model_field)
        if (
            isinstance(model_field, models.TextField)
            and "max_length" not in kwargs
            and not kwargs.get("read_only")
            and not model_field.choices
        ):
            kwargs["max_length"] = limit_for(model_field)
        return kwargs

    serializers.get_field_kwargs = get_field_kwargs

    drf_char_init = fields.CharField.__init__

    def drf_char_field_init(self, **kwargs):
        if kwargs.get("max_length") is None and not kwargs.get("read_only"):
            kwargs["max_length"] = TEXT
        drf_char_init(self, **kwargs)

    fields.CharField.__init__ = drf_char_field_init
