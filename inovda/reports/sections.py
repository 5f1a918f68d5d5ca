"""The reports app's own dashboard sections: the innovation figures every dashboard opens
with (overview, stage and status, flows, agencies, affairs, themes, basic services, the
province comparison). The registry and its classes are in `inovda.core.sections`; the
other apps register theirs in their own `dashboard.py`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core.sections import Chart, Section, SectionData, Series, Stat, register
from inovda.innovations.models import Innovation
from inovda.organizations import access as org_access

from . import selectors
from .selectors import Scope

# ---------------------------------------------------------------- the built-in sections


def list_url(scope: Scope, **filters) -> str | None:
    """The innovation list showing exactly the innovations behind a figure, for one Pemda:
    a user who reads several (a province's staff) gets the list narrowed to it."""
    if len(scope.pemdas) != 1:
        return None
    superuser = getattr(scope.user, "is_superuser", False)
    readable = org_access.readable_pemda_ids(scope.user)
    if not superuser and scope.pemda.pk not in readable:
        return None
    query = dict(scope.list_query())
    if superuser or readable != {scope.pemda.pk}:  # the list's Pemda filter (filter_pemdas)
        query["pemda"] = str(scope.pemda.pk)
    query |= {k: v for k, v in filters.items() if v not in ("", None)}
    return f"{reverse('innovations:list')}?{urlencode(query)}"


NOT_DRAFTS = gettext_lazy("Drafts are not counted.")
# The list filters that make a chart's link show its bar: the affair chart counts the
# main affair only (the list's `affair` alone means main or overlapping).
LIST_EXTRA = {"affair": {"affair_scope": "main"}}
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
            list_url(scope, **{dimension: r.key}, **LIST_EXTRA.get(dimension, {}))
            if r.key not in ("", None)
            else None
            for r in rows
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
            _("Basic services with a registered innovation"),
            f"{covered} / {len(coverage)}",
            _(
                "Basic-service affairs with at least one registered innovation (main or "
                "overlapping affair). The IID counts only the innovations put forward in its "
                "sheets: see “Basic services in the IID” in the IID section."
            ),
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
                # the list behind a year shows its new innovations (none: no link)
                links=[list_url(scope, year=f.year) if f.year and f.new else None for f in flows],
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
