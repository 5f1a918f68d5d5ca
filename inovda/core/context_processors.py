from django.conf import settings

from .extensions import nav_end_for, nav_for


def inovda(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "INOVDA_MAX_UPLOAD_MB": settings.INOVDA_MAX_UPLOAD_MB,
        "nav_items": [i for i in nav_for(user) if not i.end] if signed_in else [],
        "nav_end_items": nav_end_for(user) if signed_in else [],
    }
