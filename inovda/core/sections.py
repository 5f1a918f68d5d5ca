"""Dashboard sections: what the dashboards and the annual report are made of.

A section is a function of a scope (whose innovations, which Pemda, agency or theme) that
returns figures, or None when it has nothing to show. Every app registers its own in its
`dashboard.py`, called from its `AppConfig.ready()`; the reports app draws them (charts,
tables, the annual PDF) and never needs to know the app:

    from inovda.core.sections import Chart, Section, SectionData, Series, register

    def _health(scope):
        rows = health_counts(scope.innovations())          # your selector
        if not rows:
            return None
        return SectionData(charts=[Chart(key="health", title=_("Health"),
            label_header=_("Health"), labels=[...], series=[Series(_("Innovations"), [...])],
            explain=_("How it is counted…"))])

    register(Section(key="health", title=_("Health"), build=_health,
                     dashboards={"leadership", "agency", "poverty", "annual"}, order=25))

The scope (built by the reports app) offers `user`, `pemdas`, `pemda`, `agency`, `theme`,
`year` and `innovations()` (the innovations it covers, never more than the user may see).
In a past year's annual report `scope.as_of` is 31 December of that year: a section shows
that day's state (`innovations()` then carries `status_then`, `stage_then`, `health_then`,
from the history; `inovda.core.audit.value_then` rebuilds any audited field), and says in
`note` what it cannot rebuild instead of showing today's figure.
Dashboards: "leadership", "poverty", "agency", "province" (the scope holds the province's
kabupaten/kota) and "annual" (the annual PDF report: charts are drawn as SVG bars there,
or give `pdf_template`). Figures must come from selectors that start from
`scope.innovations()` (or the user's scope in your app) so they never leak rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inovda.core.cache import cached


@dataclass
class Series:
    label: str
    values: list[float]


@dataclass
class Chart:
    """One chart and its table: rows are `labels`, columns are the series."""

    key: str
    title: str
    label_header: str
    labels: list[str]
    series: list[Series]
    explain: str = ""
    kind: str = "bar"  # "bar", "doughnut" or "line"
    horizontal: bool = False
    stacked: bool = False
    links: list[str | None] = field(default_factory=list)  # per row: the records behind it

    @property
    def rows(self) -> list[dict]:
        links = self.links or [None] * len(self.labels)
        return [
            {"label": label, "values": [s.values[i] for s in self.series], "url": links[i]}
            for i, label in enumerate(self.labels)
        ]

    @property
    def bars(self) -> list[dict]:
        """For the PDF's SVG bars: the first series, widths relative to the largest value."""
        values = self.series[0].values if self.series else []
        top = max(values, default=0) or 1
        bars = []
        for i, (label, value) in enumerate(zip(self.labels, values, strict=False)):
            width = round(300 * value / top)
            bars.append(
                {
                    "label": label,
                    "value": value,
                    "y": 12 * i + 2,
                    "ty": 12 * i + 9,
                    "width": width,
                    "vx": 164 + width,
                }
            )
        return bars

    @property
    def bars_height(self) -> int:
        return 12 * len(self.labels) + 4


@dataclass
class Stat:
    label: str
    value: Any
    explain: str = ""
    url: str | None = None


@dataclass
class SectionData:
    charts: list[Chart] = field(default_factory=list)
    stats: list[Stat] = field(default_factory=list)
    template: str = ""  # a custom template instead of charts and stats
    pdf_template: str = ""
    context: dict = field(default_factory=dict)
    # A plain-words caveat shown under the title, e.g. in a past year's annual report what
    # could not be reconstructed as of 31 December (never today's figure shown silently).
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    build: Callable[[Any], SectionData | None]  # build(scope)
    dashboards: frozenset[str] | set[str]
    order: int = 50


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, by key) a dashboard section."""
    _SECTIONS[section.key] = section


def sections_for(dashboard: str, scope) -> list[tuple[Section, SectionData]]:
    """Every section of the dashboard, each cached per Pemda version (inovda.core.cache):
    recomputed after any recorded change in the Pemda, shared by viewers who see alike."""
    built = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if dashboard in section.dashboards:
            data = _built(dashboard, section, scope)
            if data is not None:
                built.append((section, data))
    return built


def section_for(dashboard: str, key: str, scope) -> SectionData | None:
    """One section of a dashboard, the same figures (and cache entry) as the dashboard's:
    e.g. the leadership desk's headline numbers."""
    section = _SECTIONS.get(key)
    if section is None or dashboard not in section.dashboards:
        return None
    return _built(dashboard, section, scope)


def _built(dashboard: str, section: Section, scope) -> SectionData | None:
    filters = sorted({**scope.list_query(), "year": scope.year or ""}.items())
    return cached(
        [p.pk for p in scope.pemdas],
        ("section", dashboard, section.key, scope.viewer_key, filters),
        lambda: section.build(scope),
    )
