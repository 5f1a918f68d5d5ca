"""Extension points, so that each app adds to shared pages without editing them.

- `nav_item(...)`: a link in the main navigation bar (base.html);
- `innovation_panel(...)`: a card on the innovation page (innovations/detail.html).

Apps register in their `AppConfig.ready()`. Order is by `order`, then registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    app_name: str
    order: int = 50
    visible: Callable[[Any], bool] = field(default=lambda user: True)


@dataclass(frozen=True)
class InnovationPanel:
    """`context(request, innovation)` returns the template context, or None to hide."""

    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 50
    column: str = "main"  # "main" (wide, left) or "side" (narrow, right)


_NAV: list[NavItem] = []
_PANELS: list[InnovationPanel] = []


def nav_item(item: NavItem) -> None:
    if item not in _NAV:
        _NAV.append(item)


def innovation_panel(panel: InnovationPanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def nav_for(user) -> list[NavItem]:
    return [i for i in sorted(_NAV, key=lambda i: i.order) if i.visible(user)]


def panels_for(request, innovation) -> list[tuple[InnovationPanel, dict]]:
    rendered = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request, innovation)
        if context is not None:
            rendered.append((panel, context))
    return rendered
