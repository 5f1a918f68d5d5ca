"""Extension points, so that each app adds to shared pages without editing them.

- `nav_item(...)`: a link in the main navigation bar (base.html);
- `innovation_panel(...)`: a card on the innovation page (innovations/detail.html);
- `home_panel(...)`: a block of the home page (core/home.html), in order; each app shows
  what it owns there (the user's roles, their innovations and work, ...);
- `agency_figures(...)`: per-agency counts on the agency list (organizations), e.g. the
  innovations of each agency: `figures(user) -> {agency_id: {"total": n, ...}}`.

A `NavItem` with `end=True` is drawn at the right of the bar, next to the user's name,
as an icon with an optional counter badge: `badge(user)` returns a number (0 hides it),
e.g. the unread notifications. Items that share a `menu` label are gathered in one
drop-down at the place of the first of them, so the bar stays on one line. Exactly one
item is highlighted: the one whose address is the longest start of the current page's
(the home page only on itself), else the first of the page's app.

Apps register in their `AppConfig.ready()`. Order is by `order`, then registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    app_name: str
    order: int = 50
    visible: Callable[[Any], bool] = field(default=lambda user: True)
    icon: str = ""  # a Bootstrap Icons name, e.g. "bell"
    end: bool = False  # right-hand side of the bar
    badge: Callable[[Any], int] | None = None
    menu: Any = ""  # a lazy translation: the drop-down this item belongs to


@dataclass(frozen=True)
class InnovationPanel:
    """`context(request, innovation)` returns the template context, or None to hide."""

    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 50
    column: str = "main"  # "main" (wide, left) or "side" (narrow, right)
    lazy: bool = False  # drawn by htmx after the page: its queries do not delay the page


@dataclass(frozen=True)
class HomePanel:
    """`context(request)` returns the template context, or None to hide the block."""

    template: str
    context: Callable[[Any], dict | None]
    order: int = 50


_NAV: list[NavItem] = []
_PANELS: list[InnovationPanel] = []
_HOME: list[HomePanel] = []
_AGENCY_FIGURES: list[Callable[[Any], dict[int, dict[str, int]]]] = []


def nav_item(item: NavItem) -> None:
    if item not in _NAV:
        _NAV.append(item)


def innovation_panel(panel: InnovationPanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def home_panel(panel: HomePanel) -> None:
    if panel not in _HOME:
        _HOME.append(panel)


def nav_for(user) -> list[NavItem]:
    return [i for i in sorted(_NAV, key=lambda i: i.order) if i.visible(user)]


@dataclass
class NavEntry:
    label: Any
    url: str = ""
    active: bool = False
    children: list[NavEntry] = field(default_factory=list)


def nav_tree(user, path: str, app_name: str | None, visible=None) -> list[NavEntry]:
    """The bar's left-hand entries for `user` on the page at `path`, drop-downs built and
    one item marked active (a drop-down is active when one of its items is); `visible`:
    nav_for(user) when the caller has it already (each visibility checked once a page)."""
    items = [i for i in (nav_for(user) if visible is None else visible) if not i.end]
    urls = {i: reverse(i.url_name) for i in items}
    matching = [
        i for i in items if urls[i] == path or (urls[i] != "/" and path.startswith(urls[i]))
    ]
    if matching:
        active = max(matching, key=lambda i: len(urls[i]))
    else:
        active = next((i for i in items if app_name and i.app_name == app_name), None)
    entries: list[NavEntry] = []
    menus: dict[str, NavEntry] = {}
    for item in items:
        entry = NavEntry(label=item.label, url=urls[item], active=item is active)
        if not item.menu:
            entries.append(entry)
            continue
        key = str(item.menu)
        if key not in menus:
            menus[key] = NavEntry(label=item.menu)
            entries.append(menus[key])
        menus[key].children.append(entry)
        menus[key].active |= entry.active
    return entries


def nav_end_for(user, items: list[NavItem] | None = None) -> list[tuple[NavItem, int]]:
    """Right-hand items with their badge counts (of `items`, the visible ones, if given)."""
    items = nav_for(user) if items is None else items
    return [(i, i.badge(user) if i.badge else 0) for i in items if i.end]


def panels_for(request, innovation, lazy_url=None) -> list[tuple[InnovationPanel, dict]]:
    """The cards of the innovation page; a lazy card is a placeholder whose content is
    fetched from `lazy_url(panel)` (see `lazy_panel`) when the page has loaded."""
    rendered = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        if panel.lazy and lazy_url is not None:
            rendered.append((panel, {"lazy_url": lazy_url(panel)}))
            continue
        context = panel.context(request, innovation)
        if context is not None:
            rendered.append((panel, context))
    return rendered


def lazy_panel(template: str) -> InnovationPanel | None:
    """The registered lazy card drawn by `template` (never an arbitrary template)."""
    return next((p for p in _PANELS if p.lazy and p.template == template), None)


def home_panels_for(request) -> list[tuple[HomePanel, dict]]:
    rendered = []
    for panel in sorted(_HOME, key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            rendered.append((panel, context))
    return rendered


def agency_figures(figures: Callable[[Any], dict[int, dict[str, int]]]) -> None:
    if figures not in _AGENCY_FIGURES:
        _AGENCY_FIGURES.append(figures)


def agency_figures_for(user) -> dict[int, dict[str, int]]:
    """Every registered figure per agency id, merged (only what the user may see)."""
    merged: dict[int, dict[str, int]] = {}
    for figures in _AGENCY_FIGURES:
        for agency_id, values in figures(user).items():
            merged.setdefault(agency_id, {}).update(values)
    return merged
