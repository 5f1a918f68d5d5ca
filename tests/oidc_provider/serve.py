"""python -m tests.oidc_provider.serve PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI

Migrates its own SQLite database, creates the accounts of OIDC_PROVIDER_USERS and one
confidential client, then serves on 127.0.0.1:PORT until killed."""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"


def main() -> None:
    port, client_id, client_secret, redirect_uri = sys.argv[1:5]
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, account in settings.PROVIDER_USERS.items():
        get_user_model().objects.create_user(username, password=account["password"])
    Application.objects.create(
        name="Inovda",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        skip_authorization=True,
        algorithm=Application.RS256_ALGORITHM,
    )
    run("127.0.0.1", int(port), WSGIHandler(), ipv6=False, threading=True)


if __name__ == "__main__":
    main()
