"""The desk: what waits for each person on the home page, per role, with counts and links.

Every app contributes the work it owns (a verifier's sheets, the unit's barriers, an
operator's reports due, an admin's approvals, ...) by registering a `DeskPanel` from its
`AppConfig.ready()`, as it registers dashboard sections: core draws the desk and never
imports the app.

    from inovda.core.desk import DeskLine, DeskPanel, register

    def _barriers(user):
        if not works_barrier_queue(user):
            return None                      # not this person's desk
        counts = barrier_counts(user)        # your selector: a fixed number of queries
        return [DeskLine(_("Overdue"), counts.overdue, url, tone="danger", urgent=True)]

    register(DeskPanel(key="barriers", title=_("Barriers to work"), build=_barriers))

`build(user)` returns the panel's lines, or None when the panel is not for this user. Its
queries must not grow with the number of records (count with aggregates, list a few with a
LIMIT): the home page is opened by everyone every morning. The desk says "nothing waits"
when no line has work. The desk's total adds the lines that are `counted` (a line that
details another, e.g. the overdue among the open barriers, says `counted=False`). `items`
are a few examples (the oldest, the most overdue) with their own links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DeskItem:
    label: str
    url: str = ""
    note: str = ""  # e.g. "12 days waiting", "overdue since 4 December 2026"
    tone: str = ""  # "danger" for overdue


@dataclass
class DeskLine:
    label: Any
    count: int | str
    url: str = ""
    tone: str = "primary"  # the badge colour: "danger" for overdue, "warning" for due soon
    items: list[DeskItem] = field(default_factory=list)
    figure: bool = False  # a headline number (leadership), not work waiting
    counted: bool = True  # False when it details another line (overdue of open, rows of sheets)

    @property
    def waiting(self) -> bool:
        return not self.figure and bool(self.count)


@dataclass(frozen=True)
class DeskPanel:
    key: str
    title: Any
    build: Callable[[Any], list[DeskLine] | None]
    order: int = 50
    icon: str = "inbox"  # a Bootstrap Icons name


_PANELS: dict[str, DeskPanel] = {}


def register(panel: DeskPanel) -> None:
    """Add (or replace, by key) a desk panel."""
    _PANELS[panel.key] = panel


@dataclass
class BuiltPanel:
    panel: DeskPanel
    lines: list[DeskLine]

    @property
    def waiting(self) -> int:
        return sum(int(line.count) for line in self.lines if line.waiting and line.counted)

    @property
    def figures(self) -> bool:
        return any(line.figure for line in self.lines)


def desk_for(user) -> list[BuiltPanel]:
    """The panels of `user`'s desk, in order (those that apply to the user)."""
    built = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        lines = panel.build(user)
        if lines is not None:
            built.append(BuiltPanel(panel, lines))
    return built


# Who is on an innovation's team: an innovator's desk lists only the innovations they lead
# or work on, and an innovation's hand-overs reach only the innovators on its team
# (`innovations.selectors.handover_people`). The app that keeps the teams registers both
# directions: `source(user)` returning a filter on innovations (a `Q`, evaluated as a
# subquery: no extra query on the desk), and `members(innovation_ids)` returning
# {innovation id: set of user ids} (one query for any number of innovations).

_TEAM_SOURCES: list[Callable[[Any], Any]] = []
_TEAM_MEMBERS: list[Callable[[Any], dict[int, set[int]]]] = []


def team_source(source: Callable[[Any], Any], members=None) -> None:
    if source not in _TEAM_SOURCES:
        _TEAM_SOURCES.append(source)
    if members is not None and members not in _TEAM_MEMBERS:
        _TEAM_MEMBERS.append(members)


def team_members(innovation_ids) -> dict[int, set[int]]:
    """The users on each innovation's team, {innovation id: {user id, ...}} (as registered;
    an innovation with no team is missing)."""
    ids = list(innovation_ids)
    out: dict[int, set[int]] = {}
    if not ids:
        return out
    for members in _TEAM_MEMBERS:
        for innovation_id, user_ids in members(ids).items():
            out.setdefault(innovation_id, set()).update(user_ids)
    return out


def team_q(user):
    """The filter on innovations whose team `user` is on (as registered; none: nothing)."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for source in _TEAM_SOURCES:
        q |= source(user)
    return q
