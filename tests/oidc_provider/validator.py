from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Every claim of the account, in the ID token and at the userinfo endpoint."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(settings.PROVIDER_USERS[request.user.username]["claims"])
