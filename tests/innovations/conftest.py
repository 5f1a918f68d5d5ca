import pytest


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings):
    """Tasks (health refresh, e-mails) run at once in these tests; passwords hash fast."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
