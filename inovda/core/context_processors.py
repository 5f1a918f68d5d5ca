from django.conf import settings

from .extensions import nav_end_for, nav_for, nav_tree


def inovda(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    items = nav_for(user) if signed_in else []  # each item's visibility checked once
    return {
        "INOVDA_MAX_UPLOAD_MB": settings.INOVDA_MAX_UPLOAD_MB,
        "nav_entries": nav_tree(user, request.path, _app_name(request), items) if signed_in else [],
        "nav_end_items": nav_end_for(user, items) if signed_in else [],
    }


def _app_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.app_name if match else None
