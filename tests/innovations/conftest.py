import pytest


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings):
    """Tasks (health refresh, e-mails) run at once in these tests."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
