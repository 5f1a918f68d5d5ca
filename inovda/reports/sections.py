"""Dashboard sections: what the dashboards and the annual report are made of.

A section is a function of a `Scope` (whose innovations, which Pemda, agency or theme)
that returns figures, or None when it has nothing to show. Every app adds its own in its
`AppConfig.ready()`, so the dashboards grow without being edited:

    from inovda.reports.sections import Chart, Section, SectionData, Series, register

    def _health(scope):
        rows = health_counts(scope.innovations())          # your selector
        if not rows:
            return None
        return SectionData(charts=[Chart(key="health", title=_("Health"),
            label_header=_("Health"), labels=[...], series=[Series(_("Innovations"), [...])],
            explain=_("How it is counted…"))])

    register(Section(key="health", title=_("Health"), build=_health,
                     dashboards={"leadership", "agency", "poverty", "annual"}, order=25))

Dashboards: "leadership", "poverty", "agency", "province" (the scope holds the province's
kabupaten/kota) and "annual" (the annual PDF report: charts are drawn as SVG bars there,
or give `pdf_template`). Figures must come from selectors that start from
`scope.innovations()` (or the user's scope in your app) so they never leak rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core.cache import cached, viewer_key
from inovda.innovations.models import Innovation
from inovda.organizations import access as org_access

from . import conf, selectors
from .selectors import Scope


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

    def config(self) -> dict:
        """What static/reports/charts.js draws (the table always lists every row)."""
        limit = conf.get("CHART_MAX_BARS")
        return {
            "type": self.kind,
            "labels": [str(label) for label in self.labels[:limit]],
            "datasets": [{"label": str(s.label), "data": s.values[:limit]} for s in self.series],
            "horizontal": self.horizontal,
            "stacked": self.stacked,
        }

    @property
    def truncated(self) -> bool:
        return len(self.labels) > conf.get("CHART_MAX_BARS")

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


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    build: Callable[[Scope], SectionData | None]
    dashboards: frozenset[str] | set[str]
    order: int = 50


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, by key) a dashboard section."""
    _SECTIONS[section.key] = section


def sections_for(dashboard: str, scope: Scope) -> list[tuple[Section, SectionData]]:
    """Every section of the dashboard, each cached per Pemda version (inovda.core.cache):
    recomputed after any recorded change in the Pemda, shared by viewers who see alike."""
    viewer = viewer_key(scope.user)
    filters = sorted({**scope.list_query(), "year": scope.year or ""}.items())
    built = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if dashboard in section.dashboards:
            data = cached(
                [p.pk for p in scope.pemdas],
                ("section", dashboard, section.key, viewer, filters),
                lambda section=section: section.build(scope),
            )
            if data is not None:
                built.append((section, data))
    return built


# ---------------------------------------------------------------- the built-in sections


def list_url(scope: Scope, **filters) -> str | None:
    """The innovation list showing exactly the innovations behind a figure, when the
    user's list covers this one Pemda (the list has no Pemda filter)."""
    if len(scope.pemdas) != 1:
        return None
    superuser = getattr(scope.user, "is_superuser", False)
    if not superuser and org_access.readable_pemda_ids(scope.user) != {scope.pemda.pk}:
        return None
    query = {**scope.list_query(), **{k: v for k, v in filters.items() if v not in ("", None)}}
    return f"{reverse('innovations:list')}?{urlencode(query)}"


NOT_DRAFTS = gettext_lazy("Drafts are not counted.")
S = Innovation.Status


def dimension_chart(scope: Scope, dimension: str, title, header, explain, **options) -> Chart:
    rows = selectors.counts_by(scope, dimension)
    if dimension in ("agency", "affair", "year"):
        rows = [r for r in rows if r.n]
    return Chart(
        key=dimension,
        title=str(title),
        label_header=str(header),
        labels=[r.label for r in rows],
        series=[Series(_("Innovations"), [r.n for r in rows])],
        links=[
            list_url(scope, **{dimension: r.key}) if r.key not in ("", None) else None for r in rows
        ],
        explain=f"{explain} {NOT_DRAFTS}",
        **options,
    )


def _overview(scope: Scope) -> SectionData:
    statuses = {r.key: r.n for r in selectors.counts_by(scope, "status")}
    coverage = selectors.basic_service_coverage(scope)
    covered = sum(1 for c in coverage if c.n)
    stats = [
        Stat(
            _("Innovations"),
            selectors.total(scope),
            _("Every innovation that is not a draft."),
            list_url(scope),
        ),
        *(
            Stat(
                Innovation.Status(status).label,
                statuses.get(status, 0),
                _("Status “%(status)s”.") % {"status": Innovation.Status(status).label},
                list_url(scope, status=status),
            )
            for status in (S.IMPLEMENTED, S.TRIAL, S.DISCONTINUED)
        ),
        Stat(
            _("Basic services covered"),
            f"{covered} / {len(coverage)}",
            _("Basic-service affairs with at least one innovation (main or overlapping affair)."),
        ),
    ]
    if scope.year:
        new = scope.innovations().filter(year=scope.year).count()
        stats.insert(
            1, Stat(_("New in %(year)d") % {"year": scope.year}, new, _("Year initiated."))
        )
    return SectionData(stats=stats)


