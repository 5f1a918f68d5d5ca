"""Values from a request that must be checked before use: integers bounded (no filter value
can reach the database as a number it cannot store — a 20-digit `?agency=` was an
OverflowError, a server error) and `next` addresses kept on this site (no open redirect)."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

# The largest key any supported database stores in an integer column (PostgreSQL bigint).
MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1


def query_int(raw, default: int | None = None, *, minimum: int = 1, maximum: int = MAX_INT):
    """`raw` as an int within [minimum, maximum], else `default` (never an exception)."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return value if minimum <= value <= maximum else default


def next_url(request, default: str) -> str:
    """The `next` address of the form or query string when it stays on this site, else
    `default`: a link crafted elsewhere cannot send a user on to another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    hosts = {request.get_host()}
    if target and url_has_allowed_host_and_scheme(target, hosts, request.is_secure()):
        return target
    return default
