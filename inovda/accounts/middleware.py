"""Pemda admins and system administrators do nothing until their session has passed a TOTP
code (django-otp's `is_verified()`): pages redirect to the enrolment or verification page,
the API answers 403."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .services import needs_second_factor

ALLOWED_PREFIXES = ("/accounts/", "/logout/", "/static/", "/i18n/", "/healthz")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not user.is_verified()
            and needs_second_factor(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Sign in with your second factor (TOTP) first.")}, status=403
                )
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
