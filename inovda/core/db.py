"""Reads that may come from a PostgreSQL read replica (`DATABASE_REPLICA_URL`).

Dashboards and exports read a lot and write nothing; a view decorated with
`@reads_from_replica` sends its reads to the replica, every other read and every write
stay on the primary (so a user always sees their own writes elsewhere). Without a
replica configured the decorator does nothing.

    DATABASE_REPLICA_URL=postgres://inovda:…@replica/inovda
"""

from __future__ import annotations

import contextvars
import functools

from django.conf import settings

_REPLICA = contextvars.ContextVar("inovda_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _REPLICA.get() and "replica" in settings.DATABASES:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = _REPLICA.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _REPLICA.reset(token)

    return wrapper
