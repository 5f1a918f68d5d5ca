"""Single sign-on through OpenID Connect (mozilla-django-oidc), for a Pemda's own identity
provider. Accounts are matched by the provider's subject (never by e-mail, which another
provider account could claim); a new account records what its claims ask for — Pemda,
agency, role — and waits for an administrator to approve it (services.sso_enrolment_*)."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import services
from .models import SsoEnrolment


def _username_base(claims: dict) -> str:
    wanted = claims.get("preferred_username") or (claims.get("email") or "").split("@")[0]
    return re.sub(r"[^\w.@+-]", "", wanted.lower())[:100] or "sso"


class PemdaOIDCBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token, id_token, payload):
        if not settings.INOVDA_OIDC_ENABLED or payload.get("iss") != settings.INOVDA_OIDC_ISSUER:
            raise SuspiciousOperation("ID token from an unknown issuer")
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            services.sso_enrolment_sync(
                user=user, issuer=settings.INOVDA_OIDC_ISSUER, claims=self._claims
            )
        return user

    def verify_claims(self, claims):
        self._claims = claims
        return bool(claims.get("sub")) and super().verify_claims(claims)

    def filter_users_by_claims(self, claims):
        return get_user_model().objects.filter(
            sso_enrolment__issuer=settings.INOVDA_OIDC_ISSUER,
            sso_enrolment__subject=claims["sub"],
        )

    def create_user(self, claims):
        User = get_user_model()
        base = _username_base(claims)
        username, n = base, 1
        while User.objects.filter(username=username).exists():  # never take a local account
            n += 1
            username = f"{base}-{n}"
        user = User(username=username)
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.email = (claims.get("email") or "")[:254]
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.save()
        return user


class SsoLoginView(OIDCAuthenticationRequestView):
    def dispatch(self, request, *args, **kwargs):
        if not settings.INOVDA_OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    def dispatch(self, request, *args, **kwargs):
        if not settings.INOVDA_OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def success_url(self):
        enrolment = SsoEnrolment.objects.filter(user=self.user).first()
        if enrolment and enrolment.status == SsoEnrolment.Status.PENDING:
            return reverse("accounts:sso_pending")
        return super().success_url
