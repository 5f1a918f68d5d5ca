"""Integers from a query string, bounded: no filter value can reach the database as a
number it cannot store (a 20-digit `?agency=` was an OverflowError, a server error)."""

from __future__ import annotations

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
