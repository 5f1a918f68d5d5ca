from django.conf import settings


def accounts(request):
    return {"SSO_ENABLED": settings.INOVDA_OIDC_ENABLED}
