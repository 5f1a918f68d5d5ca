"""Display helpers of the ecosystem pages: money, shares, score and risk-level colours."""

from django import template
from django.utils.translation import gettext_lazy as _

from inovda.core import formats

register = template.Library()

LEVEL_LABELS = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "extreme": _("Extreme"),
}
LEVEL_BADGES = {
    "low": "text-bg-success",
    "medium": "text-bg-warning",
    "high": "text-bg-danger",
    "extreme": "text-bg-dark",
}
LEVEL_CELLS = {
    "low": "bg-success-subtle",
    "medium": "bg-warning-subtle",
    "high": "bg-danger-subtle",
    "extreme": "bg-danger text-white",
}


@register.filter
def rupiah(value) -> str:
    """1234567.5 → 'Rp 1.234.568'; empty → '—' (`inovda.core.formats.money`)."""
    return formats.money(value)


@register.filter
def pct(ratio) -> str:
    """0.4567 → '45,7 %'; None → '—' (`inovda.core.formats.ratio_percent`)."""
    return formats.ratio_percent(ratio)


@register.filter
def score_badge(score) -> str:
    if score is None:
        return "text-bg-light border"
    if score >= 75:
        return "text-bg-success"
    if score >= 50:
        return "text-bg-warning"
    return "text-bg-danger"


@register.filter
def level_label(level) -> str:
    return str(LEVEL_LABELS.get(level, level or "—"))


@register.filter
def level_badge(level) -> str:
    return LEVEL_BADGES.get(level, "text-bg-light border")


@register.filter
def level_cell(level) -> str:
    return LEVEL_CELLS.get(level, "")


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def is_wide(bound_field) -> bool:
    """Text areas take the whole row of a form."""
    from django.forms import Textarea

    return isinstance(bound_field.field.widget, Textarea)


@register.filter
def person(user) -> str:
    """A user's full name, else the username; '—' for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
