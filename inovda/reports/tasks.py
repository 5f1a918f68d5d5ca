"""Background work: the import runs in the task worker (`manage.py db_worker`); the task
sits next to the service it runs."""

from .services import run_import

__all__ = ["run_import"]
