from django.conf import settings

from .extensions import nav_for


def inovda(request):
    user = getattr(request, "user", None)
    return {
        "INOVDA_MAX_UPLOAD_MB": settings.INOVDA_MAX_UPLOAD_MB,
        "nav_items": nav_for(user) if user is not None and user.is_authenticated else [],
    }
