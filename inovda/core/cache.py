"""Per-Pemda cached figures: dashboard sections and health computed once per change.

Every figure is stored under a key that holds its Pemda's *version*; `bump(pemda_id)`
moves the version on, so every figure of that Pemda is recomputed on next read (the old
entries expire). `audit.record` bumps the version of the event's Pemda when the service's
transaction commits — every state change records an audit event, so every input of a
cached figure invalidates it. A timeout (`INOVDA["CACHE_SECONDS"]`) bounds what a write
without an event (a bulk health refresh) may leave stale.

    from inovda.core.cache import cached
    data = cached(pemda.pk, ("section", "barriers", org_access.viewer_key(user)), build)

The backend is Django's cache framework: the database cache by default (`manage.py
createcachetable`), Redis when `REDIS_URL` is set (config/settings.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

_MISSING = object()


def _version_key(pemda_id: int) -> str:
    return f"pemda-version:{pemda_id}"


def versions(pemda_ids: list[int]) -> list[int]:
    """The current version of each Pemda (one cache round trip)."""
    found = cache.get_many([_version_key(p) for p in pemda_ids])
    result = []
    for pemda_id in pemda_ids:
        value = found.get(_version_key(pemda_id))
        if value is None:
            value = 1
            cache.add(_version_key(pemda_id), value, timeout=None)
        result.append(value)
    return result


def bump(*pemda_ids: int | None) -> None:
    """Forget every cached figure of these Pemda, once the current transaction commits."""

    def run():
        for pemda_id in {p for p in pemda_ids if p}:
            try:
                cache.incr(_version_key(pemda_id))
            except ValueError:  # never read: nothing cached under it yet
                cache.add(_version_key(pemda_id), 2, timeout=None)

    transaction.on_commit(run)


def cached(pemda_ids: int | Iterable[int], parts: tuple, build: Callable[[], Any]) -> Any:
    """`build()`'s result, computed once per version of the Pemda (and language)."""
    ids = [pemda_ids] if isinstance(pemda_ids, int) else sorted(pemda_ids)
    tag = ".".join(f"{p}v{v}" for p, v in zip(ids, versions(ids), strict=True))
    raw = ":".join([tag, translation.get_language() or "", *map(str, parts)])
    key = f"fig:{hashlib.sha256(raw.encode()).hexdigest()}"  # any length, any characters
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout=settings.INOVDA.get("CACHE_SECONDS", 900))
    return value
