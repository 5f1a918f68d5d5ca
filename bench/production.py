"""The settings every benchmark runs with: production (DEBUG off, so no query log), plain
HTTP and static files, no login lock-out. Import and call `apply()` before django.setup()."""

import os

ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
    "AXES_ENABLED": "0",
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
