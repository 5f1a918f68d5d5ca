"""The settings every benchmark runs with: production (DEBUG off, so no query log), plain
HTTP and static files, no login lock-out, no second-factor step. Import and call `apply()`
before django.setup(). Also the two helpers the server-based benchmarks share (a free port,
a signed-in session)."""

import os
import socket

ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
    "AXES_ENABLED": "0",
    # The second factor is asked once per sign-in; the pages measured come after it.
    "INOVDA_REQUIRE_2FA": "0",
    "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files here
}


def apply() -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def check() -> None:
    """After django.setup(): refuse to measure with DEBUG on."""
    from django.conf import settings

    assert not settings.DEBUG, "benchmarks run with production settings (DEBUG off)"


def session_cookie(user) -> str:
    """A session key signed in as `user` (no login form, no second factor)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
