import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

LAST_SEEN = "inovda_last_seen"


class IndonesianByDefaultMiddleware(MiddlewareMixin):
    """Indonesian unless the user picked another language with the switch (its cookie).

    The browser's Accept-Language is ignored: a civil servant whose browser happens to be
    set to English still gets the product in Indonesian by default.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)


class IdleTimeoutMiddleware:
    """Sign a user out after `SESSION_IDLE_SECONDS` without a request (sliding), on top of
    the session's absolute age (`SESSION_COOKIE_AGE`). The last-seen time is written at most
    once a minute, so a busy user does not rewrite the session on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle = getattr(settings, "SESSION_IDLE_SECONDS", 0)
        user = getattr(request, "user", None)
        if idle and user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - seen > idle:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, _("You were signed out after a period of inactivity."))
                    return redirect_to_login(request.get_full_path())
            elif seen is None or now - seen >= 60:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
