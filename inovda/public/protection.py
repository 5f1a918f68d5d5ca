"""Bot and abuse resistance for every public form, without third-party calls:

- a honeypot field (`website`) that people never see and bots fill in;
- a time-trap: a signed timestamp issued with the form; a post sent faster than
  FORM_MIN_SECONDS or older than FORM_MAX_AGE_SECONDS is refused;
- a rate limit per client address and form (Django's cache; set a shared cache such as
  Redis or the database cache when several server processes run).

Client addresses are never stored: rate-limit keys and fingerprints are keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import conf

_SALT = "inovda.public.form-time"


def keyed_hash(*parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def daily_fingerprint(request) -> str:
    """One value per client address and user agent per day (no address kept)."""
    return keyed_hash(
        client_address(request),
        request.META.get("HTTP_USER_AGENT", "")[:200],
        timezone.localdate().isoformat(),
    )


def rate_limited(request, scope: str) -> bool:
    """Count this post; True when the address already used up its allowance."""
    key = "public-rl:" + keyed_hash(scope, client_address(request))
    window = conf.get("RATE_WINDOW")
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > conf.get("RATE_LIMIT")


class ProtectedForm(forms.Form):
    """Adds the honeypot and the time-trap; subclasses add their own fields."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    issued = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["issued"] = signing.dumps(time.time(), salt=_SALT)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("This form could not be accepted."), code="honeypot")
        try:
            issued = float(
                signing.loads(
                    data.get("issued") or "",
                    salt=_SALT,
                    max_age=conf.get("FORM_MAX_AGE_SECONDS"),
                )
            )
        except (signing.BadSignature, TypeError, ValueError):
            self._renew()
            raise forms.ValidationError(
                _("The form has expired; please send it again."), code="expired"
            ) from None
        if time.time() - issued < conf.get("FORM_MIN_SECONDS"):
            self._renew()
            raise forms.ValidationError(
                _("That was too fast; please check the form and send it again."), code="too_fast"
            )
        return data

    def _renew(self):
        """A fresh token so the redisplayed form (with what was typed) can be sent again."""
        self.data = self.data.copy()
        self.data["issued"] = signing.dumps(time.time(), salt=_SALT)


def protected_form_post(request, form, scope: str) -> bool:
    """Validate a protected form and apply the rate limit; adds the refusal to the form."""
    if rate_limited(request, scope):
        form.is_valid()
        form.add_error(
            None, _("Too many submissions from your connection; please try again later.")
        )
        return False
    return form.is_valid()
