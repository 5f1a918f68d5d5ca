import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

_clock = time.time  # the rate limits' clock (tests hold it still)


class IndonesianByDefaultMiddleware(MiddlewareMixin):
    """Indonesian unless the user picked another language with the switch (its cookie).

    The browser's Accept-Language is ignored: a civil servant whose browser happens to be
    set to English still gets the product in Indonesian by default.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def _refusal(request, status: int, title: str, message: str, headers=None):
    from django.http import JsonResponse
    from django.template.response import TemplateResponse

    if _wants_json(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = TemplateResponse(
            request, "refused.html", {"title": title, "message": message}, status=status
        )
        response.render()
    for key, value in (headers or {}).items():
        response[key] = value
    return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than INOVDA_MAX_REQUEST_BYTES (the upload limit plus room
    for the form) from its Content-Length, before anything reads or parses it (413)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils.translation import gettext as _

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.INOVDA_MAX_REQUEST_BYTES
        if length > limit:
            return _refusal(
                request,
                413,
                _("Too large"),
                _(
                    "The data sent is too large (%(size)s MB); the limit is %(limit)s MB. "
                    "Nothing was saved. Go back: your browser still has what you typed; "
                    "attach a smaller file or shorten the text."
                )
                % {"size": round(length / 1024 / 1024, 1), "limit": limit // 1024 // 1024},
            )
        return self.get_response(request)


class RateLimitMiddleware:
    """Per-user limits on the expensive pages (search, exports, PDF), counted in the cache:
    INOVDA_RATE_LIMITS = {scope: (requests per minute, [URL names])}; over it, 429 with
    Retry-After and a message in the user's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.conf import settings
        from django.core.cache import cache
        from django.utils.translation import gettext as _

        match = request.resolver_match
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        for scope, (per_minute, names) in settings.INOVDA_RATE_LIMITS.items():
            if name not in names:
                continue
            user = getattr(request, "user", None)
            who = (
                f"u{user.pk}"
                if user is not None and user.is_authenticated
                else f"a{request.META.get('REMOTE_ADDR', '')}"
            )
            now = _clock()
            key = f"ratelimit:{scope}:{who}:{int(now // 60)}"
            cache.add(key, 0, 90)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                count = 1
            if count > per_minute:
                wait = 60 - int(now % 60)
                return _refusal(
                    request,
                    429,
                    _("Too many requests"),
                    _(
                        "You made too many requests of this kind (at most %(limit)d a minute). "
                        "Please try again in %(wait)d seconds."
                    )
                    % {"limit": per_minute, "wait": wait},
                    {"Retry-After": str(wait)},
                )
        return None


LAST_SEEN = "inovda_last_seen"


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


class FriendlyErrorsMiddleware:
    """Inovda's own 404 and 500 pages also in development (`make run` runs with DEBUG):
    a person who opens a record outside their scope, or a page that fails, never sees
    Django's debug page with its settings and traceback. Developers who want the debug
    pages set INOVDA_DEBUG_PAGES=1. (403 is Inovda's page in every mode; without DEBUG
    the handlers in config/urls.py answer.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not getattr(settings, "INOVDA_DEBUG_PAGES", False)

    def __call__(self, request):
        response = self.get_response(request)
        if (
            self._active()
            and response.status_code == 404
            and not getattr(response, "inovda_page", False)
            and response.get("Content-Type", "").startswith("text/html")
            and b"Using the URLconf defined in" in getattr(response, "content", b"")
        ):
            # an address no URL matches: Django answered with its debug page
            return self._not_found(request, None)
        return response

    def _not_found(self, request, exception):
        from .views import not_found

        response = not_found(request, exception)
        response.inovda_page = True
        return response

    def process_exception(self, request, exception):
        from django.http import Http404

        if not self._active():
            return None
        if isinstance(exception, Http404):
            return self._not_found(request, exception)
        from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation

        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with Inovda's pages in every mode
        import logging

        from django.views.defaults import server_error

        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception
        )
        response = server_error(request)
        response.inovda_page = True
        return response
