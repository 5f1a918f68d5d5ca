from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .services import needs_second_factor


class BasicAuthentication(authentication.BasicAuthentication):
    """API Basic auth, except for accounts that need a second factor: a password alone
    must not open an administrator's account (they use a verified session)."""

    def authenticate_credentials(self, userid, password, request=None):
        user, auth = super().authenticate_credentials(userid, password, request)
        if needs_second_factor(user):
            raise exceptions.AuthenticationFailed(
                _("This account signs in with a second factor: use the API from a session.")
            )
        return user, auth
