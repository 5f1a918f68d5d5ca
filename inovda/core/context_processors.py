from django.conf import settings


def inovda(request):
    return {"INOVDA_MAX_UPLOAD_MB": settings.INOVDA_MAX_UPLOAD_MB}
