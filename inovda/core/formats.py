"""Numbers, money, percentages and dates as a civil servant writes them, in one place.

In Indonesian (the default language): ``Rp 11.450.000.000``, ``57,5 %``, ``4 Desember
2026``; in English the same helpers give ``Rp 11,450,000,000``, ``57.5%`` and
``4 December 2026``. Pages use the template filters of ``{% load inovda_format %}``
(``number``, ``money``, ``percent``, ``ratio_percent``, ``long_date``); Python code that
writes a figure into a dashboard stat, a message, a PDF or an export header calls these
functions. Never format a figure with an f-string (``f"{x:,.0f}"`` writes English commas).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import get_language

EMPTY = "—"


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value, decimals: int = 0) -> str:
    """11450000000 → '11.450.000.000'; 57.46 with decimals=1 → '57,5'."""
    amount = _decimal(value)
    if amount is None:
        return EMPTY
    step = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(step, rounding=ROUND_HALF_UP)
    return formats.number_format(amount, decimals, use_l10n=True, force_grouping=True)


def figure(value) -> str:
    """A dashboard figure: a count with thousands grouped ('1.234'), a measured value with
    up to two decimals ('46,5'), any text ('6 / 6', a predicate) unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, int):
        return number(value)
    amount = _decimal(value)
    if amount is None:
        return str(value)
    return number(amount, 0 if amount == amount.to_integral_value() else 2)


def money(value) -> str:
    """Rupiah without cents: 11450000000 → 'Rp 11.450.000.000'."""
    text = number(value)
    return EMPTY if text == EMPTY else f"Rp {text}"


def _indonesian() -> bool:
    return (get_language() or "id").split("-")[0] == "id"


def percent(value, decimals: int = 1) -> str:
    """A percentage: 57.46 → '57,5 %' (English: '57.5%')."""
    text = number(value, decimals)
    if text == EMPTY:
        return text
    return f"{text} %" if _indonesian() else f"{text}%"


def ratio_percent(ratio, decimals: int = 1) -> str:
    """A share: 0.5746 → '57,5 %'."""
    amount = _decimal(ratio)
    return EMPTY if amount is None else percent(amount * 100, decimals)


def long_date(value) -> str:
    """4 December 2026 → '4 Desember 2026'; a date-time is read in local time."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return formats.date_format(value, "j F Y")


def long_datetime(value) -> str:
    """'4 Desember 2026 14.30'."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{long_date(value)} {formats.time_format(value, 'H.i' if _indonesian() else 'H:i')}"