def _stage(scope):
    return SectionData(
        charts=[
            dimension_chart(
                scope,
                "stage",
                _("By stage"),
                _("Stage"),
                _("Innovations by current stage."),
                kind="doughnut",
            ),
            dimension_chart(
                scope,
                "status",
                _("By status"),
                _("Status"),
                _("Innovations by current status in the lifecycle."),
                horizontal=True,
            ),
        ]
    )


def _agency(scope):
    chart = dimension_chart(
        scope,
        "agency",
        _("By agency"),
        _("Agency"),
        _("Innovations per agency, most first."),
        horizontal=True,
    )
    return SectionData(charts=[chart]) if chart.labels else None


def _affair_form(scope):
    return SectionData(
        charts=[
            dimension_chart(
                scope,
                "affair",
                _("By main government affair"),
                _("Government affair"),
                _("Innovations per main government affair (UU 23/2014)."),
                horizontal=True,
            ),
            dimension_chart(
                scope,
                "form",
                _("By form"),
                _("Form"),
                _("Innovations by form (PP 38/2017)."),
                kind="doughnut",
            ),
        ]
    )


def _theme_year(scope):
    charts = [
        dimension_chart(
            scope,
            "year",
            _("By year initiated"),
            _("Year"),
            _("Innovations by the year they were initiated."),
        )
    ]
    if scope.theme is None:
        charts.insert(
            0,
            dimension_chart(
                scope,
                "theme",
                _("By theme"),
                _("Theme"),
                _("Innovations per thematic tag; an innovation with two themes counts in both."),
                horizontal=True,
            ),
        )
    return SectionData(charts=charts)


def _flow(scope):
    flows = selectors.new_vs_discontinued(scope)
    if not flows:
        return None
    labels = [str(f.year) if f.year else _("Year unknown") for f in flows]
    return SectionData(
        charts=[
            Chart(
                key="flow",
                title=_("New and discontinued per year"),
                label_header=_("Year"),
                labels=labels,
                series=[
                    Series(_("New"), [f.new for f in flows]),
                    Series(_("Discontinued"), [f.discontinued for f in flows]),
                ],
                links=[list_url(scope, year=f.year) if f.year else None for f in flows],
                explain=str(
                    _(
                        "New: innovations by the year they were initiated. Discontinued: the "
                        "year their status was set to discontinued in Inovda; discontinued "
                        "innovations recorded without that step count under “Year unknown”."
                    )
                )
                + f" {NOT_DRAFTS}",
            )
        ]
    )


def _basic_services(scope):
    coverage = selectors.basic_service_coverage(scope)
    return SectionData(
        charts=[
            Chart(
                key="basic",
                title=_("Basic-service coverage"),
                label_header=_("Basic-service affair"),
                labels=[f"{c.affair.code} {c.affair.name}" for c in coverage],
                series=[Series(_("Innovations"), [c.n for c in coverage])],
                links=[list_url(scope, affair=c.affair.pk) for c in coverage],
                horizontal=True,
                explain=str(
                    _(
                        "Innovations whose main or overlapping affair is one of the basic-service "
                        "affairs (wajib pelayanan dasar). An affair with none is not covered."
                    )
                )
                + f" {NOT_DRAFTS}",
            )
        ]
    )


def _province(scope):
    rows = selectors.province_comparison(scope)
    stages = Innovation.Stage.choices
    return SectionData(
        charts=[
            Chart(
                key="province",
                title=_("Innovations by stage, per kabupaten/kota"),
                label_header=_("Pemda"),
                labels=[r.pemda.name for r in rows],
                series=[
                    Series(str(label), [r.by_stage.get(value, 0) for r in rows])
                    for value, label in stages
                ],
                links=[f"{reverse('reports:leadership')}?pemda={r.pemda.pk}" for r in rows],
                horizontal=True,
                stacked=True,
                explain=str(_("Each kabupaten/kota counted like its own dashboard."))
                + f" {NOT_DRAFTS}",
            )
        ],
        template="reports/_province_table.html",
        context={"rows": rows, "stages": stages},
    )


BUILT_IN = [
    Section(
        "overview",
        gettext_lazy("Overview"),
        _overview,
        {"leadership", "poverty", "agency", "annual"},
        10,
    ),
    Section(
        "stage",
        gettext_lazy("Stage and status"),
        _stage,
        {"leadership", "poverty", "agency", "annual"},
        20,
    ),
    Section(
        "flow",
        gettext_lazy("New and discontinued"),
        _flow,
        {"leadership", "poverty", "agency", "annual"},
        30,
    ),
    Section("agency", gettext_lazy("Agencies"), _agency, {"leadership", "poverty"}, 40),
    Section(
        "affair",
        gettext_lazy("Affairs and forms"),
        _affair_form,
        {"leadership", "poverty", "agency", "annual"},
        50,
    ),
    Section(
        "theme",
        gettext_lazy("Themes and years"),
        _theme_year,
        {"leadership", "poverty", "agency"},
        60,
    ),
    Section("basic", gettext_lazy("Basic services"), _basic_services, {"leadership", "annual"}, 70),
    Section("province", gettext_lazy("Kabupaten/kota side by side"), _province, {"province"}, 10),
]


def register_built_in() -> None:
    for section in BUILT_IN:
        register(section)
